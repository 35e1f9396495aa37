import type { ExperimentState, UnmanagedResource } from '../../core/plan-types.js';
import { normalizeExperiment } from '../../engine/normalize-live.js';
import type { GalileoClient } from '../../galileo/create-client.js';
import type { Experiment } from '../../galileo/types.js';
import type { CautionContext, ProjectLiveRead, ProjectReadContext } from '../live-read.js';
import { tracesCaution } from '../run-caution.js';
import { getExperiment, searchExperiments } from './api.js';

/** A project's experiments: one search; their inputs are named from the listed datasets and templates. */
export const experimentLive: ProjectLiveRead<ExperimentState> = {
  list: (client, projectId) => searchExperiments(client, projectId),
  normalize: (found: Experiment, { projectId, names }: ProjectReadContext) =>
    normalizeExperiment(found, projectId, { datasets: names('dataset'), templates: names('template') }),
  run: true,
};

/** An orphan experiment's traces, deleted with it. */
export async function experimentCaution(client: GalileoClient, u: UnmanagedResource, { projectId }: CautionContext): Promise<string | undefined> {
  return projectId === undefined ? undefined : tracesCaution((await getExperiment(client, projectId, u.id, { counts: true })).num_traces);
}
