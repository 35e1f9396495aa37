/** A score as a trace's `metric_info.<name>.value` gives it: a number, a boolean, or a category (text). */
export type ScoreValue = number | boolean | string;

import { createHash } from 'node:crypto';

/** One row (trace) of a run: how it pairs, what it showed, and its scores by metric name. */
export interface RunRow {
  /** the pairing key (rowKey) */
  key: string;
  /** the trace's id */
  id: string;
  /** the row's input and output, cut to a bounded length; read only for the rows the report shows ('' until then) */
  input: string;
  output: string;
  /** metric name → successful score (absent: not scored) */
  scores: Record<string, ScoreValue>;
}

export interface RowPair {
  key: string;
  candidate: RunRow;
  baseline: RunRow;
}

export interface PairedRows {
  /** sorted by key, so that everything computed from them is independent of the order the API returned */
  pairs: RowPair[];
  /** rows of one run with no partner in the other */
  unpairedCandidate: number;
  unpairedBaseline: number;
}

/**
 * How a trace pairs across two runs (PURE): a dataset experiment's trace by its dataset row (`dataset_input`,
 * `dataset_output`, `dataset_metadata`), a trace experiment's by its input. A digest (22 characters, whatever the
 * input's size), so that a run's rows take bounded memory.
 */
export function rowKey(record: { input?: unknown; dataset_input?: unknown; dataset_output?: unknown; dataset_metadata?: unknown }): string {
  if (record.dataset_input !== undefined && record.dataset_input !== null) {
    const meta = record.dataset_metadata !== null && typeof record.dataset_metadata === 'object' ? Object.entries(record.dataset_metadata as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)) : [];
    return digest(`row ${JSON.stringify([record.dataset_input, record.dataset_output ?? null, meta])}`);
  }
  return digest(`input ${JSON.stringify(record.input ?? null)}`);
}

function digest(text: string): string {
  return createHash('sha256').update(text).digest('base64url').slice(0, 22);
}

/**
 * Pairs the rows of two runs by key (PURE). Rows sharing a key (the same dataset row twice) pair in the order
 * each run lists them: the first with the first, and so on.
 */
export function pairRows(candidate: readonly RunRow[], baseline: readonly RunRow[]): PairedRows {
  const waiting = new Map<string, RunRow[]>();
  for (const row of baseline) {
    const list = waiting.get(row.key);
    if (list === undefined) waiting.set(row.key, [row]);
    else list.push(row);
  }
  const pairs: RowPair[] = [];
  let unpairedCandidate = 0;
  for (const row of candidate) {
    const partner = waiting.get(row.key)?.shift();
    if (partner === undefined) unpairedCandidate += 1;
    else pairs.push({ key: row.key, candidate: row, baseline: partner });
  }
  let unpairedBaseline = 0;
  for (const rest of waiting.values()) unpairedBaseline += rest.length;
  pairs.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  return { pairs, unpairedCandidate, unpairedBaseline };
}
