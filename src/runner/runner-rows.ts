import { runnerTraceId, type RunnerRow } from './trace-of-row.js';

/**
 * The rows a runner experiment calls its application for: its dataset's rows as the manifest declares them (the
 * version the run reads), each with its index as its id, so a row's trace id is fixed by the run and its position.
 */
export function runnerRows(datasetRows: readonly Record<string, unknown>[]): RunnerRow[] {
  return datasetRows.map((values, i) => ({ id: String(i), values }));
}

/** The trace ids of those rows in a run (`idScope`: traceIdScope(project, 'experiment', run name)). */
export function runnerTraceIds(rows: readonly RunnerRow[], idScope: string): string[] {
  return rows.map((r) => runnerTraceId(idScope, r.id));
}
