import { addressOf } from '../../core/address.js';
import { desiredRun, experimentTemplate } from '../../runs/desired-run.js';
import { seedRunIds } from '../run-sub-steps.js';
import type { DesiredExperiment } from '../../core/desired-types.js';
import type { ExperimentState } from '../../core/plan-types.js';
import type { DesiredContext, KindDescriptor } from '../kind-descriptor.js';
import { runSubSteps } from '../run-sub-steps.js';
import { stepBase } from '../step-base.js';
import { applyExperiment } from './apply.js';
import { planKeepRuns } from './plan-keep-runs.js';
import { checkDatasetPin } from './check-dataset-pin.js';
import { classifyExperiment, EXPERIMENT_DIFF, pinnedVersions } from './classify-experiment.js';
import { experimentFromManifest } from './from-manifest.js';
import { experimentCaution, experimentLive } from './live.js';
import { experimentSchema } from './schema.js';

function stateOf(r: DesiredExperiment, { index }: DesiredContext): ExperimentState {
  const dataset = r.dataset === undefined ? null : (index.datasets.get(r.dataset)?.name ?? r.dataset);
  const template = experimentTemplate(r, index)?.name ?? r.template ?? r.globalTemplate ?? null;
  return { name: r.name, dataset, datasetVersionIndex: null, template, templateVersion: null, ...(r.tags === undefined ? {} : { tags: r.tags }) };
}

function referencesOf(r: DesiredExperiment): string[] {
  const refs = [addressOf('project', r.project)];
  // the scorers are sent with the create (a triggered experiment starts scoring at once), so they come first
  for (const s of r.scorers) if (s.type === 'custom') refs.push(addressOf('scorer', s.key));
  if (r.dataset !== undefined) refs.push(addressOf('dataset', r.dataset));
  if (r.template !== undefined) refs.push(addressOf('template', r.template, r.project));
  if (r.globalTemplate !== undefined) refs.push(addressOf('global_template', r.globalTemplate));
  return refs;
}

/**
 * experiment: inside a project; each distinct set of inputs is one run, named `<name> · <fingerprint>`; changed
 * inputs are a new run, and the earlier runs stay as history. Its scorers and traces are sub-steps of the run.
 */
export const experimentKind: KindDescriptor<'experiment'> = {
  id: 'experiment',
  label: 'experiment',
  plural: 'experiments',
  scope: 'project',
  manifestKey: 'experiments',
  fromManifest: experimentFromManifest,
  schema: experimentSchema,
  deleteRank: 0,
  owned: true,
  diff: EXPERIMENT_DIFF,
  desiredSteps: (declared, ctx) => {
    // the step is the current run: the experiment named by its inputs' fingerprint (issue 17)
    const run = desiredRun(declared, ctx.index, ctx.file);
    const r: DesiredExperiment = { ...declared, name: run.name, run };
    return [{ ...stepBase(r, ctx), kind: 'experiment', address: r.address, resource: r, state: stateOf(r, ctx), dependsOn: referencesOf(r) }, ...runSubSteps(r, ctx)];
  },
  classify: classifyExperiment,
  annotate: pinnedVersions,
  moreChanges: (step, live) => {
    checkDatasetPin(step, live);
    return planKeepRuns(step, live);
  },
  seedIds: seedRunIds,
  live: experimentLive,
  caution: experimentCaution,
  apply: applyExperiment,
};
