import type { StageDB } from '../../kinds/stage/api.js';
import { KeyScope } from './assign-keys.js';

/**
 * A project's Protect stages as manifest entries: name, description, type and paused as they are live, no
 * rulesets (Galileo does not read them back; a stage without `rulesets` has them left alone), `adopt: true`.
 */
export function stageEntries(stages: readonly StageDB[], project: string, warnings: string[]): Record<string, Record<string, unknown>> {
  const scope = new KeyScope('stage');
  const out: Record<string, Record<string, unknown>> = {};
  for (const s of stages) {
    const key = scope.key(s.name);
    out[key] = {
      ...(key === s.name ? {} : { name: s.name }),
      ...(s.description == null || s.description === '' ? {} : { description: s.description }),
      ...(s.type === 'central' ? { type: 'central' } : {}),
      ...(s.paused === true ? { paused: true } : {}),
      adopt: true,
    };
    warnings.push(`stage "${s.name}" in project "${project}": Galileo does not read rulesets back, so it is exported without them (galctl leaves them alone until you declare them)`);
  }
  return out;
}
