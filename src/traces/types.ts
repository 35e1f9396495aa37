/**
 * Trace files as galctl sends them: Galileo `Trace` / span JSON (snake_case, passed through), the destination of an
 * ingest, and the one HTTP seam the trace functions need.
 */

/** A Galileo span as sent in `LogTracesIngestRequest.traces[].spans` (`type` llm | retriever | tool | workflow | agent | control). */
export interface GalileoSpan {
  type: string;
  id?: string;
  spans?: GalileoSpan[];
  [field: string]: unknown;
}

/** A Galileo `Trace` (seed 002, galileo-api.md §5.8) with its id and its spans' ids set. */
export interface GalileoTrace {
  type: 'trace';
  id: string;
  spans: GalileoSpan[];
  [field: string]: unknown;
}

/** Where traces go: exactly one run of a project, named by its Galileo id. */
export type TraceDestination = { experiment_id: string } | { log_stream_id: string };

/** The kind of run a trace file belongs to (it is part of every generated id). */
export type TraceRunKind = 'experiment' | 'log_stream';

/**
 * POST a JSON body to an API path (relative to the API base, e.g. `/projects/<id>/traces`) and resolve to the parsed
 * response body. `idempotent` allows the client to retry the call on network errors and 408/429/502/503/504; `bulk`
 * marks a trace ingest's requests, which have their own share of the client's concurrency.
 */
export type PostJson = (path: string, body: unknown, opts?: { idempotent?: boolean; bulk?: boolean }) => Promise<unknown>;
