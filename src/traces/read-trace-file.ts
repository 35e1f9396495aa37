import { readTraceRecords, type ReadTraceRecordsOptions } from './read-trace-records.js';
import { generatedTraceId, traceContentDigest, withSpanIds } from './trace-id.js';
import type { GalileoTrace } from './types.js';
import type { Problem } from '../manifest/problem.js';

/** One non-blank line of a trace file: the trace to send (ids set), or what is wrong with the line. */
export type TraceFileEntry = { line: number; trace: GalileoTrace } | { line: number; problem: Problem };

export interface ReadTraceFileOptions extends ReadTraceRecordsOptions {
  /** scope of generated ids (see traceIdScope) */
  idScope: string;
}

/**
 * Streams a JSONL trace file as Galileo traces with every trace and span id set (see docs/traces.md, Identity), in
 * file order; bad lines come as located problems. Memory does not hold records: only the line being read, plus a
 * map from content digest to occurrence count (to number identical records) and the explicit ids seen, about
 * 150 bytes per record (15 MB per 100,000 records).
 */
export async function* readTraceFile(file: string, opts: ReadTraceFileOptions): AsyncGenerator<TraceFileEntry> {
  const occurrences = new Map<string, number>();
  for await (const entry of readTraceRecords(file, opts)) {
    if ('problem' in entry) {
      yield entry;
      continue;
    }
    const { record } = entry;
    let id = record.id;
    if (id === undefined) {
      const digest = traceContentDigest(record);
      const key = digest.slice(0, 32);
      const occurrence = occurrences.get(key) ?? 0;
      occurrences.set(key, occurrence + 1);
      id = generatedTraceId(opts.idScope, digest, occurrence);
    }
    yield { line: entry.line, trace: { ...record, id, spans: withSpanIds(record.spans, id) } };
  }
}
