import type { GalileoClient } from './create-client.js';
import { chunk, collect, paginate } from './paginate.js';
import type { LogRecord, LogRecordFilter, TraceIngestRequest, TraceIngestResponse } from './types.js';

/** Exactly one of these names where records go. */
export type Destination = { experiment_id: string } | { log_stream_id: string };

/**
 * Sends a batch of traces. Trace ids are client-chosen UUIDs, so the caller decides whether a replay is safe
 * (`idempotent`); by default it is treated as a create and never re-sent blindly.
 */
export async function ingestTraces(
  client: GalileoClient,
  projectId: string,
  body: TraceIngestRequest,
  opts: { idempotent?: boolean } = {},
): Promise<TraceIngestResponse> {
  return (
    await client.request<TraceIngestResponse>('POST', `/projects/${projectId}/traces`, {
      body: { logging_method: 'api_direct', reliable: true, is_complete: true, ...body },
      idempotent: opts.idempotent ?? false,
    })
  ).data;
}

export async function searchTraces(
  client: GalileoClient,
  projectId: string,
  destination: Destination,
  opts: { filters?: LogRecordFilter[]; limit?: number } = {},
): Promise<LogRecord[]> {
  return collect(iterateTraces(client, projectId, destination, opts));
}

/** The same search, page by page as an async iterable: for scans that fold records instead of keeping them. */
export function iterateTraces(
  client: GalileoClient,
  projectId: string,
  destination: Destination,
  opts: { filters?: LogRecordFilter[]; limit?: number } = {},
): AsyncGenerator<LogRecord, void, undefined> {
  return paginate<LogRecord>(client, {
    method: 'POST',
    path: `/projects/${projectId}/traces/search`,
    itemsKey: 'records',
    tokenIn: 'body',
    body: { ...destination, filters: opts.filters ?? [] },
    ...(opts.limit === undefined ? {} : { limit: opts.limit }),
  });
}

export async function countTraces(client: GalileoClient, projectId: string, destination: Destination, filters: LogRecordFilter[] = []): Promise<number> {
  const res = await client.request<{ total_count: number }>('POST', `/projects/${projectId}/traces/count`, {
    body: { ...destination, filters },
    idempotent: true,
  });
  return res.data?.total_count ?? 0;
}

/** Which of `ids` already exist in the run: `id one_of` searches, 100 ids per call. */
export async function findExistingTraceIds(client: GalileoClient, projectId: string, destination: Destination, ids: readonly string[]): Promise<Set<string>> {
  const found = await Promise.all(
    chunk(ids, 100).map((group) =>
      searchTraces(client, projectId, destination, { filters: [{ type: 'id', column_id: 'id', operator: 'one_of', value: group }], limit: 100 }),
    ),
  );
  return new Set(found.flat().map((r) => r.id));
}
