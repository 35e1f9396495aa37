import { statSync } from 'node:fs';
import { Worker } from 'node:worker_threads';
import { collectBadRecords, type BadRecords } from './collect-bad-records.js';
import { compiledWorkerAvailable } from './compiled-worker.js';
import { readTraceChunks, type TraceChunk } from './read-trace-chunks.js';
import type { TraceChunksJob, TraceChunksMessage } from './trace-chunks-worker.js';
import { fromWorkerError } from './worker-error.js';
import { GalctlError } from '../core/errors.js';
import { poolTraceChunks, poolTraceChunksAvailable } from './pool-trace-chunks.js';

export type TraceChunkEvent = { bad: BadRecords } | { chunk: TraceChunk };

export interface StreamTraceChunksOptions {
  idScope: string;
  displayFile?: string;
  maxTraces: number;
  maxBytes: number;
  /** first list the file's bad records (at most this many; the stream ends there when it has some) */
  validateLimit?: number;
  signal?: AbortSignal;
  /** the good records' ids, known already (readTraceFile's `ids`) */
  ids?: string[];
  /** files smaller than this are read in this thread (a worker costs ~40 ms to start); default 1 MB */
  minWorkerBytes?: number;
  /** worker threads for a large file whose ids are not known yet (poolTraceChunks); default defaultTraceWorkers() */
  workers?: number;
}

const WORKER_URL = new URL('./trace-chunks-worker.js', import.meta.url);
/** chunks the worker reads ahead of the one being sent: it parses and encodes while the main thread waits */
const AHEAD = 2;

function sizeOf(file: string): number {
  try {
    return statSync(file).size;
  } catch {
    return 0; // unreadable: the reader reports it
  }
}

async function* inThread(file: string, opts: StreamTraceChunksOptions): AsyncGenerator<TraceChunkEvent> {
  if (opts.validateLimit !== undefined) {
    const bad = await collectBadRecords(file, opts.displayFile, opts.signal, opts.validateLimit);
    yield { bad };
    if (bad.count > 0) return;
  }
  for await (const chunk of readTraceChunks(file, opts)) yield { chunk };
}

/**
 * A trace file as an ingest reads it: its bad records first (when asked), then chunks of traces with ids derived
 * and JSON encoded. A large file whose ids are to be derived is read by a pool of worker threads (poolTraceChunks);
 * one whose ids are known (the local cache) in a worker thread that stays AHEAD chunks in front of the consumer, so
 * parsing, hashing and encoding overlap the requests and memory holds a few chunks, not the file. Ends the worker
 * when the consumer stops early or the signal aborts.
 */
export async function* streamTraceChunks(file: string, opts: StreamTraceChunksOptions): AsyncGenerator<TraceChunkEvent> {
  if (sizeOf(file) < (opts.minWorkerBytes ?? 1_000_000) || !compiledWorkerAvailable(WORKER_URL)) {
    yield* inThread(file, opts);
    return;
  }
  if (opts.ids === undefined && poolTraceChunksAvailable()) {
    // ids to derive: the pool of workers derives them (and encodes) in parallel
    let delivered = false;
    try {
      for await (const event of poolTraceChunks(file, opts)) {
        delivered = true;
        yield event;
      }
      return;
    } catch (err) {
      // a pool that cannot run before it delivered anything: the file is read in this thread
      if (delivered || err instanceof GalctlError || opts.signal?.aborted === true) throw err;
    }
    yield* inThread(file, opts);
    return;
  }
  const worker = new Worker(WORKER_URL);
  const queue: (TraceChunksMessage | { crashed: unknown })[] = [];
  let wake: (() => void) | undefined;
  const push = (m: TraceChunksMessage | { crashed: unknown }): void => {
    queue.push(m);
    wake?.();
    wake = undefined;
  };
  worker.on('message', (m: TraceChunksMessage) => push(m));
  worker.on('error', (err) => push({ crashed: err }));
  const onAbort = (): void => push({ crashed: opts.signal?.reason });
  opts.signal?.addEventListener('abort', onAbort, { once: true });
  const job: TraceChunksJob = {
    file,
    idScope: opts.idScope,
    maxTraces: opts.maxTraces,
    maxBytes: opts.maxBytes,
    ahead: AHEAD,
    ...(opts.displayFile === undefined ? {} : { displayFile: opts.displayFile }),
    ...(opts.validateLimit === undefined ? {} : { validateLimit: opts.validateLimit }),
    ...(opts.ids === undefined ? {} : { ids: opts.ids }),
  };
  worker.postMessage(job);
  let delivered = false;
  try {
    for (;;) {
      if (opts.signal?.aborted) throw opts.signal.reason;
      while (queue.length === 0) await new Promise<void>((resolve) => (wake = resolve));
      const m = queue.shift()!;
      if ('crashed' in m) {
        if (opts.signal?.aborted) throw opts.signal.reason;
        // a worker that cannot run before it delivered anything: the file is read in this thread
        if (!delivered) {
          yield* inThread(file, opts);
          return;
        }
        throw m.crashed;
      }
      if ('done' in m) return;
      if ('error' in m) throw fromWorkerError(m.error);
      delivered = true;
      if ('bad' in m) {
        yield { bad: m.bad };
        if (m.bad.count > 0) return;
        continue;
      }
      yield { chunk: m.chunk };
      worker.postMessage(null);
    }
  } finally {
    opts.signal?.removeEventListener('abort', onAbort);
    void worker.terminate();
  }
}
