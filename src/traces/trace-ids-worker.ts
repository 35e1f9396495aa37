/**
 * Worker thread entry (node:worker_threads): derives the trace ids of the files it is sent, one message per file.
 * In:  { job: number, file: string, idScope: string }
 * Out: { job, ids: string[] } or { job, error: { message, code?, hint? } }
 * See deriveTraceIds (derive-trace-ids.ts), which starts it.
 */
import { parentPort } from 'node:worker_threads';
import { readTraceIds } from './read-trace-file.js';
import { toWorkerError, type WorkerError } from './worker-error.js';

export interface TraceIdsJob {
  job: number;
  file: string;
  idScope: string;
}

export type TraceIdsResult = { job: number; ids: string[] } | { job: number; error: WorkerError };

parentPort?.on('message', (msg: TraceIdsJob) => {
  readTraceIds(msg.file, { idScope: msg.idScope }).then(
    (ids) => parentPort?.postMessage({ job: msg.job, ids } satisfies TraceIdsResult),
    (err: unknown) => parentPort?.postMessage({ job: msg.job, error: toWorkerError(err) } satisfies TraceIdsResult),
  );
});
