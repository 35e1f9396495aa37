/**
 * Worker thread entry (node:worker_threads): derives the trace ids of the files it is sent, one message per file.
 * In:  { job: number, file: string, idScope: string }
 * Out: { job, ids: string[] } or { job, error: { message, code?, hint? } }
 * See deriveTraceIds (derive-trace-ids.ts), which starts it.
 */
import { parentPort } from 'node:worker_threads';
import { GalctlError } from '../core/errors.js';
import { readTraceIds } from './read-trace-file.js';

export interface TraceIdsJob {
  job: number;
  file: string;
  idScope: string;
}

export type TraceIdsResult = { job: number; ids: string[] } | { job: number; error: { message: string; code?: string; hint?: string } };

parentPort?.on('message', (msg: TraceIdsJob) => {
  readTraceIds(msg.file, { idScope: msg.idScope }).then(
    (ids) => parentPort?.postMessage({ job: msg.job, ids } satisfies TraceIdsResult),
    (err: unknown) => {
      const error = err instanceof GalctlError
        ? { message: err.message, code: err.code, ...(err.hint === undefined ? {} : { hint: err.hint }) }
        : { message: err instanceof Error ? err.message : String(err) };
      parentPort?.postMessage({ job: msg.job, error } satisfies TraceIdsResult);
    },
  );
});
