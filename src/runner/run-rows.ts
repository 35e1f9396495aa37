import { createTaskPool } from '../traces/task-pool.js';
import type { RowResult } from './row-result.js';
import type { RunnerRow } from './trace-of-row.js';

/** Where a runner's run stands, reported after each row. */
export interface RunProgress {
  /** rows this run calls the application for (after maxRows, without those skipped) */
  total: number;
  /** of those, answered or failed */
  done: number;
  /** of those done, failed */
  failures: number;
  /** rows skipped: their traces are in the run already (resume) */
  skipped: number;
  elapsedMs: number;
}

export interface RunRowsOptions {
  /** rows in flight at once (the runner's concurrency) */
  concurrency: number;
  /** Ctrl-C: no new row starts, the rows in flight are stopped (their children killed), runRows resolves */
  signal?: AbortSignal;
  /** rows whose trace the run holds already: not called again */
  skipRowIds?: ReadonlySet<string>;
  /** only the first N rows of the dataset (for a quick try: the max-rows option) */
  maxRows?: number;
  /** each finished row, answered or failed (awaited: back-pressure for the ingest that consumes them) */
  onResult: (row: RunnerRow, result: RowResult) => void | Promise<void>;
  onProgress?: (progress: RunProgress) => void;
}

export interface RunRowsSummary extends RunProgress {
  /** stopped by the signal before every row was done (the rest run on the next apply) */
  aborted: boolean;
}

/** Calls the application for one row; the signal stops it. Throws only for a runner that must not be called. */
export type CallRow = (row: RunnerRow, signal: AbortSignal) => Promise<RowResult>;

/**
 * Calls the application for every row with at most `concurrency` calls in flight (a bounded pool with
 * back-pressure), in dataset order, skipping the rows whose traces exist (resume) and stopping after `maxRows`.
 * Every finished row reaches onResult, a failed one too (a failure is a row's result, never an error of the run);
 * a row stopped by the signal does not (it was not run: the next apply runs it). An error thrown by `call` or
 * onResult stops the run: the rows in flight are stopped and the error is rethrown.
 */
export async function runRows(rows: readonly RunnerRow[], call: CallRow, opts: RunRowsOptions): Promise<RunRowsSummary> {
  const started = performance.now();
  const limit = opts.maxRows === undefined ? rows.length : Math.max(0, Math.min(rows.length, opts.maxRows));
  const todo: RunnerRow[] = [];
  let skipped = 0;
  for (const row of rows.slice(0, limit)) {
    if (opts.skipRowIds?.has(row.id) === true) skipped += 1;
    else todo.push(row);
  }
  const progress = (): RunProgress => ({ total: todo.length, done, failures, skipped, elapsedMs: performance.now() - started });
  let done = 0;
  let failures = 0;
  // one signal for the calls: the caller's, or a fatal error of this run
  const stop = new AbortController();
  const onAbort = (): void => stop.abort(opts.signal?.reason);
  if (opts.signal?.aborted === true) onAbort();
  else opts.signal?.addEventListener('abort', onAbort, { once: true });
  const pool = createTaskPool(opts.concurrency);
  opts.onProgress?.(progress());
  try {
    for (const row of todo) {
      if (stop.signal.aborted) break;
      await pool.run(async () => {
        if (stop.signal.aborted) return;
        const result = await call(row, stop.signal);
        if (result.error?.kind === 'aborted' || (stop.signal.aborted && !result.ok)) return;
        await opts.onResult(row, result);
        done += 1;
        if (!result.ok) failures += 1;
        opts.onProgress?.(progress());
      });
    }
    await pool.drain();
  } catch (err) {
    stop.abort(err);
    await pool.drain().catch(() => undefined);
    throw err;
  } finally {
    opts.signal?.removeEventListener('abort', onAbort);
  }
  return { ...progress(), aborted: opts.signal?.aborted === true && done < todo.length };
}
