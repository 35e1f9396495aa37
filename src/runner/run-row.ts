import type { RunnerSettings } from './resolve-runner.js';
import type { RowResult } from './row-result.js';
import { postRow } from './post-row.js';
import { runCommandRow } from './run-command-row.js';

export interface RunRowOptions {
  /** the manifest's directory: the command's working directory */
  cwd: string;
  /** the application's environment: runnerEnv(process.env, {galileoKey, env}) */
  env: Record<string, string>;
  signal?: AbortSignal;
  maxAnswerBytes?: number;
}

/**
 * Calls the application once for one row (its values, e.g. `{input, output, metadata}`), by command or by url.
 * A failing row is a result with `ok: false`; only a runner galctl must not call at all (a refused url) throws.
 */
export function runRow(row: unknown, runner: RunnerSettings, opts: RunRowOptions): Promise<RowResult> {
  const call = { timeoutMs: runner.timeoutMs, ...(opts.signal === undefined ? {} : { signal: opts.signal }), ...(opts.maxAnswerBytes === undefined ? {} : { maxAnswerBytes: opts.maxAnswerBytes }) };
  if (runner.url !== undefined) return postRow(runner.url, row, call);
  return runCommandRow(runner.command ?? [], row, { ...call, cwd: opts.cwd, env: opts.env });
}
