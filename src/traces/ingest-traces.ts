import { GalctlError } from '../core/errors.js';
import { ApiError } from '../galileo/api-error.js';
import type { Problem } from '../core/problem.js';
import { TRACE_ID_CHUNK } from './count-present-traces.js';
import { presentTraceIds } from './find-present-trace-ids.js';
import { appendAll } from '../core/append-all.js';
import { IngestBodies, type EncodedTrace } from './ingest-body.js';
import type { BadRecords } from './collect-bad-records.js';
import { isKnownCleanTraceFile } from './checked-trace-files.js';
import type { TraceChunk } from './read-trace-chunks.js';
import { streamTraceChunks } from './stream-trace-chunks.js';
import { withIngestSlot } from './ingest-slots.js';
import { TRACE_IDS_CACHE, traceIdsKey } from './cached-trace-ids.js';
import { localCache, type LocalCache } from './local-cache.js';
import { createTaskPool } from './task-pool.js';
import type { PostJson, TraceDestination } from './types.js';
import { apiPath } from '../galileo/api-path.js';

export const DEFAULT_TRACE_BATCH_SIZE = 500;
/**
 * Bytes per ingest request, at most (JSON body). Galileo refuses large bodies (the simulator answers 413 above
 * 10 MB, where the Python SDK flushes); 8 MB leaves room for what a proxy adds.
 */
export const DEFAULT_TRACE_BATCH_BYTES = 8_000_000;
/** The request body around the traces (destination, flags) stays under this. */
const ENVELOPE_BYTES = 512;
/** Re-sends of one batch after ambiguous failures, each after asking the run which of its traces landed. */
const MAX_RESENDS = 5;
/** Bad records listed in the error of a refused file. */
const MAX_LISTED_PROBLEMS = 20;

export interface IngestProgress {
  /** good records read so far */
  read: number;
  /** of those, already in the run */
  present: number;
  /** traces sent and acknowledged */
  sent: number;
  /** ingest requests made (splits after a 413 and re-sends after an ambiguous failure included) */
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
  /** bytes per ingest request (JSON body), at most; default 8 MB. A single larger trace goes alone. */
  maxBatchBytes?: number;
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
  /** runs the wait for an ingest slot (an apply step waits without holding its step slot) */
  idle?: (wait: () => Promise<void>) => Promise<void>;
  /** galctl's local cache: the file's ids are taken from it when it knows them, and put in it when derived */
  cache?: LocalCache;
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

function tooLarge(trace: EncodedTrace, cause: ApiError): GalctlError {
  return new GalctlError('trace-too-large', `trace ${trace.id} (${trace.size} bytes as JSON) is too large for one ingest request: ${cause.message}`, {
    hint: 'shorten or split that trace, then run apply again (traces already sent are not sent twice)',
    cause,
  });
}

const located = (p: Problem): string => `${p.file}:${p.line}:${p.col}: ${p.message}`;

function refuseFile(displayFile: string, bad: BadRecords): GalctlError {
  const more = bad.count - bad.problems.length;
  const list = bad.problems.map((p) => `  ${located(p)}`).join('\n') + (more > 0 ? `\n  and ${more} more` : '');
  return new GalctlError('trace-file-invalid', `trace file ${displayFile} has ${bad.count} bad ${bad.count === 1 ? 'record' : 'records'}, nothing was sent:\n${list}`, {
    hint: 'fix the records (see docs/traces.md), or pass --skip-bad-records to send the good ones',
  });
}

/**
 * Sends the traces of a file that the run does not hold yet, streaming. The file is read in chunks of 1,000 ids; each
 * chunk is checked with `traces/count` (and with `traces/search` only when some but not all are there), and the
 * missing traces go out in batches of at most `batchSize` traces and `maxBatchBytes` bytes via
 * `POST /projects/{id}/traces` with `is_complete: false`, except the last batch sent, which has `is_complete: true` and
 * is sent once all earlier batches are acknowledged (so scoring fires once, over everything). A batch answered 413
 * (too large) is halved and each half sent. Nothing missing → nothing sent. Each record is parsed, its ids derived and
 * its JSON encoded once (streamTraceChunks: in a worker thread for large files, overlapping the requests); memory
 * holds the chunks read ahead (1,000 traces or `maxBatchBytes` each), one held-back batch and the batches in flight.
 *
 * An ingest request is not blindly re-sent: what Galileo does with a repeated trace id is unknown. After an
 * ambiguous failure (connection lost, 500/502/504: the batch may have landed) the run is asked which of the batch's
 * traces it holds, and only the others are sent again.
 *
 * A file with a bad record is refused before anything is sent (GalctlError `trace-file-invalid` listing file:line),
 * unless skipBadRecords; that takes a first read of the file, skipped when this process's manifest check found the
 * unchanged file clean (checked-trace-files.ts). The caller registers the run's scorers first. At most
 * MAX_FILES_INGESTING files ingest at once (ingest-slots.ts); the others wait their turn (through `idle`).
 */
export function ingestTraces(opts: IngestTracesOptions): Promise<IngestResult> {
  return withIngestSlot(() => ingestFile(opts), opts.idle);
}

async function ingestFile(opts: IngestTracesOptions): Promise<IngestResult> {
  const { projectId, destination, file, idScope, displayFile, signal } = opts;
  const batchSize = opts.batchSize ?? DEFAULT_TRACE_BATCH_SIZE;
  if (!Number.isInteger(batchSize) || batchSize < 1) throw new RangeError(`batchSize must be an integer ≥ 1, got ${batchSize}`);
  const maxBytes = opts.maxBatchBytes ?? DEFAULT_TRACE_BATCH_BYTES;
  if (!Number.isInteger(maxBytes) || maxBytes < 1) throw new RangeError(`maxBatchBytes must be an integer ≥ 1, got ${maxBytes}`);
  const skipBad = opts.skipBadRecords ?? false;
  // every request of an ingest goes in the client's bulk lane (its own share of the concurrency)
  const post: PostJson = (path, body, o) => opts.post(path, body, { ...o, bulk: true });

  const path = apiPath`/projects/${projectId}/traces`;
  const pool = createTaskPool(opts.concurrency ?? 2);
  const progress: IngestProgress = { read: 0, present: 0, sent: 0, batches: 0 };
  const skipped: Problem[] = [];
  const report = (): void => opts.onProgress?.({ ...progress });

  /** which of these traces the run holds, in chunks the id filter takes */
  const landedOf = async (traces: EncodedTrace[]): Promise<Set<string>> => {
    const landed = new Set<string>();
    for (let i = 0; i < traces.length; i += TRACE_ID_CHUNK) {
      const ids = traces.slice(i, i + TRACE_ID_CHUNK).map((t) => t.id);
      for (const id of await presentTraceIds(post, projectId, destination, ids)) landed.add(id);
    }
    return landed;
  };

  const bodies = new IngestBodies();
  const send = async (traces: EncodedTrace[], isComplete: boolean): Promise<void> => {
    let rest = traces;
    for (let resends = 0; ; resends++) {
      if (signal?.aborted) throw signal.reason;
      progress.batches += 1;
      try {
        const { body, release } = bodies.build(destination, rest, isComplete);
        try {
          await post(path, body, { idempotent: false });
        } finally {
          release();
        }
        progress.sent += rest.length;
        report();
        return;
      } catch (err) {
        if (err instanceof ApiError && err.status === 413) {
          if (rest.length === 1) throw tooLarge(rest[0] as EncodedTrace, err);
          const half = Math.ceil(rest.length / 2);
          await send(rest.slice(0, half), false);
          await send(rest.slice(half), isComplete);
          return;
        }
        if (!(err instanceof ApiError && err.maybeLanded) || resends >= MAX_RESENDS) throw err;
        // the batch may have landed: count what is there, send only the rest
        const landed = await landedOf(rest);
        const still = rest.filter((t) => !landed.has(t.id.toLowerCase()));
        progress.sent += rest.length - still.length;
        report();
        if (still.length === 0) return;
        rest = still;
      }
    }
  };

  const missing: EncodedTrace[] = [];
  /** JSON bytes of the traces in `missing` (commas included) */
  let missingBytes = 0;
  /** the next batch from the front of `missing`: up to batchSize traces and maxBytes bytes, at least one trace */
  const takeBatch = (): EncodedTrace[] => {
    let n = 0;
    let bytes = ENVELOPE_BYTES;
    while (n < missing.length && n < batchSize && (n === 0 || bytes + (missing[n] as EncodedTrace).size + 1 <= maxBytes)) {
      bytes += (missing[n] as EncodedTrace).size + 1;
      n += 1;
    }
    missingBytes -= bytes - ENVELOPE_BYTES;
    return missing.splice(0, n);
  };
  const batchIsFull = (): boolean => missing.length >= batchSize || ENVELOPE_BYTES + missingBytes > maxBytes;
  /** the newest full batch, held back until we know whether it is the last one */
  let held: EncodedTrace[] | null = null;
  const release = async (next: EncodedTrace[]): Promise<void> => {
    if (held !== null) {
      const batch = held;
      await pool.run(() => send(batch, false));
    }
    held = next;
  };
  const checkChunk = async ({ ids, json, sizes }: TraceChunk): Promise<void> => {
    if (ids.length === 0) return;
    progress.read += ids.length;
    // a count settles the common cases (nothing there yet, everything there already) without reading records;
    // a run this process just created holds nothing: no request at all
    const present = opts.runIsEmpty === true ? new Set<string>() : await presentTraceIds(post, projectId, destination, ids);
    ids.forEach((id, i) => {
      if (present.has(id.toLowerCase())) {
        progress.present += 1;
        return;
      }
      const size = sizes[i] as number;
      missing.push({ id, json: json[i] as Uint8Array, size });
      missingBytes += size + 1;
    });
    report();
    while (batchIsFull()) await release(takeBatch());
  };

  // the manifest check of this command read the file in full and found no bad record: not read again for that
  const validate = !skipBad && !isKnownCleanTraceFile(file);
  const cache = opts.cache ?? localCache(undefined);
  const idsKey = await traceIdsKey(cache, file, idScope);
  const cachedIds = idsKey === undefined ? undefined : await cache.get<string[]>(TRACE_IDS_CACHE, idsKey);
  /** the ids derived, for the cache (when it has none yet) */
  const derivedIds: string[] | undefined = idsKey !== undefined && cachedIds === undefined ? [] : undefined;
  const chunks = streamTraceChunks(file, {
    idScope,
    ...(Array.isArray(cachedIds) ? { ids: cachedIds } : {}),
    maxTraces: TRACE_ID_CHUNK,
    maxBytes,
    ...(displayFile === undefined ? {} : { displayFile }),
    ...(validate ? { validateLimit: MAX_LISTED_PROBLEMS } : {}),
    ...(signal === undefined ? {} : { signal }),
  });
  try {
    for await (const event of chunks) {
      if ('bad' in event) {
        if (event.bad.count > 0) throw refuseFile(displayFile ?? file, event.bad);
        continue;
      }
      const { problems } = event.chunk;
      if (problems.length > 0 && !skipBad) throw refuseFile(displayFile ?? file, { problems: problems.slice(0, MAX_LISTED_PROBLEMS), count: problems.length });
      appendAll(skipped, problems);
      if (derivedIds !== undefined) appendAll(derivedIds, event.chunk.ids);
      await checkChunk(event.chunk);
    }
    if (derivedIds !== undefined && idsKey !== undefined) await cache.put(TRACE_IDS_CACHE, idsKey, derivedIds);
    while (missing.length > 0) await release(takeBatch());
  } catch (err) {
    // interrupted or failed: the batches in flight still land (their requests are not aborted); wait for their
    // answers so `sent` (reported as they are acknowledged) counts every trace that reached Galileo
    await pool.drain().catch(() => undefined);
    throw err;
  }
  await pool.drain();
  const last: EncodedTrace[] | null = held;
  if (last !== null) await send(last, true);

  return { total: progress.read, sent: progress.sent, present: progress.present, batches: progress.batches, skipped };
}
