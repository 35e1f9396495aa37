import { GalctlError } from '../core/errors.js';
import type { DesiredStep, DesiredStepOf, StepKind } from '../core/kind-map.js';
import { kindOf } from '../kinds/registry.js';
import type { LiveResource } from '../core/plan-types.js';

/** How a message names the object of a step (`llm scorer`, `log stream`), by its kind's descriptor. */
function whatOf<K extends StepKind>(step: DesiredStepOf<K>): string {
  const kind = kindOf<K>(step.kind);
  return kind.describe?.(step.resource) ?? kind.label;
}

/** `galileo.yaml:12:5: scorer.x: an llm scorer named "x" exists in Galileo but galctl did not create it`, one per step. */
export function unadoptedSteps(steps: readonly DesiredStep[], live: Readonly<Record<string, LiveResource>>): string[] {
  const lines: string[] = [];
  for (const step of steps) {
    if (kindOf(step.kind).scope === 'run') continue;
    const found = live[step.address];
    if (found === undefined || found.owned !== false) continue;
    // another stack's object is never changed, adopt: true or not
    if (step.resource.adopt && found.ownerStack === undefined) continue;
    const r = step.resource;
    const what = whatOf(step);
    const where = step.project === undefined ? '' : ` in project "${step.project}"`;
    const who = found.ownerStack === undefined ? 'galctl did not create it' : `it belongs to stack "${found.ownerStack}", which this manifest never changes`;
    lines.push(`${r.loc.file}:${r.loc.line}:${r.loc.col}: ${step.address}: a ${what} named "${step.name}"${where} exists in Galileo but ${who}`);
  }
  return lines;
}

/**
 * Refuses to take over silently: a declared resource whose same-named live object carries no galctl ownership
 * marker, and that the manifest does not mark `adopt: true`, is an error naming every such resource.
 */
export function checkAdoption(steps: readonly DesiredStep[], live: Readonly<Record<string, LiveResource>>): void {
  const lines = unadoptedSteps(steps, live);
  if (lines.length === 0) return;
  const n = lines.length;
  throw new GalctlError(
    'not-owned',
    `${n} resource${n === 1 ? '' : 's'} in the manifest already exist${n === 1 ? 's' : ''} in Galileo, made outside galctl:\n  ${lines.join('\n  ')}`,
    {
      hint: lines.some((l) => l.includes('belongs to stack'))
        ? 'give it another name in this manifest: an object of another stack is never adopted'
        : 'add adopt: true to manage it, or run galctl export to write a manifest for what exists',
    },
  );
}
