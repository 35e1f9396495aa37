import type { GalileoClient } from '../galileo/create-client.js';
import type { PostJson } from './types.js';

/**
 * The trace functions' POST seam over the galctl HTTP client (its retries, global concurrency limit and stats);
 * `lane`: of every request not sent as bulk (concurrency-limit.ts).
 */
export function postVia(client: Pick<GalileoClient, 'request'>, lane?: 'first'): PostJson {
  return async (path, body, opts) => {
    const chosen = opts?.bulk === true ? ('bulk' as const) : lane;
    const res = await client.request<unknown>('POST', path, { body, idempotent: opts?.idempotent ?? false, ...(chosen === undefined ? {} : { lane: chosen }) });
    return res.data;
  };
}
