import { createHash } from 'node:crypto';
import type { Dataset, Scorer } from '../../galileo/types.js';
import { normalizeCode } from '../../kinds/scorer/normalize-code.js';
import { cacheDirFor, localCache, type LocalCache } from '../../traces/local-cache.js';

/** Cache entries (local-cache.ts) of what galctl read or wrote of a dataset's current version: its name. */
export const DATASET_VERSION_CACHE = 'dataset-versions';
/** Cache entries of what galctl read or wrote of a code scorer's latest version: the sha256 of its code. */
export const SCORER_CODE_CACHE = 'scorer-code';

/**
 * What galctl recorded of versions it read or wrote, so that a plan skips the reads that the list fields settle:
 * a dataset's version is named by the dataset query's `current_version_index`, a code scorer's version by
 * `scorers/list`'s `latest_version`. A version never changes once made, so the record stays true while the list
 * names the same version; a new version (a row edit, a rollback, new code) is another key, and is read. The key
 * holds the API URL, the object's id and creation time (a fresh simulator hands out the same ids again) and the
 * version; the values are a version name and a hash (never code, rows or a secret). Kept in galctl's local cache
 * beside the manifest: deleting it costs reads, nothing else.
 */
export interface RecordedVersions {
  /** the name of the dataset's current version as galctl last saw it; undefined: not recorded */
  datasetVersionName(d: Dataset): Promise<{ name: string | null } | undefined>;
  recordDatasetVersion(d: Dataset, name: string | null | undefined): Promise<void>;
  /** whether the code scorer's latest version holds `code` (normalized), by galctl's record; false: not known */
  holdsCode(s: Scorer, code: string): Promise<boolean>;
  recordScorerCode(s: Scorer, code: string): Promise<void>;
}

/** The records for the manifest in `manifestDir` against the API at `apiUrl`. */
export function recordedVersions(manifestDir: string, apiUrl: string): RecordedVersions {
  return recordedVersionsIn(localCache(cacheDirFor(manifestDir)), apiUrl);
}

const sha256 = (text: string): string => createHash('sha256').update(text).digest('hex');

function recordedVersionsIn(cache: LocalCache, apiUrl: string): RecordedVersions {
  const keyOf = (...parts: (string | number | undefined)[]): string | undefined =>
    parts.some((p) => p === undefined || p === '') ? undefined : sha256([apiUrl, ...parts].join('\n'));
  const datasetKey = (d: Dataset) => keyOf('dataset', d.id, d.created_at, d.current_version_index);
  const scorerKey = (s: Scorer) => (s.latest_version == null ? undefined : keyOf('scorer', s.id, s.created_at, s.latest_version.id, s.latest_version.version));
  return {
    async datasetVersionName(d) {
      const key = datasetKey(d);
      if (key === undefined) return undefined;
      const name = await cache.get<unknown>(DATASET_VERSION_CACHE, key);
      return typeof name === 'string' || name === null ? { name } : undefined;
    },
    async recordDatasetVersion(d, name) {
      const key = datasetKey(d);
      if (key !== undefined) await cache.put(DATASET_VERSION_CACHE, key, name ?? null);
    },
    async holdsCode(s, code) {
      const key = scorerKey(s);
      return key !== undefined && (await cache.get<unknown>(SCORER_CODE_CACHE, key)) === sha256(normalizeCode(code));
    },
    async recordScorerCode(s, code) {
      const key = scorerKey(s);
      if (key !== undefined) await cache.put(SCORER_CODE_CACHE, key, sha256(normalizeCode(code)));
    },
  };
}
