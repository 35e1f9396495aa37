import { GalctlError } from '../errors.js';
import type { Problem } from '../manifest/problem.js';
import { TRACE_ID_CHUNK } from './count-present-traces.js';
import { countTraceIds, findPresentTraceIds } from './find-present-trace-ids.js';
import { readTraceFile } from './read-trace-file.js';
import { readTraceRecords } from './read-trace-records.js';
import { createTaskPool } from './task-pool.js';
import type { GalileoTrace, PostJson, TraceDestination } from './types.js';
import { apiPath } from '../galileo/api-path.js';

export const DEFAULT_TRACE_BATCH_SIZE = 500;
/** Bad records listed in the error of a refused file. */
const MAX_LISTED_PROBLEMS = 20;

export interface IngestProgress {
  /** good records read so far */
  read: number;
  /** of those, already in the run */
  present: number;
  /** traces sent and acknowledged */
  sent: number;
  batches: number;
}

export interface IngestTracesOptions {
  post: PostJson;
  projectId: string;
  destination: TraceDestination;
  /** absolute path of the trace file */
  file: string;
  /** scope of generated ids: traceIdScope(project name, kind, run name) */
  idScope: string;
  displayFile?: string;
  /** traces per ingest request; default 500 */
  batchSize?: number;
  /**
   * the run was created moments ago by this process (not adopted) and holds none of these traces: send every record
   * without asking which are there (saves one count request per 1,000 traces)
   */
  runIsEmpty?: boolean;
  /** send the good records of a file with bad ones (and report the bad ones) instead of refusing the file */
  skipBadRecords?: boolean;
  /** ingest requests in flight at once before the last one; default 2 */
  concurrency?: number;
  signal?: AbortSignal;
  onProgress?: (progress: IngestProgress) => void;
}

export interface IngestResult {
  /** good records in the file */
  total: number;
  /** traces sent */
  sent: number;
  /** records whose id the run already held */
  present: number;
  /** ingest requests made */
  batches: number;
  /** bad records skipped (only with skipBadRecords) */
  skipped: Problem[];
}

const located = (p: Problem): string => `${p.file}:${p.line}:${p.col}: ${p.message}`;

/** Every bad record of the file (at most `limit` kept, all counted). */
async function collectBadRecords(file: string, displayFile: string | undefined, signal: AbortSignal | undefined, limit: number): Promise<{ problems: Problem[]; count: number }> {
  const problems: Problem[] = [];
  let count = 0;
  for await (const entry of readTraceRecords(file, { displayFile, signal })) {
    if (!('problem' in entry)) continue;
    count += 1;
    if (problems.length < limit) problems.push(entry.problem);
  }
  return { problems, count };
}

/**
 * Sends the traces of a file that the run does not hold yet, streaming. The file is read in chunks of 1,000 ids; each
 * chunk is checked with `traces/count` (and with `traces/search` only when some but not all are there), and the
 * missing traces go out in batches of `batchSize` via `POST /projects/{id}/traces` with `is_complete: false`, except
 * the last batch sent, which has `is_complete: true` and is sent once all earlier batches are acknowledged (so scoring
 * fires once, over everything). Nothing missing → nothing sent. Memory holds at most one id chunk, one held-back
 * batch and the batches in flight.
 *
 * A file with a bad record is refused before anything is sent (GalctlError `trace-file-invalid` listing file:line),
 * unless skipBadRecords. Ids are fixed by the file, so an ingest request is safe to retry (marked idempotent). The
 * caller registers the run's scorers first.
 */
export async function ingestTraces(opts: IngestTracesOptions): Promise<IngestResult> {
  const { post, projectId, destination, file, idScope, displayFile, signal } = opts;
  const batchSize = opts.batchSize ?? DEFAULT_TRACE_BATCH_SIZE;
  if (!Number.isInteger(batchSize) || batchSize < 1) throw new RangeError(`batchSize must be an integer ≥ 1, got ${batchSize}`);
  const skipBad = opts.skipBadRecords ?? false;

  if (!skipBad) {
    const bad = await collectBadRecords(file, displayFile, signal, MAX_LISTED_PROBLEMS);
    if (bad.count > 0) {
      const more = bad.count - bad.problems.length;
      const list = bad.problems.map((p) => `  ${located(p)}`).join('\n') + (more > 0 ? `\n  and ${more} more` : '');
      throw new GalctlError('trace-file-invalid', `trace file ${displayFile ?? file} has ${bad.count} bad ${bad.count === 1 ? 'record' : 'records'}, nothing was sent:\n${list}`, {
        hint: 'fix the records (see docs/traces.md), or pass --skip-bad-records to send the good ones',
      });
    }
  }

  const path = apiPath`/projects/${projectId}/traces`;
  const pool = createTaskPool(opts.concurrency ?? 2);
  const progress: IngestProgress = { read: 0, present: 0, sent: 0, batches: 0 };
  const skipped: Problem[] = [];
  const report = (): void => opts.onProgress?.({ ...progress });

  const send = async (traces: GalileoTrace[], isComplete: boolean): Promise<void> => {
    if (signal?.aborted) throw signal.reason;
    progress.batches += 1;
    await post(path, { ...destination, traces, is_complete: isComplete, logging_method: 'api_direct', reliable: true }, { idempotent: true });
    progress.sent += traces.length;
    report();
  };

  let chunk: GalileoTrace[] = [];
  let missing: GalileoTrace[] = [];
  /** the newest full batch, held back until we know whether it is the last one */
  let held: GalileoTrace[] | null = null;
  const release = async (next: GalileoTrace[]): Promise<void> => {
    if (held !== null) {
      const batch = held;
      await pool.run(() => send(batch, false));
    }
    held = next;
  };
  const checkChunk = async (): Promise<void> => {
    const traces = chunk;
    chunk = [];
    if (traces.length === 0) return;
    // a count settles the common cases (nothing there yet, everything there already) without reading records;
    // a run this process just created holds nothing: no request at all
    const ids = traces.map((t) => t.id);
    const n = opts.runIsEmpty === true ? 0 : await countTraceIds(post, projectId, destination, ids);
    const present = n === 0 ? new Set<string>() : n >= ids.length ? new Set(ids.map((id) => id.toLowerCase())) : await findPresentTraceIds(post, projectId, destination, ids);
    for (const t of traces) {
      if (present.has(t.id.toLowerCase())) progress.present += 1;
      else missing.push(t);
    }
    report();
    while (missing.length >= batchSize) await release(missing.splice(0, batchSize));
  };

  for await (const entry of readTraceFile(file, { idScope, displayFile, signal })) {
    if ('problem' in entry) {
      skipped.push(entry.problem);
      continue;
    }
    progress.read += 1;
    chunk.push(entry.trace);
    if (chunk.length >= TRACE_ID_CHUNK) await checkChunk();
  }
  await checkChunk();
  if (missing.length > 0) await release(missing);
  missing = [];
  await pool.drain();
  const last: GalileoTrace[] | null = held;
  if (last !== null) await send(last, true);

  return { total: progress.read, sent: progress.sent, present: progress.present, batches: progress.batches, skipped };
}
