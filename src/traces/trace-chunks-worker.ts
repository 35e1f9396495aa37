/**
 * Worker thread entry (node:worker_threads): reads one trace file for an ingest, off the main thread — first its
 * bad records when asked (validate), then its traces as chunks with ids derived and JSON encoded (readTraceChunks).
 * In:  one TraceChunksJob, then `null` each time the thread may send one more chunk (it starts with `ahead` credits).
 * Out: { bad } (when validating; nothing follows when it counts some), { chunk }…, then { done } or { error }.
 * See streamTraceChunks (stream-trace-chunks.ts), which starts it.
 */
import { parentPort } from 'node:worker_threads';
import { collectBadRecords, type BadRecords } from './collect-bad-records.js';
import { readTraceChunks, type TraceChunk } from './read-trace-chunks.js';
import { toWorkerError, type WorkerError } from './worker-error.js';

export interface TraceChunksJob {
  file: string;
  idScope: string;
  displayFile?: string;
  maxTraces: number;
  maxBytes: number;
  /** list the bad records first (at most this many), and stop if there are any */
  validateLimit?: number;
  /** chunks sent before the first credit comes back */
  ahead: number;
  /** the good records' ids, known already (readTraceFile's `ids`) */
  ids?: string[];
}

export type TraceChunksMessage = { bad: BadRecords } | { chunk: TraceChunk } | { done: true } | { error: WorkerError };

const port = parentPort;
if (port !== null) {
  let credits = 0;
  let wake: (() => void) | undefined;
  // a chunk's traces are views into one buffer: moved to the main thread, not copied
  const send = (m: TraceChunksMessage): void => port.postMessage(m, 'chunk' in m && m.chunk.json.length > 0 ? [m.chunk.json[0]!.buffer as ArrayBuffer] : []);
  port.once('message', (job: TraceChunksJob) => {
    credits = job.ahead;
    port.on('message', () => {
      credits += 1;
      wake?.();
    });
    void (async () => {
      if (job.validateLimit !== undefined) {
        const bad = await collectBadRecords(job.file, job.displayFile, undefined, job.validateLimit);
        send({ bad });
        if (bad.count > 0) return;
      }
      for await (const chunk of readTraceChunks(job.file, job)) {
        while (credits === 0) await new Promise<void>((resolve) => (wake = resolve));
        credits -= 1;
        send({ chunk });
      }
      send({ done: true });
    })().catch((err: unknown) => send({ error: toWorkerError(err) }));
  });
}
