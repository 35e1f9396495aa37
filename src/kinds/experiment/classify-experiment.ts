import type { ClassifyContext, Classified } from '../../core/classify-base.js';
import { diffState, type DiffStateOptions } from '../../core/diff-state.js';
import type { DesiredStepOf } from '../../core/kind-map.js';
import type { ExperimentState, FieldChange, LiveResource, LiveRun, PlanChange, RunChange } from '../../core/plan-types.js';
import { declaredTagFields } from './declared-tags.js';
import { estimateCalls } from '../../runs/estimate-calls.js';
import { parseRunName } from '../../runs/run-name.js';
import { runReasons, type PreviousRun } from '../../runs/run-reasons.js';
import { readRunTags } from '../../runs/run-tags.js';
import type { PlannedSoFar } from '../kind-descriptor.js';

/** An experiment's fixed inputs by name; the version pins are shown by pinnedVersions, not compared. */
export const EXPERIMENT_DIFF: DiffStateOptions = { ignore: ['datasetVersionIndex', 'templateVersion', 'tags'], unknownWhenAbsent: ['dataset', 'template'] };

/** Whether a new run starts generation and scoring at once (`trigger`): shown on every new run. */
const triggerField = (step: DesiredStepOf<'experiment'>): FieldChange => ({ path: 'trigger', after: step.resource.trigger });

/** A pinned dataset version (`dataset: {name, version}`): shown on the new run as the version it reads. */
const pinField = (step: DesiredStepOf<'experiment'>): FieldChange[] => (step.resource.datasetVersion === undefined ? [] : [{ path: 'dataset_version', after: step.resource.datasetVersion.version }]);

/** What the previous run's tags say its inputs were (issue 17): none, unreadable, or the summary. */
function previousOf(history: readonly LiveRun[] | undefined): PreviousRun {
  const latest = history?.[0];
  if (latest === undefined) return null;
  return readRunTags(latest.tags).summary ?? 'unreadable';
}

/** An earlier run found where the current one was looked for, as history (its inputs unknown: no tags read). */
const earlierRun = (live: LiveResource): LiveRun => ({ id: live.id, name: String((live.state as { name?: unknown }).name), fingerprint: null, created_at: '', owned: live.owned === true, protected: live.protected === true, tags: [] });

/** The new run's reasons and estimated LLM calls over its dataset rows or trace records. */
export function runChangeOf(step: DesiredStepOf<'experiment'>, history: readonly LiveRun[] | undefined): RunChange | undefined {
  const run = step.resource.run;
  if (run === undefined) return undefined;
  const rows = run.inputs.dataset?.rows?.rows.length ?? step.resource.traces?.records ?? 0;
  const calls = estimateCalls(run.inputs, rows);
  return {
    experiment: parseRunName(run.name)?.experiment ?? run.name,
    fingerprint: run.fingerprint,
    reasons: runReasons(previousOf(history), run.inputs, history?.[0]?.dataset_rows === undefined ? {} : { previousDatasetRows: history[0].dataset_rows }),
    estimate: { rows, judge_calls: calls.judgeCalls, generation_calls: calls.generationCalls, ...(run.inputs.runner === undefined ? {} : { application_calls: calls.applicationCalls }) },
  };
}

/**
 * experiment: the step is the current run (named by its inputs' fingerprint, issue 17). It exists: nothing to do
 * (its inputs are the manifest's by construction). It does not (or what was found is an earlier run): a new run, with the reasons (what changed since the
 * newest earlier run) and the calls it will make; the earlier runs stay as history.
 */
export function classifyExperiment(step: DesiredStepOf<'experiment'>, live: LiveResource | undefined, ctx: ClassifyContext, base: Classified): Classified {
  const liveName = (live?.state as { name?: unknown } | undefined)?.name;
  const adoptedAsIs = step.resource.adopt && live?.owned !== true && liveName === step.resource.run?.experiment;
  // declared tags are no input of the run: a difference is an update of the current run's tags
  const tagFields = live === undefined ? [] : declaredTagFields(step.state.tags, (live.state as ExperimentState).tags);
  const upToDate: Classified = tagFields.length === 0 ? { ...base, action: 'no-op' } : { ...base, action: 'update', fields: tagFields };
  if (live !== undefined && adoptedAsIs) return upToDate;
  if (live !== undefined && liveName === step.name) {
    // a run an interrupted apply created but did not tag (its tags are the next plan's reasons and check's commit)
    if (live.refs?.['runTagged'] === false) return { ...base, action: 'update', fields: [{ path: 'tags', after: 'galctl:manifest_key, galctl:fingerprint, galctl:inputs' }, ...tagFields] };
    return upToDate;
  }
  const run = runChangeOf(step, ctx.history ?? (live === undefined ? undefined : [earlierRun(live)]));
  const { id: _earlier, ...fresh } = base;
  return {
    ...fresh,
    action: 'create',
    fields: [...diffState(step.state, undefined, EXPERIMENT_DIFF), ...pinField(step), ...declaredTagFields(step.state.tags, undefined), triggerField(step)],
    ...(run === undefined ? {} : { run, reason: `new run: ${run.reasons.join('; ')}` }),
  };
}

/**
 * The input versions a new run pins: the dataset's current version and the template's selected one, or (when this
 * plan creates or changes that input) the version this apply makes, known after apply.
 */
export function pinnedVersions(change: PlanChange, { actions, resources }: PlannedSoFar): void {
  if (change.action !== 'create') return;
  for (const dep of change.depends_on) {
    const isDataset = dep.startsWith('dataset.');
    if (!isDataset && !dep.includes('.template.') && !dep.startsWith('global_template.')) continue;
    const path = isDataset ? 'dataset_version' : 'template_version';
    if (change.fields.some((f) => f.path === path)) continue; // pinned in the manifest
    const action = actions.get(dep);
    const state = resources[dep]?.state as { versionIndex?: number; selectedVersion?: number } | undefined;
    const version = isDataset ? state?.versionIndex : state?.selectedVersion;
    if (action === 'create' || action === 'new-version' || version === undefined) change.fields.push({ path, known_after_apply: true });
    else change.fields.push({ path, after: version });
  }
}
