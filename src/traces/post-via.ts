import type { GalileoClient } from '../galileo/create-client.js';
import type { PostJson } from './types.js';

/** The trace functions' POST seam over the galctl HTTP client (its retries, global concurrency limit and stats). */
export function postVia(client: Pick<GalileoClient, 'request'>): PostJson {
  return async (path, body, opts) => {
    const res = await client.request<unknown>('POST', path, { body, idempotent: opts?.idempotent ?? false, ...(opts?.bulk === true ? { lane: 'bulk' as const } : {}) });
    return res.data;
  };
}
