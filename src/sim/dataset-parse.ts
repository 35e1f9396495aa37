import { parse as parseCsv } from 'csv-parse/sync';
import { invalid } from './http-error.js';
import type { Json } from './types.js';

export interface ParsedTable {
  columns: string[];
  rows: Record<string, Json>[];
}

/** Parses an uploaded dataset file: csv (default), jsonl, json (top-level array) [GUIDE "Datasets"]. */
export function parseDatasetFile(text: string, format: string): ParsedTable {
  switch (format) {
    case 'csv': return fromCsv(text);
    case 'jsonl': return fromObjects(text.split(/\r?\n/).filter((l) => l.trim() !== '').map((l, i) => parseJson(l, `line ${i + 1}`)));
    case 'json': {
      const v = parseJson(text, 'file');
      if (!Array.isArray(v)) throw invalid(['body', 'file'], 'JSON datasets must be a top-level array of objects', 'value_error');
      return fromObjects(v);
    }
    case 'feather': throw invalid(['query', 'format'], 'The simulator does not read feather files; upload csv, jsonl or json', 'value_error', format);
    default: throw invalid(['query', 'format'], "Input should be 'csv', 'feather', 'json' or 'jsonl'", 'enum', format);
  }
}

function fromCsv(text: string): ParsedTable {
  let records: string[][];
  try {
    records = parseCsv(text.replace(/^\uFEFF/, ''), { relax_column_count: false, skip_empty_lines: true }) as string[][];
  } catch (err) {
    throw invalid(['body', 'file'], `Could not parse CSV: ${(err as Error).message}`, 'value_error');
  }
  const [header, ...body] = records;
  if (header === undefined) return { columns: [], rows: [] };
  return {
    columns: header,
    rows: body.map((r) => Object.fromEntries(header.map((c, i) => [c, r[i] ?? null]))),
  };
}

function fromObjects(items: unknown[]): ParsedTable {
  const columns: string[] = [];
  const seen = new Set<string>();
  const rows = items.map((it, i) => {
    if (it === null || typeof it !== 'object' || Array.isArray(it)) {
      throw invalid(['body', 'file'], `Row ${i + 1} is not a JSON object`, 'value_error');
    }
    for (const k of Object.keys(it)) {
      if (seen.has(k)) continue;
      seen.add(k);
      columns.push(k);
    }
    return it as Record<string, Json>;
  });
  return { columns, rows: rows.map((r) => Object.fromEntries(columns.map((c) => [c, r[c] ?? null]))) };
}

function parseJson(text: string, where: string): unknown {
  try {
    return JSON.parse(text);
  } catch (err) {
    throw invalid(['body', 'file'], `Invalid JSON in ${where}: ${(err as Error).message}`, 'value_error');
  }
}
