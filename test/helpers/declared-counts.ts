import { KIND_LIST } from '../../src/kinds/registry.js';

/** A manifest's resource counts as galctl reports them: every declarable kind, 0 unless given. */
export const declaredCounts = (nonZero: Record<string, number>): Record<string, number> => ({
  ...Object.fromEntries(KIND_LIST.flatMap((k) => (k.manifestKey === undefined ? [] : [[k.id, 0]]))),
  ...nonZero,
});
