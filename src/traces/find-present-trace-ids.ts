import { GalctlError } from '../core/errors.js';
import type { PostJson, TraceDestination } from './types.js';
import { apiPath } from '../galileo/api-path.js';

/** The log-record filter "trace id is one of these" (galileo-api.md §3.2: discriminator `type`, field `column_id`). */
export function traceIdFilter(ids: readonly string[]): { type: 'id'; column_id: 'id'; operator: 'one_of'; value: string[] } {
  return { type: 'id', column_id: 'id', operator: 'one_of', value: [...ids] };
}

function badShape(path: string, what: string): GalctlError {
  return new GalctlError('api-response', `unexpected response from POST ${path}: ${what}`, {
    hint: 'check that --api-url points at a Galileo API',
  });
}

/**
 * Which of these trace ids already exist in the run (lower-cased). One `POST /projects/{id}/traces/search` with an
 * `id one_of` filter and `limit` = the number of ids, following `next_starting_token` should the server page the
 * answer at a lower limit. Read-only, so the call is marked idempotent (retried on transient failures).
 */
export async function findPresentTraceIds(
  post: PostJson,
  projectId: string,
  destination: TraceDestination,
  ids: readonly string[],
): Promise<Set<string>> {
  const present = new Set<string>();
  if (ids.length === 0) return present;
  const path = apiPath`/projects/${projectId}/traces/search`;
  let startingToken = 0;
  for (;;) {
    const res = await post(
      path,
      { ...destination, filters: [traceIdFilter(ids)], limit: ids.length, starting_token: startingToken, truncate_fields: true },
      { idempotent: true },
    );
    if (res === null || typeof res !== 'object' || !Array.isArray((res as { records?: unknown }).records)) {
      throw badShape(path, 'no records list');
    }
    const { records, next_starting_token: next } = res as { records: unknown[]; next_starting_token?: unknown };
    for (const r of records) {
      const id = (r as { id?: unknown } | null)?.id;
      if (typeof id === 'string') present.add(id.toLowerCase());
    }
    if (typeof next !== 'number' || next <= startingToken || records.length === 0 || present.size >= ids.length) break;
    startingToken = next;
  }
  return present;
}

/** How many of these trace ids exist in the run: `POST /projects/{id}/traces/count` with an `id one_of` filter. */
export async function countTraceIds(
  post: PostJson,
  projectId: string,
  destination: TraceDestination,
  ids: readonly string[],
): Promise<number> {
  if (ids.length === 0) return 0;
  const path = apiPath`/projects/${projectId}/traces/count`;
  const res = await post(path, { ...destination, filters: [traceIdFilter(ids)] }, { idempotent: true });
  const total = (res as { total_count?: unknown } | null)?.total_count;
  if (typeof total !== 'number') throw badShape(path, 'no total_count');
  return total;
}

/**
 * Which of these trace ids the run holds (lower-cased): a count first, which settles "none" and "all" without
 * reading records, then a search only when some but not all are there.
 */
export async function presentTraceIds(
  post: PostJson,
  projectId: string,
  destination: TraceDestination,
  ids: readonly string[],
): Promise<Set<string>> {
  const n = await countTraceIds(post, projectId, destination, ids);
  if (n === 0) return new Set();
  if (n >= ids.length) return new Set(ids.map((id) => id.toLowerCase()));
  return findPresentTraceIds(post, projectId, destination, ids);
}
