import type { TraceCounts } from '../core/plan-types.js';
import { countTraceIds } from './find-present-trace-ids.js';
import { readTraceIds } from './read-trace-file.js';
import { createTaskPool } from './task-pool.js';
import type { PostJson, TraceDestination } from './types.js';

/** Ids per count/search request. */
export const TRACE_ID_CHUNK = 1000;

export interface CountPresentTracesOptions {
  post: PostJson;
  /** null when the project does not exist yet */
  projectId: string | null;
  /** the run; null when it does not exist yet (then nothing is asked: present = 0) */
  destination: TraceDestination | null;
  /** absolute path of the trace file */
  file: string;
  /** scope of generated ids: traceIdScope(project name, kind, run name) */
  idScope: string;
  displayFile?: string;
  /** count requests in flight at once (the client's global limit applies too); default 4 */
  concurrency?: number;
  /** ids per request, ≤ 1000; default 1000 */
  chunkSize?: number;
  signal?: AbortSignal;
  /** the file's trace ids when already derived (readTraceIds): the file is not read again */
  ids?: readonly string[];
}

/**
 * How many records a trace file has and how many of their ids the run already holds: the file's ids (readTraceIds,
 * or `ids`), then `traces/count` for chunks of ids in parallel. Bad records are not counted (validation reports them).
 */
export async function countPresentTraces(opts: CountPresentTracesOptions): Promise<TraceCounts> {
  const { post, projectId, destination } = opts;
  const chunkSize = Math.min(opts.chunkSize ?? TRACE_ID_CHUNK, TRACE_ID_CHUNK);
  const pool = createTaskPool(opts.concurrency ?? 4);
  let total = 0;
  let present = 0;
  let chunk: string[] = [];
  const flush = async (): Promise<void> => {
    const ids = chunk;
    chunk = [];
    if (ids.length === 0 || projectId === null || destination === null) return;
    await pool.run(async () => {
      // not `present += await …`: that reads `present` before the await, and concurrent chunks overwrite each other
      const n = await countTraceIds(post, projectId, destination, ids);
      present += n;
    });
  };
  const ids = opts.ids ?? (await readTraceIds(opts.file, { idScope: opts.idScope, displayFile: opts.displayFile, signal: opts.signal }));
  for (let i = 0; i < ids.length; i += 1) {
    total += 1;
    chunk.push(ids[i]!);
    if (chunk.length >= chunkSize) await flush();
  }
  await flush();
  await pool.drain();
  return { total, present };
}
