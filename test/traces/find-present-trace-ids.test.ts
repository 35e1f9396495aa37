import { describe, expect, it } from 'vitest';
import { GalctlError } from '../../src/core/errors.js';
import { findPresentTraceIds, traceIdFilter } from '../../src/traces/find-present-trace-ids.js';
import type { PostJson } from '../../src/traces/types.js';

const A = '3f1c2a9e-8b7d-4c6e-9a51-2d4e6f8a0b1c';
const B = '0d9b1a3c-5e7f-4a2b-8c4d-6e8f0a1b2c3d';
const C = '7a6b5c4d-3e2f-4a1b-9c8d-7e6f5a4b3c2d';

/** A server that pages search answers at 1 record per page, whatever limit is asked (as a real API may cap it). */
function pagingServer(existing: string[]): { post: PostJson; calls: unknown[] } {
  const calls: unknown[] = [];
  const post: PostJson = async (path, body, opts) => {
    calls.push({ path, body, opts });
    const { filters, starting_token: start } = body as { filters: { value: string[] }[]; starting_token: number };
    const hits = existing.filter((id) => filters[0]?.value.includes(id.toLowerCase()));
    const next = start + 1 < hits.length ? start + 1 : null;
    return { records: hits.slice(start, start + 1).map((id) => ({ id })), next_starting_token: next };
  };
  return { post, calls };
}

describe('findPresentTraceIds', () => {
  it('follows next_starting_token and lower-cases ids', async () => {
    const { post, calls } = pagingServer([A.toUpperCase(), C]);
    const found = await findPresentTraceIds(post, 'p1', { experiment_id: 'e1' }, [A, B, C]);
    expect(found).toEqual(new Set([A, C]));
    expect(calls).toEqual([
      { path: '/projects/p1/traces/search', body: { experiment_id: 'e1', filters: [traceIdFilter([A, B, C])], limit: 3, starting_token: 0, truncate_fields: true }, opts: { idempotent: true } },
      expect.objectContaining({ body: expect.objectContaining({ starting_token: 1 }) }),
    ]);
  });

  it('asks nothing for no ids', async () => {
    const { post, calls } = pagingServer([A]);
    expect(await findPresentTraceIds(post, 'p1', { log_stream_id: 'l1' }, [])).toEqual(new Set());
    expect(calls).toEqual([]);
  });

  it('rejects an answer without records', async () => {
    const post: PostJson = async () => ({ detail: 'nope' });
    await expect(findPresentTraceIds(post, 'p1', { log_stream_id: 'l1' }, [A])).rejects.toThrow(GalctlError);
  });
});
