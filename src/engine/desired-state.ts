import type { Desired, DesiredResource } from '../core/desired-types.js';
import { indexDesired } from '../core/desired-index.js';
import type { DesiredStep, KindMap, StepKind } from '../core/kind-map.js';
import type { DesiredContext } from '../kinds/kind-descriptor.js';
import { kindOf } from '../kinds/registry.js';
import { mapInSlices } from '../core/map-in-slices.js';

/** One resource's steps, by its kind's descriptor. */
function stepsOf<K extends StepKind>(r: KindMap[K]['resource'] & { kind: K }, ctx: DesiredContext): DesiredStep[] {
  return kindOf<K>(r.kind).desiredSteps?.(r, ctx) ?? [];
}

/**
 * The manifest's resources as canonical states, plus each run's sub-steps: `<run>.scorers` (sorted
 * `<scorer_type>:<remote name>` keys) and, when it has a trace file, `<run>.traces`. Fields the manifest leaves
 * unset stay `undefined` (unmanaged). `presets` (preset name → id), when given, is checked for every preset used.
 */
export function desiredSteps(desired: Desired, presets?: Record<string, string>): DesiredStep[] {
  const ctx = contextOf(desired, presets);
  return desired.resources.flatMap((r: DesiredResource) => stepsOf(r, ctx));
}

/** desiredSteps in slices (mapInSlices): made while the live read is in flight, its answers are handled in between. */
export async function desiredStepsInSlices(desired: Desired, presets?: Record<string, string>): Promise<DesiredStep[]> {
  const ctx = contextOf(desired, presets);
  return (await mapInSlices(desired.resources, (r: DesiredResource) => stepsOf(r, ctx))).flat();
}

function contextOf(desired: Desired, presets: Record<string, string> | undefined): DesiredContext {
  const index = indexDesired(desired);
  return { index, file: desired.file, projectName: (key) => index.projects.get(key)?.name ?? key, ...(presets === undefined ? {} : { presets }) };
}
