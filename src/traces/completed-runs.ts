import type { LocalCache } from './local-cache.js';

/** Cache entries (local-cache.ts): runs galctl saw hold every trace of a trace file, none left incomplete. */
export const COMPLETED_RUNS_CACHE = 'completed-runs';

/**
 * The record's key: the trace file's content (its ids are derived from it and the id scope) and the run, by API
 * URL and id. A changed file is another key; so is another org or simulator behind another URL.
 */
function completedKey(cache: LocalCache, apiUrl: string, runId: string, file: string, idScope: string): Promise<string | undefined> {
  return cache.keyOfFile(file, COMPLETED_RUNS_CACHE, apiUrl, runId, idScope);
}

/**
 * Records that the run holds every good trace of `file` and none of them is left incomplete: its last batch went
 * with `is_complete: true` (or an interrupted ingest was completed), or a plan counted none incomplete.
 */
export async function recordRunComplete(cache: LocalCache, apiUrl: string, runId: string, file: string, idScope: string): Promise<void> {
  const key = await completedKey(cache, apiUrl, runId, file, idScope);
  if (key !== undefined) await cache.put(COMPLETED_RUNS_CACHE, key, true);
}

/**
 * Whether galctl recorded the run complete for this file's content: a plan that finds the run holding every trace
 * of the file then skips counting the incomplete ones (a trace id already in the run is never stored again, so
 * nothing with these ids can have become incomplete since).
 */
export async function runRecordedComplete(cache: LocalCache, apiUrl: string, runId: string, file: string, idScope: string): Promise<boolean> {
  const key = await completedKey(cache, apiUrl, runId, file, idScope);
  return key !== undefined && (await cache.get<unknown>(COMPLETED_RUNS_CACHE, key)) === true;
}
