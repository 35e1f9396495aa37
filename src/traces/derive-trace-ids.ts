import { statSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { GalctlError } from '../core/errors.js';
import { compiledWorkerAvailable } from './compiled-worker.js';
import { readTraceIds } from './read-trace-file.js';
import { fromWorkerError } from './worker-error.js';
import type { TraceIdsJob, TraceIdsResult } from './trace-ids-worker.js';

export interface TraceIdsSource {
  /** absolute path of the trace file */
  file: string;
  /** traceIdScope(project name, kind, run name) */
  idScope: string;
}

export interface DeriveTraceIdsOptions {
  signal?: AbortSignal;
  /** trace files smaller than this in all are read in this thread (a worker costs ~40 ms to start); default 1 MB */
  minWorkerBytes?: number;
  /** worker threads at most; default cores − 1 (at least 1, at most 4) */
  maxWorkers?: number;
}

export interface DerivedTraceIds {
  /** per source, in order: its ids (readTraceIds) */
  ids: Promise<string[]>[];
  /** stops the workers; pending results reject */
  cancel(): void;
  /**
   * takes source `index` out of the queue when no worker has started it (true; its ids then never come), else
   * false (its ids come as usual)
   */
  drop(index: number): boolean;
}

const WORKER_URL = new URL('./trace-ids-worker.js', import.meta.url);

function totalBytes(sources: readonly TraceIdsSource[]): number {
  let n = 0;
  for (const s of sources) {
    try {
      n += statSync(s.file).size;
    } catch {
      // unreadable: the reader reports it
    }
  }
  return n;
}

/**
 * The trace ids of each trace file, derived off the main thread when the files are large: deriving an id is CPU
 * work (canonical JSON and sha256 per record, ~30 µs), and in a worker thread it overlaps the HTTP requests the
 * main thread is waiting on instead of delaying their every callback. Ids are exactly readTraceIds'.
 */
export function deriveTraceIds(sources: readonly TraceIdsSource[], opts: DeriveTraceIdsOptions = {}): DerivedTraceIds {
  const inThread = (s: TraceIdsSource): Promise<string[]> => readTraceIds(s.file, { idScope: s.idScope, ...(opts.signal === undefined ? {} : { signal: opts.signal }) });
  if (sources.length === 0 || totalBytes(sources) < (opts.minWorkerBytes ?? 1_000_000) || !compiledWorkerAvailable(WORKER_URL)) {
    const ids = sources.map(inThread);
    for (const p of ids) p.catch(() => undefined); // the caller awaits them; unawaited after a failed read is no error
    return { ids, cancel: () => undefined, drop: () => false };
  }
  const waiting = sources.map((s, job) => ({ job, ...s }));
  const settle = sources.map(() => {
    let resolve!: (ids: string[]) => void;
    let reject!: (err: unknown) => void;
    const promise = new Promise<string[]>((res, rej) => {
      resolve = res;
      reject = rej;
    });
    return { promise, resolve, reject, done: false };
  });
  const finish = (job: number, outcome: { ids: string[] } | { error: unknown }): void => {
    const s = settle[job];
    if (s === undefined || s.done) return;
    s.done = true;
    if ('ids' in outcome) s.resolve(outcome.ids);
    else s.reject(outcome.error);
  };
  const workers = new Set<Worker>();
  const stop = (w: Worker): void => {
    if (workers.delete(w)) void w.terminate();
  };
  const count = Math.min(sources.length, opts.maxWorkers ?? Math.max(1, Math.min(4, availableParallelism() - 1)));
  for (let i = 0; i < count; i++) {
    const worker = new Worker(WORKER_URL);
    workers.add(worker);
    let current: number | undefined;
    const next = (): void => {
      const job = waiting.shift();
      if (job === undefined) return stop(worker);
      current = job.job;
      worker.postMessage({ job: job.job, file: job.file, idScope: job.idScope } satisfies TraceIdsJob);
    };
    worker.on('message', (msg: TraceIdsResult) => {
      if ('ids' in msg) finish(msg.job, { ids: msg.ids });
      else finish(msg.job, { error: fromWorkerError(msg.error) });
      current = undefined;
      next();
    });
    // a worker that cannot run: what it held, and what is left once no worker remains, is read in this thread
    worker.on('error', () => {
      stop(worker);
      const jobs = [...(current === undefined ? [] : [current]), ...(workers.size === 0 ? waiting.splice(0).map((j) => j.job) : [])];
      for (const job of jobs) inThread(sources[job]!).then((ids) => finish(job, { ids }), (error: unknown) => finish(job, { error }));
    });
    next();
  }
  const cancel = (): void => {
    for (const w of [...workers]) stop(w);
    const reason: unknown = opts.signal?.aborted ? opts.signal.reason : new GalctlError('cancelled', 'trace id derivation cancelled');
    waiting.splice(0);
    settle.forEach((_, job) => finish(job, { error: reason }));
  };
  opts.signal?.addEventListener('abort', cancel, { once: true });
  const drop = (index: number): boolean => {
    const at = waiting.findIndex((j) => j.job === index);
    if (at === -1) return false;
    waiting.splice(at, 1);
    finish(index, { error: new GalctlError('cancelled', 'trace id derivation not needed') });
    return true;
  };
  const ids = settle.map((s) => s.promise);
  for (const p of ids) p.catch(() => undefined); // the caller awaits them; unawaited after a cancel is no error
  void Promise.allSettled(ids).then(() => opts.signal?.removeEventListener('abort', cancel));
  return { ids, cancel, drop };
}
