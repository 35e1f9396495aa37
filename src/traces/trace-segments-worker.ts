/**
 * Worker thread entry (node:worker_threads): one of the pool that reads a large trace file for an ingest (see
 * poolTraceChunks, pool-trace-chunks.ts). Each job is a segment of the file, whole lines: the worker parses and
 * checks its records and, unless `checkOnly`, derives their ids and encodes them as JSON — what readTraceChunks does
 * for the whole file, except what needs the lines before the segment (the pool's coordinator does that, in order):
 * telling a repeated own id, and counting identical records across segments (it passes `bases` when it must).
 * In:  TraceSegmentJob. Out: TraceSegmentResult (or { job, error }).
 */
import { closeSync, openSync, readSync } from 'node:fs';
import { parentPort, workerData } from 'node:worker_threads';
import type { Problem } from '../core/problem.js';
import { stripBom } from '../core/strip-bom.js';
import { occurrenceKey, traceWithIds } from './read-trace-file.js';
import { traceLineEntry, unreadableTraceFile } from './read-trace-records.js';
import { generatedTraceId, traceContentDigest } from './trace-id.js';
import { toWorkerError, type WorkerError } from './worker-error.js';
import { TraceBytesWriter } from './trace-bytes.js';

export interface TraceSegmentJob {
  job: number;
  /** the trace file (UTF-8) */
  file: string;
  /**
   * the segment: the lines that start at a byte offset in [start, end) (a line starts at 0 and after each \n), read
   * to their end; `end` undefined: to the end of the file. Lines are cut at \n only, so a \r\n is never split.
   */
  start: number;
  end?: number;
  idScope: string;
  displayFile: string;
  /** only parse and check the records (a validation pass): no ids, no JSON */
  checkOnly: boolean;
  /** identical records before this segment, by occurrence key (none: the coordinator saw none) */
  bases?: Record<string, number>;
}

export interface TraceSegmentResult {
  job: number;
  /** line breaks in the segment (lines and problems are numbered from 1 at the segment's start) */
  lines: number;
  /** per good record, in order: its id, and the UTF-8 size of its JSON (ids set) in `bytes` */
  ids: string[];
  /** the records' JSON as UTF-8, one after the other (one buffer: transferred to the main thread, not copied) */
  bytes: Uint8Array;
  sizes: number[];
  /** per good record: its occurrence key when its id was derived, null when it has its own (empty when checkOnly) */
  keys: (string | null)[];
  /** the good records with an own id: that id, its line and its index among the good records */
  own: { id: string; line: number; index: number }[];
  problems: Problem[];
}

export type TraceSegmentMessage = TraceSegmentResult | { job: number; error: WorkerError };

const READ = 64 * 1024;

/**
 * The buffer the segments of this thread are read into, reused: memory touched for the first time costs about
 * 15 µs per 4 KB page on the machines we measured (a page fault each), more than parsing what it holds (issue 22).
 */
let scratch = Buffer.alloc(0);

function scratchOf(size: number): Buffer {
  if (scratch.length < size) scratch = Buffer.allocUnsafeSlow(size);
  return scratch.subarray(0, size);
}

/** The bytes of the lines starting in [start, end) of the file (see TraceSegmentJob), read to the end of the last. */
function segmentBytes(file: string, displayFile: string, start: number, end: number | undefined): Buffer {
  const fd = openSync(file, 'r');
  try {
    const parts: Buffer[] = [];
    let pos = Math.max(0, start - 1);
    let begun = start === 0;
    // the first read takes the whole segment and the end of its last line, as a rule: one read, nothing to join
    let size = end === undefined ? READ : end - pos + READ;
    for (;;) {
      // the scratch buffer while no part of the segment is kept in it (the bytes returned are used before the next job)
      const buf = parts.length === 0 ? scratchOf(size) : Buffer.allocUnsafe(size);
      const n = readSync(fd, buf, 0, size, pos);
      size = READ;
      if (n === 0) break;
      let data = buf.subarray(0, n);
      if (!begun) {
        // the first line starting at or after `start`: after the first \n at or after start − 1
        const nl = data.indexOf(0x0a);
        if (nl === -1) {
          pos += n;
          if (end !== undefined && pos >= end) return Buffer.alloc(0);
          continue;
        }
        if (end !== undefined && pos + nl + 1 >= end) return Buffer.alloc(0);
        begun = true;
        pos += nl + 1;
        data = data.subarray(nl + 1);
        if (data.length === 0) continue;
      }
      // past `end`: up to the \n that ends the last line starting before it
      const from = end === undefined ? -1 : Math.max(0, end - 1 - pos);
      const nl = end === undefined || from >= data.length ? -1 : data.indexOf(0x0a, from);
      if (nl !== -1) {
        parts.push(data.subarray(0, nl + 1));
        break;
      }
      parts.push(data);
      pos += data.length;
    }
    return parts.length === 1 ? parts[0]! : Buffer.concat(parts);
  } catch (err) {
    throw unreadableTraceFile(err, displayFile);
  } finally {
    closeSync(fd);
  }
}

/**
 * The lines of `data` (UTF-8), as `data.toString().split(/\r\n|\n|\r/)` gives them (readline's line breaks), each
 * decoded on its own: a segment decoded whole (256 KB) is a string V8 puts in its large-object space, which made
 * decoding it about ten times slower (measured, issue 22). No UTF-8 sequence holds a \n or \r byte, so the cuts are the same.
 */
export function splitLines(data: Buffer): string[] {
  const out: string[] = [];
  let at = 0;
  // the next \r at or after `at` (-1: none left), looked up again only once passed
  let cr = data.indexOf(0x0d);
  for (;;) {
    const nl = data.indexOf(0x0a, at);
    if (cr !== -1 && cr < at) cr = data.indexOf(0x0d, at);
    if (cr !== -1 && (nl === -1 || cr < nl)) {
      out.push(data.toString('utf8', at, cr));
      at = cr + (data[cr + 1] === 0x0a ? 2 : 1);
      continue;
    }
    if (nl === -1) break;
    out.push(data.toString('utf8', at, nl));
    at = nl + 1;
  }
  out.push(data.toString('utf8', at));
  return out;
}

/** The job's segment read as readTraceRecords + readTraceFile + readTraceChunks read it. */
export function readTraceSegment(job: TraceSegmentJob): TraceSegmentResult {
  const out: TraceSegmentResult = { job: job.job, lines: 0, ids: [], bytes: new Uint8Array(0), sizes: [], keys: [], own: [], problems: [] };
  const data = segmentBytes(job.file, job.displayFile, job.start, job.end);
  const lines = splitLines(data);
  // a simple row with its ids set, as JSON, is about 2.5 times its line (it gains its llm span; measured 2.45)
  const writer = new TraceBytesWriter(job.checkOnly ? 0 : 2.5 * data.length);
  out.lines = lines.length - 1;
  const local = new Map<string, number>();
  let good = 0;
  for (let i = 0; i < lines.length; i++) {
    const line = i + 1;
    const entry = traceLineEntry(job.start === 0 && i === 0 ? stripBom(lines[i]!) : lines[i]!, line, job.displayFile);
    if (entry === undefined) continue;
    if ('problem' in entry) {
      out.problems.push(entry.problem);
      continue;
    }
    const { record } = entry;
    if (record.id !== undefined) out.own.push({ id: record.id, line, index: good });
    good += 1;
    if (job.checkOnly) continue;
    let id = record.id;
    let key: string | null = null;
    if (id === undefined) {
      const digest = traceContentDigest(record);
      key = occurrenceKey(digest);
      const seen = local.get(key) ?? job.bases?.[key] ?? 0;
      local.set(key, seen + 1);
      id = generatedTraceId(job.idScope, digest, seen);
    }
    writer.add(JSON.stringify(traceWithIds(record, id)));
    out.ids.push(id);
    out.keys.push(key);
  }
  const taken = writer.take();
  out.bytes = taken.bytes;
  out.sizes = taken.sizes;
  return out;
}

/** what the pool passes as workerData: this module is imported elsewhere too (for readTraceSegment) */
export const TRACE_SEGMENTS_WORKER = 'galctl:trace-segments';

if (workerData === TRACE_SEGMENTS_WORKER)
  parentPort?.on('message', (job: TraceSegmentJob) => {
    let reply: TraceSegmentMessage;
    try {
      reply = readTraceSegment(job);
    } catch (err) {
      reply = { job: job.job, error: toWorkerError(err) };
    }
    parentPort?.postMessage(reply, 'bytes' in reply ? [reply.bytes.buffer as ArrayBuffer] : []);
  });
