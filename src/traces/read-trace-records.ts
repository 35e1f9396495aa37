import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { GalctlError } from '../core/errors.js';
import type { Problem } from '../core/problem.js';
import { parseTraceRecord, type TraceRecord } from './parse-trace-record.js';
import { stripBom } from '../core/strip-bom.js';
import { noteTraceFileParse } from './trace-parse-debug.js';

/** One non-blank line of a trace file: the parsed record (ids not filled in), or what is wrong with the line. */
export type TraceRecordEntry = { line: number; record: TraceRecord } | { line: number; problem: Problem };

export interface ReadTraceRecordsOptions {
  /** the path as the user should see it in problems; default the path itself */
  displayFile?: string;
  signal?: AbortSignal;
  /** what the pass is for, in the GALCTL_DEBUG=traces line (trace-parse-debug.ts) */
  purpose?: string;
}

const FS_REASONS: Record<string, string> = {
  ENOENT: 'no such file',
  EISDIR: 'it is a directory',
  EACCES: 'permission denied',
};

/** `… in JSON at position 12` → column 13 (V8 gives the position for some syntax errors only). */
function columnOf(err: unknown): number {
  const m = err instanceof Error ? /at position (\d+)/.exec(err.message) : null;
  return m ? Number(m[1]) + 1 : 1;
}

/** A located problem of a trace file. */
function traceProblem(file: string, line: number, col: number, code: string, message: string, hint?: string): Problem {
  return hint === undefined ? { file, line, col, code, message } : { file, line, col, code, message, hint };
}

/**
 * One line of a trace file (BOM already stripped): undefined when blank, else the parsed and checked record or what
 * is wrong with it. Whether its own id repeats an earlier record's is duplicateTraceId's to say.
 */
export function traceLineEntry(text: string, line: number, displayFile: string): TraceRecordEntry | undefined {
  // a record starts with `{`: only another line can be blank
  if (text.charCodeAt(0) !== 0x7b && text.trim() === '') return undefined;
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    const reason = err instanceof Error ? err.message : String(err);
    return { line, problem: traceProblem(displayFile, line, columnOf(err), 'trace-json', `invalid JSON: ${reason}`, 'each line of a trace file is one JSON object') };
  }
  const parsed = parseTraceRecord(value);
  if (!parsed.ok) return { line, problem: traceProblem(displayFile, line, 1, 'trace-record', parsed.message, parsed.hint) };
  return { line, record: parsed.trace };
}

/** The problem of a record whose own `id` an earlier record of the file (at line `first`) has already. */
export function duplicateTraceId(displayFile: string, line: number, id: string, first: number): Problem {
  return traceProblem(displayFile, line, 1, 'trace-duplicate-id', `duplicate trace id ${id} (first at line ${first})`, 'give each record its own id, or remove the ids to let galctl derive them');
}

/** What an error reading a trace file becomes: a GalctlError `trace-file-unreadable` for a file-system error. */
export function unreadableTraceFile(err: unknown, displayFile: string): unknown {
  if (err instanceof Error && 'code' in err && typeof err.code === 'string' && err.code.startsWith('E')) {
    const reason = FS_REASONS[err.code] ?? err.code;
    return new GalctlError('trace-file-unreadable', `cannot read trace file ${displayFile}: ${reason}`, {
      hint: 'check the traces: path in the manifest (relative to the manifest file)',
      cause: err,
    });
  }
  return err;
}

/**
 * Streams a JSONL trace file: one entry per non-blank line, in file order, each record parsed and checked (see
 * parseTraceRecord); two records with the same explicit `id` are a problem. Holds only the line being read and the
 * explicit ids seen. An unreadable file throws a GalctlError (`trace-file-unreadable`).
 */
export async function* readTraceRecords(file: string, opts: ReadTraceRecordsOptions = {}): AsyncGenerator<TraceRecordEntry> {
  const displayFile = opts.displayFile ?? file;
  noteTraceFileParse(file, opts.purpose ?? 'read');
  const explicitIds = new Map<string, number>();
  const stream = createReadStream(file, { encoding: 'utf8' });
  const lines = createInterface({ input: stream, crlfDelay: Infinity });
  let lineNo = 0;
  try {
    for await (const raw of lines) {
      lineNo += 1;
      if (opts.signal?.aborted) throw opts.signal.reason;
      const entry = traceLineEntry(lineNo === 1 ? stripBom(raw) : raw, lineNo, displayFile);
      if (entry === undefined) continue;
      const id = 'record' in entry ? entry.record.id : undefined;
      if (id !== undefined) {
        const first = explicitIds.get(id.toLowerCase());
        if (first !== undefined) {
          yield { line: lineNo, problem: duplicateTraceId(displayFile, lineNo, id, first) };
          continue;
        }
        explicitIds.set(id.toLowerCase(), lineNo);
      }
      yield entry;
    }
  } catch (err) {
    throw unreadableTraceFile(err, displayFile);
  } finally {
    lines.close();
    stream.destroy();
  }
}
