import type { ScorerOverride } from './desired-types.js';

/**
 * A run's override of a scorer: each `ScorerOverride` field → its manifest name (`scorer_overrides.<ref>.<name>`),
 * which plan field paths and export use too.
 */
export const OVERRIDE_FIELDS: Readonly<Record<keyof ScorerOverride, string>> = {
  version: 'version',
  model: 'model',
  judges: 'judges',
  chainOfThought: 'chain_of_thought',
};

/** The override's fields under their manifest names (export writes them so). */
export function overrideManifestFields(o: ScorerOverride): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [f, name] of Object.entries(OVERRIDE_FIELDS) as [keyof ScorerOverride, string][]) if (o[f] !== undefined) out[name] = o[f];
  return out;
}

/** Manifest fields (`chain_of_thought`, …) → the override (build-desired reads them so). */
export function overrideFromManifest(fields: Readonly<Record<string, unknown>>): ScorerOverride {
  const out: Record<string, unknown> = {};
  for (const [f, name] of Object.entries(OVERRIDE_FIELDS)) if (fields[name] !== undefined) out[f] = fields[name];
  return out as ScorerOverride;
}
