import { guardedReplace, withoutName, type Classified } from '../../core/classify-base.js';
import { diffState, type DiffStateOptions } from '../../core/diff-state.js';
import type { DesiredStepOf } from '../../core/kind-map.js';
import type { FieldChange, LiveResource, PlanChange } from '../../core/plan-types.js';
import type { PlannedSoFar } from '../kind-descriptor.js';

/** An experiment's fixed inputs by name; the version pins are shown by pinnedVersions, not compared. */
export const EXPERIMENT_DIFF: DiffStateOptions = { ignore: ['datasetVersionIndex', 'templateVersion'], unknownWhenAbsent: ['dataset', 'template'] };

const quote = (v: string | null): string => (v === null ? 'none' : `"${v}"`);

/** Whether a new run starts generation and scoring at once (`trigger`): shown on every create and replace. */
const triggerField = (step: DesiredStepOf<'experiment'>): FieldChange => ({ path: 'trigger', after: step.resource.trigger });

/** experiment: its inputs are fixed at creation, so any difference is a (guarded) replace. */
export function classifyExperiment(step: DesiredStepOf<'experiment'>, live: LiveResource | undefined, base: Classified): Classified {
  if (live === undefined) return { ...base, action: 'create', fields: [...diffState(step.state, undefined, EXPERIMENT_DIFF), triggerField(step)] };
  const fields = withoutName(diffState(step.state, live.state, EXPERIMENT_DIFF));
  if (fields.length === 0) return { ...base, action: 'no-op' };
  const reasons = fields.map((f) => `${f.path} changed from ${quote((f.before ?? null) as string | null)} to ${quote((f.after ?? null) as string | null)}`);
  const reason = `${reasons.join('; ')}: an experiment's inputs are fixed at creation`;
  return guardedReplace(base, { fields: [...fields, triggerField(step)], reason, name: step.state.name, guarded: step.protect || live.protected === true });
}

/**
 * The input versions a new run pins: the dataset's current version and the template's selected one, or (when this
 * plan creates or changes that input) the version this apply makes, known after apply.
 */
export function pinnedVersions(change: PlanChange, { actions, resources }: PlannedSoFar): void {
  if (change.action !== 'create' && change.action !== 'replace') return;
  for (const dep of change.depends_on) {
    const isDataset = dep.startsWith('dataset.');
    if (!isDataset && !dep.includes('.template.')) continue;
    const path = isDataset ? 'dataset_version' : 'template_version';
    const action = actions.get(dep);
    const state = resources[dep]?.state as { versionIndex?: number; selectedVersion?: number } | undefined;
    const version = isDataset ? state?.versionIndex : state?.selectedVersion;
    if (action === 'create' || action === 'new-version' || version === undefined) change.fields.push({ path, known_after_apply: true });
    else change.fields.push({ path, after: version });
  }
}
