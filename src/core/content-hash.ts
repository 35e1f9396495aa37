import { createHash } from 'node:crypto';
import type { DatasetRow } from './desired-types.js';

/**
 * Rows compare as strings: CSV gives strings, JSON keeps numbers, and the API may hand back either.
 * null/undefined/'' → null; objects → canonical JSON; everything else → String(v).
 */
export function canonicalCell(value: unknown): string | null {
  if (value === null || value === undefined || value === '') return null;
  if (typeof value === 'string') return value;
  if (typeof value === 'object') return stableStringify(value);
  return String(value);
}

/**
 * JSON with object keys sorted (by UTF-16 code unit, as `<` compares), undefined members left out, so equal values
 * always give equal text. Written as plain loops: trace ids are derived from it, once per trace (profiled hot).
 */
/**
 * An object's keys in the order of Array.prototype.sort (UTF-16 code units; keys are distinct), sorted in place: a
 * few keys by insertion, with no copy (sort's work array was 23 MB of a no-op plan's allocations), many by sort.
 */
function sortedKeys(obj: Record<string, unknown>): string[] {
  const keys = Object.keys(obj);
  if (keys.length > 32) return keys.sort();
  for (let i = 1; i < keys.length; i += 1) {
    const key = keys[i]!;
    let j = i - 1;
    for (; j >= 0 && keys[j]! > key; j -= 1) keys[j + 1] = keys[j]!;
    keys[j + 1] = key;
  }
  return keys;
}

export function stableStringify(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) {
    let out = '[';
    for (let i = 0; i < value.length; i++) out += (i === 0 ? '' : ',') + stableStringify(value[i]);
    return `${out}]`;
  }
  const obj = value as Record<string, unknown>;
  const keys = sortedKeys(obj);
  let out = '{';
  let first = true;
  for (const k of keys) {
    const v = obj[k];
    if (v === undefined) continue;
    out += `${first ? '' : ','}${JSON.stringify(k)}:${stableStringify(v)}`;
    first = false;
  }
  return `${out}}`;
}

/** One row's canonical text over the given columns (column order matters). */
export function canonicalRow(columns: string[], row: DatasetRow): string {
  return JSON.stringify(columns.map((c) => canonicalCell(row[c])));
}

/**
 * sha256 of a dataset's content: its columns and its rows in order. galctl writes `galctl:sha256:<hex>` as the
 * name of each dataset version it creates, so a no-op plan can settle equality without reading rows.
 */
export function hashDatasetContent(columns: string[], rows: DatasetRow[]): string {
  const h = createHash('sha256');
  // the text is fed in chunks of many rows: two native update calls per row were a third of the hash's CPU
  let chunk = JSON.stringify(columns);
  for (const row of rows) {
    chunk += `\n${canonicalRow(columns, row)}`;
    if (chunk.length >= HASH_CHUNK) {
      h.update(chunk);
      chunk = '';
    }
  }
  h.update(chunk);
  return h.digest('hex');
}

/** Characters of canonical row text hashed per update call. */
const HASH_CHUNK = 64 * 1024;

export const DATASET_VERSION_NAME_PREFIX = 'galctl:sha256:';
