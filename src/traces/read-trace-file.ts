import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { GalctlError } from '../errors.js';
import type { Problem } from '../manifest/problem.js';
import { parseTraceRecord } from './parse-trace-record.js';
import { generatedTraceId, traceContentDigest, withSpanIds } from './trace-id.js';
import type { GalileoTrace } from './types.js';

/** One non-blank line of a trace file: the trace to send (ids set), or what is wrong with the line. */
export type TraceFileEntry = { line: number; trace: GalileoTrace } | { line: number; problem: Problem };

export interface ReadTraceFileOptions {
  /** scope of generated ids (see traceIdScope); any string when ids do not matter, e.g. for checking */
  idScope: string;
  /** the path as the user should see it in problems; default the path itself */
  displayFile?: string;
  signal?: AbortSignal;
}

const FS_REASONS: Record<string, string> = {
  ENOENT: 'no such file',
  EISDIR: 'it is a directory',
  EACCES: 'permission denied',
};

/** `… in JSON at position 12` → column 13. */
function columnOf(err: unknown): number {
  const m = err instanceof Error ? /at position (\d+)/.exec(err.message) : null;
  return m ? Number(m[1]) + 1 : 1;
}

/**
 * Streams a JSONL trace file, one entry per non-blank line, in file order. Memory does not hold records: only the
 * line being read plus, for deterministic ids, a small map from record content digest to occurrence count and a map
 * of the explicit ids seen (to report duplicates), about 100 bytes per record. An unreadable file throws a GalctlError.
 */
export async function* readTraceFile(file: string, opts: ReadTraceFileOptions): AsyncGenerator<TraceFileEntry> {
  const displayFile = opts.displayFile ?? file;
  const occurrences = new Map<string, number>();
  const explicitIds = new Map<string, number>();
  const problem = (line: number, col: number, code: string, message: string, hint?: string): Problem =>
    hint === undefined ? { file: displayFile, line, col, code, message } : { file: displayFile, line, col, code, message, hint };

  const stream = createReadStream(file, { encoding: 'utf8' });
  const lines = createInterface({ input: stream, crlfDelay: Infinity });
  let lineNo = 0;
  try {
    for await (const raw of lines) {
      lineNo += 1;
      if (opts.signal?.aborted) throw opts.signal.reason;
      const text = lineNo === 1 && raw.charCodeAt(0) === 0xfeff ? raw.slice(1) : raw;
      if (text.trim() === '') continue;

      let value: unknown;
      try {
        value = JSON.parse(text);
      } catch (err) {
        const reason = err instanceof Error ? err.message : String(err);
        yield { line: lineNo, problem: problem(lineNo, columnOf(err), 'trace-json', `invalid JSON: ${reason}`, 'each line of a trace file is one JSON object') };
        continue;
      }
      const parsed = parseTraceRecord(value);
      if (!parsed.ok) {
        yield { line: lineNo, problem: problem(lineNo, 1, 'trace-record', parsed.message, parsed.hint) };
        continue;
      }

      const record = parsed.trace;
      let id: string;
      if (record.id !== undefined) {
        id = record.id;
        const key = id.toLowerCase();
        const first = explicitIds.get(key);
        if (first !== undefined) {
          yield { line: lineNo, problem: problem(lineNo, 1, 'trace-duplicate-id', `duplicate trace id ${id} (first at line ${first})`, 'give each record its own id, or remove the ids to let galctl derive them') };
          continue;
        }
        explicitIds.set(key, lineNo);
      } else {
        const digest = traceContentDigest(record);
        const key = digest.slice(0, 32);
        const occurrence = occurrences.get(key) ?? 0;
        occurrences.set(key, occurrence + 1);
        id = generatedTraceId(opts.idScope, digest, occurrence);
      }
      yield { line: lineNo, trace: { ...record, id, spans: withSpanIds(record.spans, id) } };
    }
  } catch (err) {
    if (err instanceof Error && 'code' in err && typeof err.code === 'string' && err.code.startsWith('E')) {
      const reason = FS_REASONS[err.code] ?? err.code;
      throw new GalctlError('trace-file-unreadable', `cannot read trace file ${displayFile}: ${reason}`, {
        hint: 'check the traces: path in the manifest (relative to the manifest file)',
        cause: err,
      });
    }
    throw err;
  } finally {
    lines.close();
    stream.destroy();
  }
}
