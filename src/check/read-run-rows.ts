import type { GalileoClient } from '../galileo/create-client.js';
import { publicScorerName } from '../galileo/preset-names.js';
import { iterateTraces } from '../kinds/traces/api.js';
import { rowKey, type RunRow, type ScoreValue } from './pair-rows.js';

/** A row shown in the report keeps at most this many characters of its input and of its output. */
export const ROW_TEXT_LIMIT = 400;

/** Text of a record's input or output (a string, or a message list shown as JSON), cut to ROW_TEXT_LIMIT. */
function shortText(v: unknown): string {
  const text = typeof v === 'string' ? v : v === undefined || v === null ? '' : JSON.stringify(v);
  return text.length <= ROW_TEXT_LIMIT ? text : `${text.slice(0, ROW_TEXT_LIMIT - 1)}…`;
}

/** A record's input and output as a report shows them: the dataset row's own input (the same in both runs) before the prompt a template made of it. */
export function rowText(record: Record<string, unknown>): { input: string; output: string } {
  return { input: shortText(record['dataset_input'] ?? record['input']), output: shortText(record['output']) };
}

/**
 * Folds one trace record into a row (PURE): its pairing key, its id, and the successful scores of the metrics asked
 * for (public names; a preset reported under its internal name counts under its public one). Pending or failed
 * scores are left out; the texts are not kept (fillRowTexts reads them for the rows the report shows).
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
  return { key: rowKey(record), id: String(record['id'] ?? ''), input: '', output: '', scores };
}

/**
 * A run's rows with their scores, read page by page from the trace search (`metric_info`). Records are folded as
 * they come: a row holds its key digest, its id and its scores, so memory grows by well under a kilobyte per row.
 */
export async function readRunRows(client: GalileoClient, projectId: string, runId: string, names: ReadonlySet<string>): Promise<RunRow[]> {
  const rows: RunRow[] = [];
  for await (const record of iterateTraces(client, projectId, { experiment_id: runId })) rows.push(toRunRow(record, names));
  return rows;
}

/** Reads the input and output of a few rows of one run (one trace search by id) into them. */
export async function fillRowTexts(client: GalileoClient, projectId: string, runId: string, rows: readonly RunRow[]): Promise<void> {
  const byId = new Map(rows.map((r) => [r.id, r]));
  if (byId.size === 0) return;
  const filters = [{ type: 'id' as const, column_id: 'id', operator: 'one_of', value: [...byId.keys()] }];
  for await (const record of iterateTraces(client, projectId, { experiment_id: runId }, { filters })) {
    const row = byId.get(String(record['id']));
    if (row !== undefined) Object.assign(row, rowText(record));
  }
}
