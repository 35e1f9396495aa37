import { requestObject } from '../../galileo/request-object.js';
import type { GalileoClient } from '../../galileo/create-client.js';
import { listByNames } from '../../galileo/list-by-names.js';
import type { Experiment, ExperimentCreateRequest } from '../../galileo/types.js';
import { apiPath } from '../../galileo/api-path.js';
import { isAlreadyExists } from '../../galileo/api-error.js';

/**
 * The run settings both SDKs send with a prompt-template experiment when the caller gives none ([JS]
 * types/experiment.types.ts DEFAULT_PROMPT_RUN_SETTINGS, [PY] experiments.py): a templated experiment created
 * without `prompt_settings` never starts.
 */
export const DEFAULT_PROMPT_RUN_SETTINGS: Readonly<Record<string, unknown>> = Object.freeze({
  n: 1, echo: false, tools: null, top_k: 40, top_p: 1.0, logprobs: true, max_tokens: 256, model_alias: 'GPT-4o',
  temperature: 0.8, tool_choice: null, top_logprobs: 5, stop_sequences: null, deployment_name: null,
  response_format: null, presence_penalty: 0.0, frequency_penalty: 0.0,
});

/** Experiments of a project by exact name (`POST …/experiments/search`, paging in the body), or all. */
export async function searchExperiments(client: GalileoClient, projectId: string, opts: { names?: readonly string[] } = {}): Promise<Experiment[]> {
  return listByNames<Experiment>(client, { method: 'POST', path: apiPath`/projects/${projectId}/experiments/search`, itemsKey: 'experiments', tokenIn: 'body' }, opts.names);
}

export async function getExperiment(client: GalileoClient, projectId: string, id: string, opts: { counts?: boolean } = {}): Promise<Experiment> {
  return requestObject<Experiment>(client, 'GET', apiPath`/projects/${projectId}/experiments/${id}`, opts.counts === true ? { query: { include_counts: true } } : {});
}

/** Creates (and with `trigger: true` starts) an experiment; task type 16 as the SDKs send. */
export async function createExperiment(client: GalileoClient, projectId: string, body: ExperimentCreateRequest): Promise<Experiment> {
  return requestObject<Experiment>(client, 'POST', apiPath`/projects/${projectId}/experiments`, { body: { task_type: 16, ...body } });
}

export async function deleteExperiment(client: GalileoClient, projectId: string, id: string): Promise<void> {
  await client.request('DELETE', apiPath`/projects/${projectId}/experiments/${id}`, { expect: 'none' });
}

/** Aggregate metrics of an experiment (`{metrics: BucketedMetric[]}`); a read, though it is a POST. */
export async function getExperimentMetrics(
  client: GalileoClient,
  projectId: string,
  id: string,
  body: Record<string, unknown> = {},
): Promise<{ metrics: { name: string; average?: number | null; buckets?: Record<string, number>; roll_up_method?: string | null }[] }> {
  return (await client.request<{ metrics: never[] }>('POST', apiPath`/projects/${projectId}/experiments/${id}/metrics`, { body, idempotent: true })).data;
}

/** A run tag (`RunTagDB`): key, value, type. */
export interface ExperimentTag {
  id?: string;
  key: string;
  value: string;
  tag_type?: string;
}

/** The tags of an experiment (`GET …/experiments/{e}/tags`), in creation order. */
export async function listExperimentTags(client: GalileoClient, projectId: string, id: string): Promise<ExperimentTag[]> {
  return (await client.request<ExperimentTag[]>('GET', apiPath`/projects/${projectId}/experiments/${id}/tags`)).data;
}

/** Sets an existing tag's value (`PUT …/experiments/{e}/tags/{tag_id}`, `RunTagCreateRequest`): idempotent. */
export async function updateExperimentTag(client: GalileoClient, projectId: string, id: string, tagId: string, tag: { key: string; value: string; tag_type: string }): Promise<void> {
  await client.request('PUT', apiPath`/projects/${projectId}/experiments/${id}/tags/${tagId}`, { body: tag, idempotent: true });
}

/**
 * Adds one tag to an experiment (`RunTagCreateRequest {key, value, tag_type}`). Re-sent like a read when an answer
 * is lost: a tag sent twice is the same key and value twice, which reads the same (the first of a key counts).
 */
export async function addExperimentTag(client: GalileoClient, projectId: string, id: string, tag: { key: string; value: string; tag_type: string }): Promise<void> {
  try {
    await client.request('POST', apiPath`/projects/${projectId}/experiments/${id}/tags`, { body: tag, idempotent: true });
  } catch (err) {
    // a re-send after the first answer was lost finds the key taken: done, when the run holds this very tag
    if (!isAlreadyExists(err)) throw err;
    const held = (await listExperimentTags(client, projectId, id)).find((t) => t.key === tag.key);
    if (held?.value !== tag.value) throw err;
  }
}
