import type { GalileoClient } from '../../galileo/create-client.js';
import { paginate } from '../../galileo/paginate.js';
import type { LogRecord, LogRecordFilter } from '../../galileo/types.js';
import { apiPath } from '../../galileo/api-path.js';

/** Exactly one of these names where records go. */
export type Destination = { experiment_id: string } | { log_stream_id: string };

/**
 * Trace search (`POST /projects/{id}/traces/search`), page by page, for scans that fold records instead of keeping
 * them. Ingest and id lookups live in src/traces/ (streaming, chunked by id).
 */
export function iterateTraces(
  client: GalileoClient,
  projectId: string,
  destination: Destination,
  opts: { filters?: LogRecordFilter[]; limit?: number } = {},
): AsyncGenerator<LogRecord, void, undefined> {
  return paginate<LogRecord>(client, {
    method: 'POST',
    path: apiPath`/projects/${projectId}/traces/search`,
    itemsKey: 'records',
    tokenIn: 'body',
    body: { ...destination, filters: opts.filters ?? [] },
    ...(opts.limit === undefined ? {} : { limit: opts.limit }),
  });
}
