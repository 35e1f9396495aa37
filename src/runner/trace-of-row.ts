import { createHash } from 'node:crypto';
import { uuidV4FromDigest, withSpanIds } from '../traces/trace-id.js';
import type { GalileoSpan, GalileoTrace } from '../traces/types.js';
import { asText } from './app-spans.js';
import type { RowResult } from './row-result.js';

/** One dataset row as the runner sees it: a stable id within the run and its values (`input`, `output`, …). */
export interface RunnerRow {
  /** the row's id: Galileo's dataset row id, or its index in the dataset version the run reads */
  id: string;
  values: Record<string, unknown>;
}

/** HTTP-like status of a trace: what Galileo's `status_code` records for a row that answered or failed. */
export const ROW_STATUS = { ok: 200, failed: 500, timeout: 504 } as const;

/**
 * The trace id of a row of a runner experiment: UUID v4 from sha256(`galctl:runner-trace:v1`, scope, row id), where
 * scope is traceIdScope(project, 'experiment', run name) and the run name carries the fingerprint. The same run and
 * row always give the same id, whatever the application answers, so a resumed run asks Galileo which rows it holds
 * and calls the application only for the others.
 */
export function runnerTraceId(idScope: string, rowId: string): string {
  return uuidV4FromDigest(createHash('sha256').update(`galctl:runner-trace:v1\n${idScope}\n${rowId}`).digest());
}

/** A row's metadata column as Galileo's `dataset_metadata` (strings): an object, or JSON text of one (CSV). */
function datasetMetadata(v: unknown): Record<string, string> | undefined {
  let value = v;
  if (typeof v === 'string') {
    try {
      value = JSON.parse(v);
    } catch {
      return undefined;
    }
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return undefined;
  return Object.fromEntries(Object.entries(value).map(([k, x]) => [k, asText(x)]));
}

/**
 * The trace galctl ingests for one row: `input` and `dataset_input` the row's input, `dataset_output` its expected
 * output, `dataset_metadata` its metadata, `output` the answer, `user_metadata` the application's metadata plus
 * `galctl.row` (the row id), `created_at` when the call started, `metrics.duration_ns` its duration, `status_code`
 * 200. Spans: the application's own, or, for a plain answer, one llm span (user input → assistant output, as a
 * trace file's simple row), so scorers of llm nodes score it. A failed row is recorded too, never dropped:
 * `status_code` 500 (504 for a timeout), output `Error: <message>`, `galctl.error` in user_metadata and one workflow
 * span with the same status (no llm span: llm-node scorers do not judge an error text as an answer).
 */
export function traceOfRow(idScope: string, row: RunnerRow, result: RowResult, opts: { name?: string } = {}): GalileoTrace {
  const id = runnerTraceId(idScope, row.id);
  const input = asText(row.values['input'] ?? '');
  const base = { created_at: result.startedAt.toISOString(), metrics: { duration_ns: result.durationNs } };
  let spans: GalileoSpan[];
  let output: string;
  let status: number;
  const userMetadata: Record<string, string> = { ...result.metadata, 'galctl.row': row.id };
  if (result.ok) {
    output = result.output;
    status = ROW_STATUS.ok;
    spans = result.spans.length > 0 ? result.spans : [{ type: 'llm', input: [{ role: 'user', content: input }], output: { role: 'assistant', content: output }, ...base }];
  } else {
    const message = result.error?.message ?? 'failed';
    output = `Error: ${message}`;
    status = result.error?.kind === 'timeout' ? ROW_STATUS.timeout : ROW_STATUS.failed;
    userMetadata['galctl.error'] = message;
    spans = [{ type: 'workflow', name: 'application', input, output, status_code: status, ...base }];
  }
  const trace: GalileoTrace = { type: 'trace', id, input, output, dataset_input: input, status_code: status, user_metadata: userMetadata, ...base, spans: withSpanIds(spans, id) };
  if (opts.name !== undefined) trace['name'] = opts.name;
  if (row.values['output'] !== undefined && row.values['output'] !== null) trace['dataset_output'] = asText(row.values['output']);
  const meta = datasetMetadata(row.values['metadata']);
  if (meta !== undefined) trace['dataset_metadata'] = meta;
  return trace;
}
