import { GalctlError } from '../core/errors.js';
import { deriveTraceIds, type DeriveTraceIdsOptions, type DerivedTraceIds, type TraceIdsSource } from './derive-trace-ids.js';
import type { LocalCache } from './local-cache.js';

/** Cache entries of trace ids (local-cache.ts), keyed by the file's content and the id scope. */
export const TRACE_IDS_CACHE = 'trace-ids';

/** The cache key of a trace file's ids: its content and its id scope (the same file in another run has other ids). */
export function traceIdsKey(cache: LocalCache, file: string, idScope: string): Promise<string | undefined> {
  return cache.keyOfFile(file, TRACE_IDS_CACHE, idScope);
}

/**
 * deriveTraceIds, with the ids of a file whose content the cache knows taken from the cache (no record parsed),
 * and the ids derived put in the cache for the next command.
 */
export function deriveTraceIdsCached(sources: readonly TraceIdsSource[], cache: LocalCache, opts: DeriveTraceIdsOptions = {}): DerivedTraceIds {
  const keys = sources.map((s) => traceIdsKey(cache, s.file, s.idScope));
  const hits = keys.map((k) => k.then((key) => (key === undefined ? undefined : cache.get<string[]>(TRACE_IDS_CACHE, key))));
  /** sources dropped before the cache answered: never derived */
  const droppedEarly = new Set<number>();
  let started: { derived: DerivedTraceIds; at: Map<number, number> } | undefined;
  let cancelled = false;
  const derivation = Promise.all(hits).then((found) => {
    const misses = sources.flatMap((s, i) => (found[i] === undefined && !droppedEarly.has(i) ? [i] : []));
    const derived = deriveTraceIds(misses.map((i) => sources[i]!), opts);
    if (cancelled) derived.cancel();
    started = { derived, at: new Map(misses.map((i, k) => [i, k])) };
    return started;
  });
  const notNeeded = (): GalctlError => new GalctlError('cancelled', 'trace id derivation not needed');
  const ids = sources.map(async (_, i) => {
    const hit = await hits[i];
    if (hit !== undefined) return hit;
    if (droppedEarly.has(i)) throw notNeeded();
    const { derived, at } = await derivation;
    const got = await derived.ids[at.get(i)!]!;
    const key = await keys[i];
    if (key !== undefined) await cache.put(TRACE_IDS_CACHE, key, got);
    return got;
  });
  for (const p of ids) p.catch(() => undefined); // the caller awaits them; unawaited after a cancel is no error
  return {
    ids,
    cancel() {
      cancelled = true;
      started?.derived.cancel();
    },
    drop(index) {
      if (started === undefined) {
        droppedEarly.add(index);
        return true;
      }
      const k = started.at.get(index);
      return k !== undefined && started.derived.drop(k);
    },
  };
}
