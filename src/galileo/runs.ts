import { checkRecords } from './check-response.js';
import type { GalileoClient } from './create-client.js';
import { publicScorerName } from './preset-names.js';
import type { Job, RunScorerSettings, ScorerConfig } from './types.js';
import { apiPath } from './api-path.js';

/** Experiments and log streams are both "runs": scorer settings (`/runs/{id}/scorer-settings`) and jobs hang off them. */
export type RunKind = 'experiment' | 'log_stream';

export async function getScorerSettings(client: GalileoClient, projectId: string, runId: string): Promise<RunScorerSettings> {
  const res = await client.request<RunScorerSettings>('GET', apiPath`/projects/${projectId}/runs/${runId}/scorer-settings`);
  return { ...res.data, scorers: res.data?.scorers ?? [] };
}

/**
 * POST and PATCH are the same upsert; `run_id` must be repeated in the body. Setting the list is idempotent;
 * `segmentFilters` undefined leaves the run's as they are.
 */
export async function upsertScorerSettings(
  client: GalileoClient,
  projectId: string,
  runId: string,
  scorers: ScorerConfig[],
  segmentFilters?: readonly unknown[],
): Promise<RunScorerSettings> {
  return (
    await client.request<RunScorerSettings>('POST', apiPath`/projects/${projectId}/runs/${runId}/scorer-settings`, {
      // segment_filters left out: Galileo keeps the run's [SPEC RunScorerSettingsPatchRequest]
      body: { run_id: runId, scorers, ...(segmentFilters === undefined ? {} : { segment_filters: segmentFilters }) },
      idempotent: true,
    })
  ).data;
}

export async function listJobs(client: GalileoClient, projectId: string, runId: string): Promise<Job[]> {
  const path = apiPath`/projects/${projectId}/runs/${runId}/jobs`;
  // a missing list is not "no jobs": --wait would stop waiting for scores that are still coming
  return checkRecords(`GET ${path}`, 'jobs', (await client.request<unknown>('GET', path)).data) as unknown as Job[];
}

/** Job statuses after which nothing more happens (both vocabularies, galileo-api.md §5.9). */
export const TERMINAL_JOB_STATUS: ReadonlySet<string> = new Set(['completed', 'processed', 'error', 'failed', 'cancelled']);

/**
 * The scorer a job scores with (`request_data.scorer_config.name` or `…prompt_scorer_settings.scorer_name`), if any,
 * by its public name: a preset's job may name it by its internal name (`factuality` for `correctness`).
 */
export function scorerNameOfJob(job: Job): string | undefined {
  const data = job.request_data ?? {};
  const config = data['scorer_config'] as { name?: unknown } | null | undefined;
  if (typeof config?.name === 'string') return publicScorerName(config.name);
  const settings = data['prompt_scorer_settings'] as { scorer_name?: unknown } | null | undefined;
  return typeof settings?.scorer_name === 'string' ? publicScorerName(settings.scorer_name) : undefined;
}

/** A job that ended without its result: `error` / `failed` (and `cancelled`). */
export function isFailedJob(job: Job): boolean {
  return job.status === 'error' || job.status === 'failed' || job.status === 'cancelled';
}
