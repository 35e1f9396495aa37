import { stat } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { GalctlError } from '../core/errors.js';
import type { Problem } from '../core/problem.js';
import type { BadRecords } from './collect-bad-records.js';
import { compiledWorkerAvailable } from './compiled-worker.js';
import type { TraceChunk } from './read-trace-chunks.js';
import { duplicateTraceId, unreadableTraceFile } from './read-trace-records.js';
import type { StreamTraceChunksOptions, TraceChunkEvent } from './stream-trace-chunks.js';
import { readTraceSegment, TRACE_SEGMENTS_WORKER, type TraceSegmentJob, type TraceSegmentMessage, type TraceSegmentResult } from './trace-segments-worker.js';
import { fromWorkerError } from './worker-error.js';
import { traceBytesViews } from './trace-bytes.js';
import { noteTraceFileParse } from './trace-parse-debug.js';

/** streamTraceChunks' options (the same file, ids not known yet), and how the segments are read */
export interface PoolTraceChunksOptions extends Pick<StreamTraceChunksOptions, 'idScope' | 'displayFile' | 'maxTraces' | 'maxBytes' | 'validateLimit' | 'signal'> {
  /** worker threads; default defaultTraceWorkers(). 0: the segments are read in this thread */
  workers?: number;
  /** bytes of whole lines per segment (a line longer than this is a segment of its own); default 256 KB */
  segmentBytes?: number;
  /** encoded bytes the validation pass may keep for the send pass (see Retained); default: the process's RETAINED_BYTES */
  retainedBytes?: number;
}

const WORKER_URL = new URL('./trace-segments-worker.js', import.meta.url);
/** segments read ahead per worker: the workers parse and encode while the consumer sends */
const AHEAD_PER_WORKER = 2;

/**
 * The default pool: a worker per core, at most 4. choice: the main thread mostly waits on the workers, so a worker
 * on its core too pays: on 2 cores, 2 workers ingested 100,000 traces into a null sink at a median 48k/s against
 * 44k/s with one (5 runs each, alternated; issue 22), for about 15% more CPU.
 */
export function defaultTraceWorkers(): number {
  return Math.max(1, Math.min(4, availableParallelism()));
}

/** A segment of the file: the lines starting in [start, end) (see TraceSegmentJob); the last one reads to the end. */
interface Segment {
  start: number;
  end?: number;
}

/** The file cut into segments of `size` bytes (the workers read them themselves: no bytes pass between threads). */
async function segmentsOf(file: string, displayFile: string, size: number): Promise<Segment[]> {
  const bytes = await stat(file).then(
    (st) => st.size,
    (err: unknown) => {
      throw unreadableTraceFile(err, displayFile);
    },
  );
  const out: Segment[] = [];
  for (let start = 0; start + size < bytes; start += size) out.push({ start, end: start + size });
  out.push({ start: out.length * size });
  return out;
}

interface Runner {
  run(job: Omit<TraceSegmentJob, 'job'>): Promise<TraceSegmentResult>;
  close(): void;
}

function inThreadRunner(): Runner {
  let job = 0;
  return {
    run: (j) =>
      new Promise((resolve, reject) =>
        setImmediate(() => {
          try {
            resolve(readTraceSegment({ ...j, job: job++ }));
          } catch (err) {
            reject(err as Error);
          }
        }),
      ),
    close: () => undefined,
  };
}

function workerRunner(count: number): Runner {
  const idle: Worker[] = [];
  const queue: TraceSegmentJob[] = [];
  const pending = new Map<number, { resolve: (r: TraceSegmentResult) => void; reject: (e: unknown) => void }>();
  const all: Worker[] = [];
  let next = 0;
  let crashed: Error | undefined;
  const pump = (): void => {
    while (idle.length > 0 && queue.length > 0) idle.pop()!.postMessage(queue.shift()!);
  };
  for (let i = 0; i < count; i++) {
    const w = new Worker(WORKER_URL, { workerData: TRACE_SEGMENTS_WORKER });
    all.push(w);
    idle.push(w);
    w.on('message', (m: TraceSegmentMessage) => {
      const p = pending.get(m.job);
      pending.delete(m.job);
      if ('error' in m) p?.reject(fromWorkerError(m.error));
      else p?.resolve(m);
      idle.push(w);
      pump();
    });
    w.on('error', (err: Error) => {
      crashed ??= err;
      if (shared?.runner === self) shared = undefined; // the next file starts fresh workers
      for (const p of pending.values()) p.reject(err);
      pending.clear();
    });
  }
  const self: Runner = {
    run(j) {
      if (crashed !== undefined) return Promise.reject(crashed);
      const job = { ...j, job: next++ };
      const result = new Promise<TraceSegmentResult>((resolve, reject) => pending.set(job.job, { resolve, reject }));
      queue.push(job);
      pump();
      return result;
    },
    close() {
      for (const w of all) void w.terminate();
    },
  };
  return self;
}

/** The workers of this process, shared by the files reading at once (MAX_FILES_INGESTING): threads per core, not per file. */
let shared: { runner: Runner; count: number; users: number } | undefined;

/** A handle on the shared workers (`count` of them, started for the first user); closing the last handle ends them. */
function sharedWorkers(count: number): Runner {
  if (shared === undefined || shared.count !== count) {
    const fresh = { runner: workerRunner(count), count, users: 0 };
    if (shared !== undefined && shared.users === 0) shared.runner.close();
    shared = fresh;
  }
  const mine = shared;
  mine.users += 1;
  let closed = false;
  return {
    run: (job) => mine.runner.run(job),
    close() {
      if (closed) return;
      closed = true;
      mine.users -= 1;
      if (mine.users > 0) return;
      mine.runner.close();
      if (shared === mine) shared = undefined;
    },
  };
}

/**
 * State across the segments of one pass, in file order: the own ids seen and the identical records counted, each
 * count stamped with the segment that last added to it (countOccurrences): the first touch of a key in a segment
 * reads what the segments before it counted, so one lookup and one write per record do (a profiled hot spot).
 */
interface PassState {
  own: Map<string, number>;
  occurrences: Map<string, number>;
  /** segments counted so far (the stamp of the next) */
  segments: number;
}

/**
 * occurrence values: count × STAMPS + the segment's number, exact while both fit 2^53: up to 2^24 segments (4 TB of
 * file at 256 KB) and 2^29 identical records
 */
const STAMPS = 2 ** 24;

/**
 * Counts the keys of the segment numbered `stamp` into `occurrences`; the counts the segments before it had for the
 * keys they share with it (none: no key of it was seen before).
 */
function countOccurrences(occurrences: Map<string, number>, keys: readonly (string | null)[], stamp: number): Record<string, number> | undefined {
  let bases: Record<string, number> | undefined;
  for (const key of keys) {
    if (key === null) continue;
    const v = occurrences.get(key);
    if (v === undefined) {
      occurrences.set(key, STAMPS + stamp);
      continue;
    }
    const last = v % STAMPS;
    const count = (v - last) / STAMPS;
    if (last !== stamp) (bases ??= {})[key] = count; // its first record in this segment: count is the earlier segments'
    occurrences.set(key, (count + 1) * STAMPS + stamp);
  }
  return bases;
}

/** Encoded bytes that validation passes may still keep (see Retained). */
interface RetainBudget {
  free: number;
}

/**
 * The encoded bytes the validation passes of this process keep for their send passes, at most (files ingesting at
 * once share it). choice: 32 MB, about 70,000 simple rows: a file that size is parsed once, a larger one once plus
 * the rest of it (issue 22: parsing and checking is ~20% of a trace's work).
 */
export const RETAINED_BYTES = 32_000_000;
const processBudget: RetainBudget = { free: RETAINED_BYTES };

/** What the validation passes of this process may still keep (RETAINED_BYTES when no file is being read). */
export function retainedBytesFree(): number {
  return processBudget.free;
}

/**
 * Results of the validation pass kept for the send pass: while the budget allows, the validation pass reads a
 * segment in full (ids and JSON, not only the checks) and keeps the worker's result, so the send pass does not parse
 * that segment again. `held`: the bytes taken from the budget, given back when the file's read ends, however it
 * ends; as the send pass takes the kept results, the bytes they held let the workers read ahead instead.
 */
interface Retained {
  budget: RetainBudget;
  held: number;
  /** of `held`, the bytes the send pass may read ahead with (what the kept results it took held) */
  ahead: number;
  results: Map<number, TraceSegmentResult>;
  /** the read ended: `held` went back, a read finishing late keeps nothing */
  closed: boolean;
}

/** encoded bytes per byte of a segment, as estimated before it is read (a simple row about doubles with its span) */
const ENCODED_PER_BYTE = 2.5;

/**
 * The results of one pass over the file, in file order, with what needs the earlier lines done: a segment holding a
 * record identical to one of an earlier segment is read again with the counts (its ids depend on them), and a
 * repeated own id becomes a problem (its record dropped), as readTraceRecords has it. `retained`: what the
 * validation pass keeps (see Retained) and the send pass takes.
 */
async function* pass(
  file: string,
  displayFile: string,
  opts: PoolTraceChunksOptions,
  runner: Runner,
  checkOnly: boolean,
  window: number,
  retained?: Retained,
): AsyncGenerator<SegmentTraces> {
  noteTraceFileParse(file, checkOnly ? 'validate' : 'send');
  const state: PassState = { own: new Map(), occurrences: new Map(), segments: 0 };
  const segmentBytes = opts.segmentBytes ?? 256 * 1024;
  const segments = await segmentsOf(file, displayFile, segmentBytes);
  /**
   * segments started, in file order: `charged`: the bytes a kept result or a read started past the window holds, for
   * reading ahead once it is taken; `inWindow`: a read that counts against the window
   */
  const started: { seg: Segment; result: Promise<TraceSegmentResult>; charged: number; inWindow: boolean }[] = [];
  let inWindow = 0;
  /** line breaks before the segment at the head */
  let linesBefore = 0;
  let nextIndex = 0;
  const job = (seg: Segment, bases?: Record<string, number>, check = checkOnly): Omit<TraceSegmentJob, 'job'> => ({
    file,
    start: seg.start,
    ...(seg.end === undefined ? {} : { end: seg.end }),
    idScope: opts.idScope,
    displayFile,
    checkOnly: check,
    ...(bases === undefined ? {} : { bases }),
  });
  const estimateOf = (seg: Segment): number => ENCODED_PER_BYTE * ((seg.end ?? seg.start + segmentBytes) - seg.start);
  /** a validation read in full whose result is kept for the send pass, while the budget allows */
  const readToKeep = (index: number, seg: Segment, r: Retained): Promise<TraceSegmentResult> => {
    const estimate = estimateOf(seg);
    r.budget.free -= estimate;
    r.held += estimate;
    return runner.run(job(seg, undefined, false)).then(
      (res) => {
        if (r.closed) return res;
        const size = res.bytes.buffer.byteLength;
        r.budget.free += estimate - size;
        r.held += size - estimate;
        r.results.set(index, res);
        return res;
      },
      (err: unknown) => {
        if (r.closed) throw err;
        r.budget.free += estimate;
        r.held -= estimate;
        throw err;
      },
    );
  };
  /**
   * Starts the next segment when it may start: a result the validation pass kept (always: it is in memory already),
   * a read within the window, or (send pass) a read past the window within the bytes the kept results taken so far
   * held — so the workers keep reading ahead while the kept results are sent, in no more memory than they took.
   */
  const startNext = (): boolean => {
    const seg = segments[nextIndex];
    if (seg === undefined) return false;
    const index = nextIndex;
    const kept = checkOnly ? undefined : retained?.results.get(index);
    let entry: (typeof started)[number];
    if (retained !== undefined && kept !== undefined) {
      retained.results.delete(index);
      entry = { seg, result: Promise.resolve(kept), charged: kept.bytes.buffer.byteLength, inWindow: false };
    } else if (inWindow < window) {
      const keep = checkOnly && retained !== undefined && retained.budget.free >= estimateOf(seg);
      entry = { seg, result: keep ? readToKeep(index, seg, retained) : runner.run(job(seg)), charged: 0, inWindow: true };
    } else if (!checkOnly && retained !== undefined && retained.ahead >= estimateOf(seg)) {
      const estimate = estimateOf(seg);
      retained.ahead -= estimate;
      entry = { seg, result: runner.run(job(seg)), charged: estimate, inWindow: false };
    } else return false;
    entry.result.catch(() => undefined); // awaited in order below
    if (entry.inWindow) inWindow += 1;
    started.push(entry);
    nextIndex += 1;
    return true;
  };
  for (;;) {
    while (startNext());
    const head = started.shift();
    if (head === undefined) return;
    if (opts.signal?.aborted) throw opts.signal.reason;
    let r = await head.result;
    if (head.inWindow) inWindow -= 1;
    // what the head held may now be read ahead (the file's share of the budget stays held until its read ends)
    if (retained !== undefined) retained.ahead += head.charged;
    if (!checkOnly) {
      // a segment read again with the counts has the same keys (they are its records' content): counted once
      if (state.segments >= STAMPS) {
        throw new GalctlError('trace-file-too-large', `trace file ${displayFile} is too large: more than ${STAMPS} segments of ${segmentBytes} bytes`, {
          hint: 'split it into several files, one per run',
        });
      }
      const bases = countOccurrences(state.occurrences, r.keys, state.segments);
      state.segments += 1;
      if (bases !== undefined) r = await runner.run(job(head.seg, bases));
    }
    yield dropRepeatedOwnIds(numbered(r, linesBefore), state, displayFile);
    linesBefore += r.lines;
  }
}

/** The result with its lines numbered in the file (the worker numbers them from the segment's start). */
function numbered(r: TraceSegmentResult, linesBefore: number): TraceSegmentResult {
  if (linesBefore === 0) return r;
  return {
    ...r,
    own: r.own.map((o) => ({ ...o, line: o.line + linesBefore })),
    problems: r.problems.map((p) => ({ ...p, line: p.line + linesBefore })),
  };
}

/** A segment's result with each trace's JSON as a view into its bytes (traceBytesViews). */
type SegmentTraces = Omit<TraceSegmentResult, 'bytes'> & { json: Uint8Array[] };

function dropRepeatedOwnIds(result: TraceSegmentResult, state: PassState, displayFile: string): SegmentTraces {
  const { bytes, ...rest } = result;
  const r: SegmentTraces = { ...rest, json: traceBytesViews(bytes, result.sizes) };
  const drop = new Set<number>();
  const problems: Problem[] = [];
  for (const { id, line, index } of r.own) {
    const first = state.own.get(id.toLowerCase());
    if (first === undefined) state.own.set(id.toLowerCase(), line);
    else {
      drop.add(index);
      problems.push(duplicateTraceId(displayFile, line, id, first));
    }
  }
  if (problems.length === 0) return r;
  const keep = (_: unknown, i: number): boolean => !drop.has(i);
  return {
    ...r,
    ids: r.ids.filter(keep),
    json: r.json.filter(keep),
    sizes: r.sizes.filter(keep),
    keys: r.keys.filter(keep),
    problems: [...r.problems, ...problems].sort((a, b) => a.line - b.line),
  };
}

/**
 * streamTraceChunks over a pool of worker threads: the file is cut into segments of whole lines that the workers
 * parse, check, give ids and encode in parallel (a validation pass first, when asked), and the chunks come in file
 * order, exactly as readTraceChunks gives them: same ids, same JSON, same problems. Memory holds the segments read
 * ahead (AHEAD_PER_WORKER per worker) and the counts of identical records (as readTraceFile), not the file.
 */
export function poolTraceChunksAvailable(): boolean {
  return compiledWorkerAvailable(WORKER_URL);
}

export async function* poolTraceChunks(file: string, opts: PoolTraceChunksOptions): AsyncGenerator<TraceChunkEvent> {
  const displayFile = opts.displayFile ?? file;
  const count = opts.workers ?? defaultTraceWorkers();
  const runner = count > 0 && compiledWorkerAvailable(WORKER_URL) ? sharedWorkers(count) : inThreadRunner();
  const window = Math.max(1, count) * AHEAD_PER_WORKER;
  const retained: Retained = { budget: processBudget, held: 0, ahead: 0, results: new Map(), closed: false };
  try {
    if (opts.retainedBytes !== undefined) retained.budget = { free: opts.retainedBytes };
    if (opts.validateLimit !== undefined) {
      const bad: BadRecords = { problems: [], count: 0 };
      for await (const r of pass(file, displayFile, opts, runner, true, window, retained)) {
        bad.count += r.problems.length;
        for (const p of r.problems) if (bad.problems.length < opts.validateLimit) bad.problems.push(p);
      }
      yield { bad };
      if (bad.count > 0) return;
    }
    let chunk: TraceChunk = { ids: [], json: [], sizes: [], problems: [] };
    let bytes = 0;
    for await (const r of pass(file, displayFile, opts, runner, false, window, retained)) {
      for (const p of r.problems) chunk.problems.push(p);
      for (let i = 0; i < r.ids.length; i++) {
        chunk.ids.push(r.ids[i]!);
        chunk.json.push(r.json[i]!);
        chunk.sizes.push(r.sizes[i]!);
        bytes += r.sizes[i]! + 1;
        if (chunk.ids.length >= opts.maxTraces || bytes >= opts.maxBytes) {
          yield { chunk };
          chunk = { ids: [], json: [], sizes: [], problems: [] };
          bytes = 0;
        }
      }
    }
    if (chunk.ids.length > 0 || chunk.problems.length > 0) yield { chunk };
  } finally {
    runner.close();
    retained.closed = true;
    retained.budget.free += retained.held;
    retained.held = 0;
    retained.results.clear();
  }
}
