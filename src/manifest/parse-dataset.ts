import { parse as parseCsv } from 'csv-parse/sync';
import type { DatasetRow } from '../core/desired-types.js';
import { stripBom } from '../core/strip-bom.js';
import { parseCsvSimple } from './parse-csv-simple.js';

export type DatasetFormat = 'csv' | 'jsonl' | 'json';

export interface ParsedDataset {
  columns: string[];
  rows: DatasetRow[];
}

/** A problem inside a dataset file, 1-based. */
export interface DatasetError {
  line: number;
  col: number;
  message: string;
  hint: string;
}

/** The format a file name implies, if any. */
export function formatOfFile(file: string): DatasetFormat | undefined {
  const lower = file.toLowerCase();
  if (lower.endsWith('.csv')) return 'csv';
  if (lower.endsWith('.jsonl') || lower.endsWith('.ndjson')) return 'jsonl';
  if (lower.endsWith('.json')) return 'json';
  return undefined;
}

/** Parses dataset text: CSV with a header row, JSONL with one object per line, or JSON as an array of objects. */
export function parseDatasetText(text: string, format: DatasetFormat): ParsedDataset | DatasetError {
  const body = stripBom(text);
  const result = format === 'csv' ? parseCsvText(body) : format === 'jsonl' ? parseJsonlText(body) : parseJsonText(body);
  if ('message' in result) return result;
  if (result.rows.length === 0) return { line: 1, col: 1, message: 'dataset file has no rows', hint: format === 'csv' ? 'add rows below the header line' : 'add at least one row object' };
  return result;
}

/** Columns of rows in first-seen order. */
export function columnsOf(rows: DatasetRow[]): string[] {
  const seen = new Set<string>();
  for (const row of rows) for (const k of Object.keys(row)) seen.add(k);
  return [...seen];
}

function parseCsvText(text: string): ParsedDataset | DatasetError {
  let records: string[][];
  try {
    records = parseCsvSimple(text) ?? (parseCsv(text, { skip_empty_lines: true, relax_quotes: false }) as string[][]);
  } catch (err) {
    return csvError(err as { message?: string; lines?: number; code?: string });
  }
  const [header, ...data] = records;
  if (header === undefined) return { line: 1, col: 1, message: 'dataset file is empty', hint: 'add a header line (e.g. input,output) and rows' };
  const blank = header.findIndex((h) => h.trim() === '');
  if (blank >= 0) return { line: 1, col: 1, message: `column ${blank + 1} of the header has no name`, hint: 'name every column in the header line' };
  const dup = header.findIndex((h, i) => header.indexOf(h) !== i);
  if (dup >= 0) return { line: 1, col: 1, message: `column "${header[dup]}" appears twice in the header`, hint: 'give each column a different name' };
  const rows = data.map((r) => Object.fromEntries(header.map((h, i) => [h, r[i] ?? ''])));
  return { columns: header, rows };
}

function csvError(e: { message?: string; lines?: number; code?: string }): DatasetError {
  const line = typeof e.lines === 'number' && e.lines > 0 ? e.lines : 1;
  const message = e.message ?? 'invalid CSV';
  const counts = /expect (\d+), got (\d+)/.exec(message);
  if (counts !== null) {
    return { line, col: 1, message: `invalid CSV: line ${line} has ${counts[2]} fields, the header has ${counts[1]}`, hint: 'every row needs as many fields as the header; quote fields that contain commas' };
  }
  if (e.code === 'CSV_QUOTE_NOT_CLOSED') {
    return { line, col: 1, message: 'invalid CSV: a quoted field is never closed', hint: 'close the quote; write "" for a quote inside a quoted field' };
  }
  const first = (message.split(/[:.]/)[0] ?? message).trim().toLowerCase();
  return { line, col: 1, message: `invalid CSV: ${first}`, hint: 'quote fields that contain commas, quotes or newlines; write "" for a quote inside a quoted field' };
}

function parseJsonlText(text: string): ParsedDataset | DatasetError {
  const rows: DatasetRow[] = [];
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = (lines[i] ?? '').replace(/\r$/, '');
    if (line.trim() === '') continue;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch (err) {
      return { line: i + 1, col: jsonErrorColumn(err, line), message: `line ${i + 1} is not valid JSON`, hint: 'write one JSON object per line, e.g. {"input": "...", "output": "..."}' };
    }
    if (value === null || typeof value !== 'object' || Array.isArray(value)) return { line: i + 1, col: 1, message: `line ${i + 1} is not a JSON object`, hint: 'write one JSON object per line, e.g. {"input": "...", "output": "..."}' };
    rows.push(value as DatasetRow);
  }
  return { columns: columnsOf(rows), rows };
}

function parseJsonText(text: string): ParsedDataset | DatasetError {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    const pos = jsonErrorOffset(err);
    const before = text.slice(0, pos ?? 0);
    return { line: before.split('\n').length, col: pos === undefined ? 1 : pos - before.lastIndexOf('\n'), message: 'dataset file is not valid JSON', hint: 'a JSON dataset is one array of row objects: [{"input": "...", "output": "..."}]' };
  }
  if (!Array.isArray(value)) return { line: 1, col: 1, message: 'a JSON dataset must be a top-level array of objects', hint: 'wrap the rows in [ ... ], or use a .jsonl file with one object per line' };
  const bad = value.findIndex((v) => v === null || typeof v !== 'object' || Array.isArray(v));
  if (bad >= 0) return { line: 1, col: 1, message: `item ${bad + 1} of the JSON dataset is not an object`, hint: 'every item must be a row object {"column": value}' };
  const rows = value as DatasetRow[];
  return { columns: columnsOf(rows), rows };
}

/** The character offset a JSON.parse error names, when the runtime's message has one (Node 20 often has none). */
function jsonErrorOffset(err: unknown): number | undefined {
  const m = /position (\d+)/.exec(err instanceof Error ? err.message : '');
  return m ? Number(m[1]) : undefined;
}

function jsonErrorColumn(err: unknown, line: string): number {
  const pos = jsonErrorOffset(err);
  return pos === undefined ? 1 : Math.min(pos, line.length) + 1;
}
