import type { QueueTemplate } from './api.js';
import type { QueueTemplateState } from './types.js';

/** A rubric as the plan compares it: constraints without null fields, `include_explanation` only when true. */
export function canonicalQueueTemplate(t: {
  criteria?: string | null;
  constraints?: Record<string, unknown> | null;
  include_explanation?: boolean | null;
}): QueueTemplateState {
  const constraints = Object.fromEntries(Object.entries(t.constraints ?? {}).filter(([, v]) => v !== null && v !== undefined));
  return { criteria: t.criteria ?? null, constraints, ...(t.include_explanation === true ? { include_explanation: true } : {}) };
}

/** A queue's templates by name, canonical. */
export const templatesByName = (ts: readonly QueueTemplate[] | undefined): Record<string, QueueTemplateState> =>
  Object.fromEntries((ts ?? []).map((t) => [t.name, canonicalQueueTemplate(t)]));

/** Whether a live rubric must be deleted and created again to become the declared one (only name and criteria patch). */
export const needsReplace = (want: QueueTemplateState, live: QueueTemplateState): boolean =>
  JSON.stringify(sortKeys(want.constraints)) !== JSON.stringify(sortKeys(live.constraints)) || want.include_explanation !== live.include_explanation;

const sortKeys = (o: Record<string, unknown>): [string, unknown][] => Object.entries(o).sort(([a], [b]) => (a < b ? -1 : 1));
