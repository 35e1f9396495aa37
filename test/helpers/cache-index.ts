import { appendFileSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { INDEX_FILE, parseCacheIndex } from '../../src/traces/local-cache.js';

/** An entry of a kind's index in galctl's local cache (.galctl/cache/<kind>/entries.jsonl). */
export interface CacheIndexEntry<T = unknown> {
  key: string;
  galctl: unknown;
  value: T;
}

/** The entries of the index in `kindDir` (the last line of each key); none when it has no index. */
export function cacheIndexEntries<T = unknown>(kindDir: string): CacheIndexEntry<T>[] {
  let text: string;
  try {
    text = readFileSync(path.join(kindDir, INDEX_FILE), 'utf8');
  } catch {
    return [];
  }
  return [...parseCacheIndex(text).entries].map(([key, e]) => ({ key, galctl: e.galctl, value: e.value as T }));
}

/** Appends `entry` to the index in `kindDir`: the next reader takes it for its key (the last line wins). */
export function appendCacheIndexEntry(kindDir: string, entry: CacheIndexEntry): void {
  appendFileSync(path.join(kindDir, INDEX_FILE), `${JSON.stringify(entry)}\n`);
}
