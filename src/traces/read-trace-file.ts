import { readTraceRecords, type ReadTraceRecordsOptions } from './read-trace-records.js';
import type { TraceRecord } from './parse-trace-record.js';
import { generatedTraceId, setSpanIds, traceContentDigest } from './trace-id.js';
import type { GalileoTrace } from './types.js';
import type { Problem } from '../core/problem.js';
import { GalctlError } from '../core/errors.js';

/** One non-blank line of a trace file: the trace to send (ids set), or what is wrong with the line. */
export type TraceFileEntry = { line: number; trace: GalileoTrace } | { line: number; problem: Problem };

export interface ReadTraceFileOptions extends ReadTraceRecordsOptions {
  /** scope of generated ids (see traceIdScope) */
  idScope: string;
  /**
   * the ids of the file's good records in order, known already (galctl's local cache, keyed by the file's content
   * and the scope): taken as they are instead of derived
   */
  ids?: readonly string[];
}

/**
 * Streams a JSONL trace file as Galileo traces with every trace and span id set (see docs/traces.md, Identity), in
 * file order; bad lines come as located problems. Memory does not hold records: only the line being read, plus a
 * map from content digest to occurrence count (to number identical records) and the explicit ids seen, about
 * 150 bytes per record (15 MB per 100,000 records).
 */
export async function* readTraceFile(file: string, opts: ReadTraceFileOptions): AsyncGenerator<TraceFileEntry> {
  const idOf = opts.ids === undefined ? traceIdDeriver(opts.idScope) : knownIds(opts.ids, opts.displayFile ?? file);
  for await (const entry of readTraceRecords(file, { purpose: 'send', ...opts })) {
    if ('problem' in entry) {
      yield entry;
      continue;
    }
    const { record } = entry;
    yield { line: entry.line, trace: traceWithIds(record, idOf(record)) };
  }
}

/**
 * The trace to send for a record whose id is `id`: the record itself, taken over (a record is parsed for one send),
 * with that id set and every missing span id filled in (setSpanIds); its JSON is what `{ ...record, id }` with spans
 * copied the same way would give.
 */
export function traceWithIds(record: TraceRecord, id: string): GalileoTrace {
  const trace = record as GalileoTrace;
  trace.id = id;
  setSpanIds(trace.spans, id);
  return trace;
}

/** What identical records share: the first half of their content digest (the occurrence counts are keyed by it). */
export function occurrenceKey(contentDigest: string): string {
  return contentDigest.slice(0, 32);
}

/**
 * The trace id of every good record of a trace file, in file order: the ids readTraceFile gives, without building
 * the traces (no span ids). Bad lines are skipped (validation reports them). What a plan needs to count the traces
 * a run already holds; about 60 bytes per record.
 */
export async function readTraceIds(file: string, opts: ReadTraceFileOptions): Promise<string[]> {
  const idOf = traceIdDeriver(opts.idScope);
  const ids: string[] = [];
  for await (const entry of readTraceRecords(file, { purpose: 'ids', ...opts })) if ('record' in entry) ids.push(idOf(entry.record));
  return ids;
}

/**
 * How many good records a trace file has: readTraceIds' length without deriving any id (parsing only). What a plan
 * needs for a run that does not exist yet, which holds none of them.
 */
export async function countTraceRecords(file: string, opts: ReadTraceRecordsOptions = {}): Promise<number> {
  let n = 0;
  for await (const entry of readTraceRecords(file, { purpose: 'count', ...opts })) if ('record' in entry) n += 1;
  return n;
}

/** The known id of each good record in turn; a file with more records than ids is a cache that does not match. */
function knownIds(ids: readonly string[], displayFile: string): (record: TraceRecord) => string {
  let k = 0;
  return () => {
    const id = ids[k++];
    if (id === undefined) {
      throw new GalctlError('trace-ids-cache', `the cached trace ids of ${displayFile} do not match the file (${ids.length} ids)`, {
        hint: 'delete the .galctl/cache folder beside the manifest (galctl rebuilds it), then run again',
      });
    }
    return id;
  };
}

/**
 * The id of each record of one file in turn: its own, or one derived from its content and the number of identical
 * records before it (a map from content digest to occurrence count, about 150 bytes per record).
 */
function traceIdDeriver(idScope: string): (record: TraceRecord) => string {
  const occurrences = new Map<string, number>();
  return (record) => {
    if (record.id !== undefined) return record.id;
    const digest = traceContentDigest(record);
    const key = occurrenceKey(digest);
    const occurrence = occurrences.get(key) ?? 0;
    occurrences.set(key, occurrence + 1);
    return generatedTraceId(idScope, digest, occurrence);
  };
}
