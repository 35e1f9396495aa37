import type { Problem } from '../core/problem.js';
import { readTraceFile, type ReadTraceFileOptions } from './read-trace-file.js';

/** Consecutive records of a trace file, ready to send: each trace's id and its JSON (ids set), and the bad lines. */
export interface TraceChunk {
  ids: string[];
  /** JSON.stringify of each trace, in the order of `ids` */
  json: string[];
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
 * Streams a trace file (readTraceFile) as chunks of encoded traces: each trace is stringified once here, and its
 * JSON is what the ingest request carries. The last chunk may hold problems only; an empty file gives no chunk.
 */
export async function* readTraceChunks(file: string, opts: ReadTraceChunksOptions): AsyncGenerator<TraceChunk> {
  let chunk: TraceChunk = { ids: [], json: [], sizes: [], problems: [] };
  let bytes = 0;
  for await (const entry of readTraceFile(file, opts)) {
    if ('problem' in entry) {
      chunk.problems.push(entry.problem);
      continue;
    }
    const json = JSON.stringify(entry.trace);
    chunk.ids.push(entry.trace.id);
    const size = Buffer.byteLength(json);
    chunk.json.push(json);
    chunk.sizes.push(size);
    bytes += size + 1;
    if (chunk.ids.length >= opts.maxTraces || bytes >= opts.maxBytes) {
      yield chunk;
      chunk = { ids: [], json: [], sizes: [], problems: [] };
      bytes = 0;
    }
  }
  if (chunk.ids.length > 0 || chunk.problems.length > 0) yield chunk;
}
