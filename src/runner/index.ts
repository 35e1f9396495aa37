/**
 * Runner experiments (issue 19): an experiment's `runner:` runs the team's own application over the dataset, one
 * call per row, and ingests the answers as the run's traces. User docs: docs/runner.md; example: examples/app-runner/.
 *
 * ## The pieces
 * - runner-schema.ts: `runnerSchema`, the JSON Schema fragment of `runner:` (`$defs.runner`, in the experiment kind's schema).
 * - check-runner.ts: `checkRunner(experimentPath, key, experiment)` → RuleIssue[] (command XOR url, url allowed,
 *   timeout parses, no Galileo credential in env without galileo_key, relative input globs, dataset and no
 *   template/traces/trigger). Called from the manifest's experiment checks (check-shapes.ts).
 * - resolve-runner.ts: `resolveRunner(spec)` → RunnerSettings (defaults: concurrency 4, timeout 30 s); the
 *   experiment's fromManifest keeps it, with the manifest's directory, as `DesiredExperiment.runner`.
 * - runner-inputs-hash.ts: `runnerInputsHash(globs, baseDir)` → {hash, files [{path, hash}], unmatched};
 *   with-runner-inputs.ts: `withRunnerInputs(desired)` sets `runner.inputs` when the manifest is loaded in full;
 *   unmatched-input-warnings.ts: the plan's warnings for globs that match nothing.
 * - changed-files.ts: `changedFiles(prev, cur)`, `changedFilesText` → `app/answer.py changed, app/x.txt added`.
 * - runner-summary.ts: `summarizeRunner` (the `r` part of the run's stored summary, src/runs/summarize-inputs.ts),
 *   `runnerFingerprintPart` (the runner's component of the fingerprint), `runnerReasons(prev, cur, settings)` (the
 *   plan's reasons, from src/runs/run-reasons.ts).
 * - runner-env.ts: `runnerEnv(process.env, {galileoKey, env})`: the user's env minus Galileo credentials.
 * - run-row.ts: `runRow(rowValues, settings, {cwd, env, signal})` → RowResult; by command (run-command-row.ts:
 *   process group, stdin/stdout, timeout kill) or url (post-row.ts: https or loopback http, no credentials).
 *   parse-app-answer.ts + app-spans.ts read plain text or `{output, spans?, metadata?}`.
 * - runner-rows.ts: `runnerRows(datasetRows)` (id = the row's index) and `runnerTraceIds(rows, idScope)`.
 * - trace-of-row.ts: `runnerTraceId(idScope, rowId)`, `traceOfRow(idScope, row, result, {name})` → GalileoTrace.
 * - run-rows.ts: `runRows(rows, call, {concurrency, signal, skipRowIds, maxRows, onResult, onProgress})`.
 * - format-run-progress.ts: `formatRunProgress(label, progress, {tty})`; progress-reporter.ts:
 *   `createProgressReporter` (a standalone bar/CI line; apply reports through its own progress display instead).
 * - read-runner-counts.ts: `readRunnerCounts(client, live, desired)`: per `<run>.traces`, rows and the rows the
 *   current run holds (plan: the calls still to make; the run step's estimate shows `application_calls`).
 * - runner-label.ts: `runnerLabel(settings)`, how the plan names the application.
 *
 * ## Wiring
 * A runner experiment is not triggered; its run gets `<run>.scorers` and a `<run>.traces` step without a trace file
 * (src/kinds/run-sub-steps.ts), applied by src/kinds/experiment/apply-runner.ts: present rows (deterministic ids)
 * are skipped, the others run (at most `apply --max-rows`), each finished row's trace is ingested in batches as
 * rows finish; Ctrl-C sends what was answered. Check and preview need nothing runner-specific (the run is an
 * experiment run); export leaves runner runs out with a warning (src/engine/export/build-export.ts).
 */
export { AppAnswerError } from './app-spans.js';
export { changedFiles, changedFilesText, MAX_NAMED_FILES, type FileChanges } from './changed-files.js';
export { checkRunner } from './check-runner.js';
export { formatElapsed, formatRunProgress } from './format-run-progress.js';
export { parseAppAnswer, type AppAnswer } from './parse-app-answer.js';
export { CI_PROGRESS_INTERVAL_MS, createProgressReporter, type ProgressReporter, type ProgressReporterOptions } from './progress-reporter.js';
export { postRow } from './post-row.js';
export { DEFAULT_RUNNER_CONCURRENCY, DEFAULT_RUNNER_TIMEOUT_MS, MAX_RUNNER_CONCURRENCY, resolveRunner, runnerTimeoutMs, type RunnerSettings, type RunnerSpec } from './resolve-runner.js';
export { rowFailure, type RowFailureKind, type RowResult } from './row-result.js';
export { MAX_ANSWER_BYTES, runCommandRow, type CallOptions, type CommandOptions } from './run-command-row.js';
export { runRow, type RunRowOptions } from './run-row.js';
export { runRows, type CallRow, type RunProgress, type RunRowsOptions, type RunRowsSummary } from './run-rows.js';
export { GALILEO_KEY_VARIABLE, isGalileoCredential, runnerEnv, type RunnerEnvOptions } from './runner-env.js';
export { fileContentHash, hashRunnerFiles, runnerInputsHash, type RunnerFile, type RunnerInputsHash } from './runner-inputs-hash.js';
export { readRunnerCounts } from './read-runner-counts.js';
export { runnerLabel } from './runner-label.js';
export { runnerRows, runnerTraceIds } from './runner-rows.js';
export { runnerSchema } from './runner-schema.js';
export { RUNNER_SUMMARY_HASH_LENGTH, runnerFingerprintPart, runnerReasons, summarizeRunner, type RunnerSummary } from './runner-summary.js';
export { isLoopbackHost, runnerUrlProblem } from './runner-url-problem.js';
export { unmatchedInputWarnings } from './unmatched-input-warnings.js';
export { withRunnerInputs } from './with-runner-inputs.js';
export { ROW_STATUS, runnerTraceId, traceOfRow, type RunnerRow } from './trace-of-row.js';
