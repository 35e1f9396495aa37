import { stableStringify } from '../../core/content-hash.js';
import type { ScorerOverride } from '../../core/desired-types.js';
import type { FieldChange, ScorerSettingsState } from '../../core/plan-types.js';
import { OVERRIDE_FIELDS } from '../../core/scorer-override-fields.js';

/**
 * The run scorer settings beyond the list that differ: per scorer of the desired list, each override field
 * (`llm:response-quality.model`), and the run's `sampling`. Only what the desired state manages is compared
 * (overrides and sampling absent: unmanaged); `have` undefined is a run without settings (a new run).
 */
export function settingsFields(want: ScorerSettingsState, have: ScorerSettingsState | undefined): FieldChange[] {
  const fields: FieldChange[] = [];
  if (want.overrides !== undefined) {
    for (const key of want.scorers) {
      const w = want.overrides[key] ?? {};
      const h = have?.overrides?.[key] ?? {};
      for (const [f, label] of Object.entries(OVERRIDE_FIELDS) as [keyof ScorerOverride, string][]) {
        if (w[f] === h[f]) continue;
        fields.push({ path: `${key}.${label}`, ...(h[f] === undefined ? {} : { before: h[f] }), ...(w[f] === undefined ? {} : { after: w[f] }) });
      }
    }
  }
  if (want.sampling !== undefined) {
    const before = have?.sampling ?? [];
    if (stableStringify(before) !== stableStringify(want.sampling)) fields.push({ path: 'sampling', before, after: want.sampling });
  }
  return fields;
}
