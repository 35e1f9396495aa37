import type { GalileoClient } from './create-client.js';
import { listByNames } from './list-by-names.js';
import type { Experiment, ExperimentCreateRequest } from './types.js';

/** Experiments of a project by exact name (`POST …/experiments/search`, paging in the body), or all. */
export async function searchExperiments(client: GalileoClient, projectId: string, opts: { names?: readonly string[] } = {}): Promise<Experiment[]> {
  return listByNames<Experiment>(client, { method: 'POST', path: `/projects/${projectId}/experiments/search`, itemsKey: 'experiments', tokenIn: 'body' }, opts.names);
}

export async function getExperiment(client: GalileoClient, projectId: string, id: string, opts: { counts?: boolean } = {}): Promise<Experiment> {
  return (await client.request<Experiment>('GET', `/projects/${projectId}/experiments/${id}${opts.counts === true ? '?include_counts=true' : ''}`)).data;
}

/** Creates (and with `trigger: true` starts) an experiment; task type 16 as the SDKs send. */
export async function createExperiment(client: GalileoClient, projectId: string, body: ExperimentCreateRequest): Promise<Experiment> {
  return (await client.request<Experiment>('POST', `/projects/${projectId}/experiments`, { body: { task_type: 16, ...body } })).data;
}

/** Only the name (and task type) can change in place. */
export async function renameExperiment(client: GalileoClient, projectId: string, id: string, name: string): Promise<Experiment> {
  return (await client.request<Experiment>('PUT', `/projects/${projectId}/experiments/${id}`, { body: { name, task_type: 16 } })).data;
}

export async function deleteExperiment(client: GalileoClient, projectId: string, id: string): Promise<void> {
  await client.request('DELETE', `/projects/${projectId}/experiments/${id}`, { expect: 'none' });
}

/** Aggregate metrics of an experiment (`{metrics: BucketedMetric[]}`); a read, though it is a POST. */
export async function getExperimentMetrics(
  client: GalileoClient,
  projectId: string,
  id: string,
  body: Record<string, unknown> = {},
): Promise<{ metrics: { name: string; average?: number | null; buckets?: Record<string, number>; roll_up_method?: string | null }[] }> {
  return (await client.request<{ metrics: never[] }>('POST', `/projects/${projectId}/experiments/${id}/metrics`, { body, idempotent: true })).data;
}
