import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { stripBom } from '../core/strip-bom.js';
import type { Problem } from '../core/problem.js';
import type { LocalCache } from '../traces/local-cache.js';
import { cachedDatasetSummary, hashAndCacheDataset } from './cached-dataset-hash.js';
import { positionIn } from './check-braces.js';
import { groundTruthMessage } from './check-shapes.js';
import { LAZY_ROWS_HEAD, lazyRows } from './lazy-rows.js';
import { parseDatasetText, type DatasetFormat } from './parse-dataset.js';
import type { LoadedDataset } from './build-desired.js';
import type { DatasetRow } from '../core/desired-types.js';

export interface DatasetFileCheck {
  /** the dataset, when its file parsed clean */
  dataset?: LoadedDataset;
  /** sha256 (hex) of the file's bytes, when it could be read */
  digest?: string;
  problems: Problem[];
}

const sha256 = (bytes: Buffer): string => createHash('sha256').update(bytes).digest('hex');

/**
 * A dataset file (found, not read: findReferencedFile) checked and loaded. Its digest comes from galctl's local cache
 * while the file is unchanged (LocalCache.digestOf), and with it what the file parsed to (its hash, columns and row
 * count): such a file is not read at all unless something reads its rows. Otherwise it is read, parsed and hashed, and
 * the cache learns it. Text read later must be the bytes hashed: a file changed while galctl runs fails.
 */
export async function checkDatasetFile(
  key: string,
  abs: string,
  format: DatasetFormat,
  cache: LocalCache,
  at: (line: number, col: number, code: string, message: string, hint: string) => Problem,
  shown: string,
): Promise<DatasetFileCheck> {
  const digest = await cache.digestOf(abs);
  if (digest === undefined) return { problems: [at(1, 1, 'file-unreadable', `dataset file of "${key}" cannot be read`, `check ${shown}`)] };
  const textOf = (bytes: Buffer): string => {
    if (sha256(bytes) !== digest) throw new Error(`dataset "${key}": ${shown} changed while galctl was running; run it again`);
    return stripBom(bytes.toString('utf8')); // as readReferencedFile reads a file
  };
  const known = await cachedDatasetSummary(cache, digest, format);
  // the rows are read and parsed (again) only when something reads them, and not held after (lazy-rows.ts): neither
  // the rows nor the file's text stay in memory for the command's whole run
  const reread = (): string => textOf(readFileSync(abs));
  const parseAgain = (): DatasetRow[] => {
    const again = parseDatasetText(reread(), format);
    if ('message' in again) throw new Error(`dataset "${key}": ${again.message}, though it parsed before`);
    return again.rows;
  };
  let dataset: LoadedDataset;
  let text: string | undefined;
  if (known !== undefined) {
    // a file galctl parsed clean before (same bytes, same galctl): its count, columns and hash are the cache's
    dataset = { columns: known.columns, rows: lazyRows(known.rows, parseAgain), format, abs, contentHash: known.contentHash };
  } else {
    try {
      text = textOf(await readFile(abs));
    } catch (err) {
      return { digest, problems: [at(1, 1, 'file-unreadable', err instanceof Error ? err.message : String(err), `check ${shown}`)] };
    }
    const parsed = parseDatasetText(text, format);
    if ('message' in parsed) return { digest, problems: [at(parsed.line, parsed.col, 'dataset-file', `${parsed.message} (dataset "${key}")`, parsed.hint)] };
    const contentHash = await hashAndCacheDataset(cache, digest, format, parsed.columns, parsed.rows);
    // the parsed rows are dropped: the first few stay for the plan's sample of a dataset to create
    const rows = lazyRows(parsed.rows.length, parseAgain, { head: parsed.rows.slice(0, LAZY_ROWS_HEAD) });
    dataset = { columns: parsed.columns, rows, format, abs, contentHash };
  }
  if (!dataset.columns.includes('ground_truth')) return { dataset, digest, problems: [] };
  const pos = positionIn(text ?? reread(), 'ground_truth');
  return { dataset, digest, problems: [at(pos.line, pos.col, 'ground-truth-column', groundTruthMessage(key).message, groundTruthMessage(key).hint)] };
}
