import type { DatasetRow } from '../../core/desired-types.js';

const plain = (v: unknown): boolean => typeof v === 'string' && !v.includes('\n') && !v.includes('\r');

function csvField(value: string, alone: boolean): string {
  // a lone empty field would be an empty line, which CSV readers skip
  return /[",]|^\s|\s$/.test(value) || (alone && value === '') ? `"${value.replace(/"/g, '""')}"` : value;
}

/**
 * A dataset's rows as a file galctl reads back to the same content: CSV when every value is a one-line string,
 * else JSONL (one object per row, every column in order, values keeping their JSON type).
 */
export function datasetFile(columns: readonly string[], rows: readonly DatasetRow[]): { format: 'csv' | 'jsonl'; text: string } {
  const csv = columns.every(plain) && rows.every((r) => columns.every((c) => plain(r[c] ?? '')));
  if (csv) {
    const alone = columns.length === 1;
    const lines = [columns.map((c) => csvField(c, alone)).join(','), ...rows.map((r) => columns.map((c) => csvField(String(r[c] ?? ''), alone)).join(','))];
    return { format: 'csv', text: `${lines.join('\n')}\n` };
  }
  const lines = rows.map((r) => JSON.stringify(Object.fromEntries(columns.map((c) => [c, r[c] ?? null]))));
  return { format: 'jsonl', text: lines.length === 0 ? '' : `${lines.join('\n')}\n` };
}
