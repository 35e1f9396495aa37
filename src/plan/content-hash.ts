import { createHash } from 'node:crypto';
import type { DatasetRow } from '../manifest/types.js';

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

/** JSON with object keys sorted, so equal values always give equal text. */
export function stableStringify(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableStringify).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${stableStringify(v)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
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
  h.update(JSON.stringify(columns));
  for (const row of rows) {
    h.update('\n');
    h.update(canonicalRow(columns, row));
  }
  return h.digest('hex');
}

export const DATASET_VERSION_NAME_PREFIX = 'galctl:sha256:';
