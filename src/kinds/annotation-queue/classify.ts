import type { Classified } from '../../core/classify-base.js';
import { classifyByDiff } from '../../core/classify-base.js';
import type { DiffStateOptions } from '../../core/diff-state.js';
import type { DesiredStepOf } from '../../core/kind-map.js';
import type { LiveResource } from '../../core/plan-types.js';
import { needsReplace } from './canonical.js';

/**
 * An update of the queue; a rubric whose constraints (or include_explanation) changed cannot be patched, so the
 * plan says it is replaced: deleted and created again (ratings given with the old one stay with it).
 */
export function classifyAnnotationQueue(
  step: DesiredStepOf<'annotation_queue'>,
  live: LiveResource | undefined,
  diff: DiffStateOptions,
  base: Classified,
): Classified {
  const c = classifyByDiff(step.state, live, diff, base);
  if (live === undefined || c.action === 'no-op' || !('templates' in live.state)) return c;
  const liveTemplates = live.state.templates;
  const replaced = Object.entries(step.state.templates).filter(([name, want]) => liveTemplates[name] !== undefined && needsReplace(want, liveTemplates[name]));
  if (replaced.length === 0) return c;
  const names = replaced.map(([name]) => `"${name}"`).join(', ');
  return {
    ...c,
    reason: `template${replaced.length === 1 ? '' : 's'} ${names} replaced (deleted and created again): Galileo cannot patch a rubric's constraints`,
  };
}
