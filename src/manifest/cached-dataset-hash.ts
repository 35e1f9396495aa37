import { createHash } from 'node:crypto';
import { hashDatasetContent } from '../core/content-hash.js';
import type { DatasetRow } from '../core/desired-types.js';
import type { LocalCache } from '../traces/local-cache.js';

/** Cache entries (local-cache.ts): a dataset file's content hash and columns, keyed by the file's text. */
export const DATASET_HASH_CACHE = 'dataset-hashes';

const sha256 = (text: string): string => createHash('sha256').update(text).digest('hex');

/** The cache key of a dataset file's text in a format: the text's sha256 (native, ~50× cheaper than the row hash). */
export function datasetHashKey(text: string, format: string): string {
  return sha256(['galctl-dataset-hash:v1', format, sha256(text)].join('\n'));
}

/**
 * hashDatasetContent of a parsed dataset file, from galctl's local cache when it holds the same text in the same
 * format (and the same columns, parsed again), else computed and put there. The canonical row hash is most of a
 * large dataset's CPU after the parse; the entry holds a hash and column names, nothing of the rows.
 */
export async function cachedDatasetHash(cache: LocalCache, text: string, format: string, columns: string[], rows: DatasetRow[]): Promise<string> {
  const key = datasetHashKey(text, format);
  const hit = await cache.get<{ contentHash?: unknown; columns?: unknown }>(DATASET_HASH_CACHE, key);
  if (typeof hit?.contentHash === 'string' && JSON.stringify(hit.columns) === JSON.stringify(columns)) return hit.contentHash;
  const contentHash = hashDatasetContent(columns, rows);
  await cache.put(DATASET_HASH_CACHE, key, { contentHash, columns });
  return contentHash;
}
