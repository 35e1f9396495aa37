import { createHash } from 'node:crypto';
import { hashDatasetContent } from '../core/content-hash.js';
import type { DatasetRow } from '../core/desired-types.js';
import type { LocalCache } from '../traces/local-cache.js';

/** Cache entries (local-cache.ts): a dataset file's content hash, columns and row count, keyed by the file's bytes. */
export const DATASET_HASH_CACHE = 'dataset-hashes';

/** The cache key of a dataset file in a format, by the sha256 of its bytes (`digest`, LocalCache.digestOf). */
export function datasetHashKey(digest: string, format: string): string {
  return createHash('sha256').update(['galctl-dataset-hash:v2', format, digest].join('\n')).digest('hex');
}

/** What the cache holds of a dataset file that parsed clean: its content hash, columns and number of rows, no row. */
export interface DatasetSummary {
  contentHash: string;
  columns: string[];
  rows: number;
}

const isStrings = (v: unknown): v is string[] => Array.isArray(v) && v.every((c) => typeof c === 'string');

/**
 * What galctl's local cache recorded of a dataset file with these bytes in this format, when the file parsed clean
 * then (the same bytes, galctl and format parse the same): its hash, columns and row count without parsing it.
 */
export async function cachedDatasetSummary(cache: LocalCache, digest: string, format: string): Promise<DatasetSummary | undefined> {
  const hit = await cache.get<Partial<Record<keyof DatasetSummary, unknown>>>(DATASET_HASH_CACHE, datasetHashKey(digest, format));
  if (typeof hit?.contentHash !== 'string' || !isStrings(hit.columns) || typeof hit.rows !== 'number' || !Number.isInteger(hit.rows) || hit.rows < 1) return undefined;
  return { contentHash: hit.contentHash, columns: hit.columns, rows: hit.rows };
}

/**
 * hashDatasetContent of a parsed dataset file, computed and put in galctl's local cache with its columns and row
 * count (cachedDatasetSummary reads them back next time). The entry holds nothing of the rows.
 */
export async function hashAndCacheDataset(cache: LocalCache, digest: string, format: string, columns: string[], rows: DatasetRow[]): Promise<string> {
  const contentHash = hashDatasetContent(columns, rows);
  await cache.put(DATASET_HASH_CACHE, datasetHashKey(digest, format), { contentHash, columns, rows: rows.length } satisfies DatasetSummary);
  return contentHash;
}
