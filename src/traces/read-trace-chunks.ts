import type { Problem } from '../core/problem.js';
import { readTraceFile, type ReadTraceFileOptions } from './read-trace-file.js';
import { TraceBytesWriter, traceBytesViews } from './trace-bytes.js';

/** Consecutive records of a trace file, ready to send: each trace's id and its JSON (ids set), and the bad lines. */
export interface TraceChunk {
  ids: string[];
  /**
   * JSON.stringify of each trace as UTF-8, in the order of `ids`: views into one buffer per chunk or segment (what
   * the ingest request carries, concatenated; a worker thread transfers the buffer)
   */
  json: Uint8Array[];
  /** UTF-8 bytes of each JSON */
  sizes: number[];
  problems: Problem[];
}

export interface ReadTraceChunksOptions extends ReadTraceFileOptions {
  /** traces per chunk, at most */
  maxTraces: number;
  /** a chunk ends once its traces' JSON reaches this many bytes (so memory is bounded by bytes too) */
  maxBytes: number;
}

/**
 * Streams a trace file (readTraceFile) as chunks of encoded traces: each trace is stringified and encoded once here,
 * and its bytes are what the ingest request carries. The last chunk may hold problems only; an empty file gives no
 * chunk.
 */
export async function* readTraceChunks(file: string, opts: ReadTraceChunksOptions): AsyncGenerator<TraceChunk> {
  const writer = new TraceBytesWriter();
  let ids: string[] = [];
  let problems: Problem[] = [];
  let bytes = 0;
  const take = (): TraceChunk => {
    const taken = writer.take();
    const chunk = { ids, json: traceBytesViews(taken.bytes, taken.sizes), sizes: taken.sizes, problems };
    ids = [];
    problems = [];
    bytes = 0;
    return chunk;
  };
  for await (const entry of readTraceFile(file, opts)) {
    if ('problem' in entry) {
      problems.push(entry.problem);
      continue;
    }
    ids.push(entry.trace.id);
    bytes += writer.add(JSON.stringify(entry.trace)) + 1;
    if (ids.length >= opts.maxTraces || bytes >= opts.maxBytes) yield take();
  }
  if (ids.length > 0 || problems.length > 0) yield take();
}
