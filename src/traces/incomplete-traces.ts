import { GalctlError } from '../core/errors.js';
import { readTraceFile } from './read-trace-file.js';
import type { PostJson, TraceDestination } from './types.js';

/**
 * The log-record filter "stored with `is_complete: false`" (LogRecordsBooleanFilter). An ingest sends its batches
 * with `is_complete: false` and the last one with `true`, which scores everything the run accumulated [GUIDE
 * "is_complete"]; an ingest killed before its last batch leaves traces stored incomplete, never scored.
 */
export const INCOMPLETE_FILTER = { type: 'boolean', column_id: 'is_complete', operator: 'eq', value: false } as const;

/** How many traces of the run are stored incomplete: `POST /projects/{id}/traces/count` with INCOMPLETE_FILTER. */
export async function countIncompleteTraces(post: PostJson, projectId: string, destination: TraceDestination): Promise<number> {
  const path = `/projects/${projectId}/traces/count`;
  const res = await post(path, { ...destination, filters: [INCOMPLETE_FILTER] }, { idempotent: true });
  const total = (res as { total_count?: unknown } | null)?.total_count;
  if (typeof total !== 'number') {
    throw new GalctlError('api-response', `unexpected response from POST ${path}: no total_count`, { hint: 'check that --api-url points at a Galileo API' });
  }
  return total;
}

export interface CompleteRunOptions {
  post: PostJson;
  projectId: string;
  destination: TraceDestination;
  /** the run's trace file (absolute), every good trace of which the run holds */
  file: string;
  idScope: string;
  displayFile?: string;
  signal?: AbortSignal;
}

/**
 * Finishes an ingest that was interrupted before its last batch, when the file has nothing left to send: sends the
 * file's first good trace again, which the run already holds (a trace id already in the run is not stored twice,
 * the same assumption that makes a retried ingest safe), as a last batch with `is_complete: true`, so that the run
 * scores every trace it accumulated. LogTracesIngestRequest.traces needs at least one trace. Returns false when the
 * file has no good trace to send.
 */
export async function completeRun(opts: CompleteRunOptions): Promise<boolean> {
  for await (const entry of readTraceFile(opts.file, { idScope: opts.idScope, displayFile: opts.displayFile, signal: opts.signal })) {
    if ('problem' in entry) continue;
    const body = { ...opts.destination, traces: [entry.trace], is_complete: true, logging_method: 'api_direct', reliable: true };
    await opts.post(`/projects/${opts.projectId}/traces`, body, { idempotent: true });
    return true;
  }
  return false;
}
