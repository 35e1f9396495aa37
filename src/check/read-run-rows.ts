import type { GalileoClient } from '../galileo/create-client.js';
import { publicScorerName } from '../galileo/preset-names.js';
import { iterateTraces } from '../galileo/traces.js';
import { rowKey, type RunRow, type ScoreValue } from './pair-rows.js';

/** A row keeps at most this many characters of its input and of its output (for the worst rows of the report). */
export const ROW_TEXT_LIMIT = 400;

/** Text of a record's input or output (a string, or a message list shown as JSON), cut to ROW_TEXT_LIMIT. */
function shortText(v: unknown): string {
  const text = typeof v === 'string' ? v : v === undefined || v === null ? '' : JSON.stringify(v);
  return text.length <= ROW_TEXT_LIMIT ? text : `${text.slice(0, ROW_TEXT_LIMIT - 1)}…`;
}

/**
 * Folds one trace record into a row (PURE): its pairing key, its input (the dataset row's, else the trace's) and
 * output cut short, and the successful scores of the metrics asked for (public names; a preset reported under its
 * internal name counts under its public one). Pending or failed scores are left out.
 */
export function toRunRow(record: Record<string, unknown>, names: ReadonlySet<string>): RunRow {
  const scores: Record<string, ScoreValue> = {};
  const info = record['metric_info'];
  if (info !== null && typeof info === 'object') {
    for (const [reported, raw] of Object.entries(info as Record<string, unknown>)) {
      const name = publicScorerName(reported);
      if (!names.has(name) || raw === null || typeof raw !== 'object') continue;
      const entry = raw as { status_type?: unknown; value?: unknown };
      if (entry.status_type !== 'success') continue;
      const v = entry.value;
      if (typeof v === 'number' || typeof v === 'boolean' || typeof v === 'string') scores[name] = v;
    }
  }
  // a dataset row's own input reads better than the prompt a template made of it, and is the same in both runs
  const input = record['dataset_input'] ?? record['input'];
  return { key: rowKey(record), input: shortText(input), output: shortText(record['output']), scores };
}

/**
 * A run's rows with their scores, read page by page from the trace search (`metric_info`); memory is bounded by
 * the row count times ROW_TEXT_LIMIT, records are not kept.
 */
export async function readRunRows(client: GalileoClient, projectId: string, runId: string, names: ReadonlySet<string>): Promise<RunRow[]> {
  const rows: RunRow[] = [];
  for await (const record of iterateTraces(client, projectId, { experiment_id: runId })) rows.push(toRunRow(record, names));
  return rows;
}
