import type { ClassifyContext, Classified } from '../../core/classify-base.js';
import { classifyByDiff } from '../../core/classify-base.js';
import type { DiffStateOptions } from '../../core/diff-state.js';
import type { DesiredStepOf } from '../../core/kind-map.js';
import type { LiveResource } from '../../core/plan-types.js';
import { newestMatch } from './versions.js';

/**
 * A changed template either selects the newest older version that says what the manifest says (`update`: a
 * rollback or a promotion of a version made earlier) or adds a version and selects it (`new-version`). Either way
 * the plan shows `selected_version` moving: the promotion step is reviewed like any other change.
 */
export function classifyGlobalTemplate(
  step: DesiredStepOf<'global_template'>,
  live: LiveResource | undefined,
  diff: DiffStateOptions,
  base: Classified,
  _ctx?: ClassifyContext,
): Classified {
  const c = classifyByDiff(step.state, live, diff, base);
  if (live === undefined || c.action === 'no-op') return c;
  const versions = live.refs?.versions ?? [];
  const match = newestMatch(step.state, versions);
  const before = 'selectedVersion' in live.state ? live.state.selectedVersion : null;
  const after = match?.version ?? Math.max(0, ...versions.map((v) => v.version)) + 1;
  return { ...c, action: match === undefined ? 'new-version' : 'update', fields: [...c.fields, { path: 'selected_version', before, after }] };
}
