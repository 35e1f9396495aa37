/**
 * Runner experiments (issue 19): an experiment's `runner:` runs the team's own application over the dataset, one
 * call per row, and ingests the answers as the run's traces. The building blocks, not yet wired into the manifest,
 * plan, apply, check, preview or export. User docs: docs/runner.md; example: examples/app-runner/.
 *
 * ## The pieces
 * - runner-schema.ts: `runnerSchema`, the JSON Schema fragment of `runner:`.
 * - check-runner.ts: `checkRunner(experimentPath, key, experiment)` → RuleIssue[] (command XOR url, url allowed,
 *   timeout parses, no Galileo credential in env without galileo_key, relative input globs, dataset and no
 *   template/traces/trigger).
 * - resolve-runner.ts: `resolveRunner(spec)` → RunnerSettings (defaults: concurrency 4, timeout 30 s).
 * - runner-inputs-hash.ts: `runnerInputsHash(globs, baseDir)` → {hash, files [{path, hash}], unmatched}.
 * - changed-files.ts: `changedFiles(prev, cur)`, `changedFilesText` → `app/answer.py changed, app/x.txt added`.
 * - runner-summary.ts: `summarizeRunner` (compact, for the run's stored summary), `runnerFingerprintPart` (the
 *   runner's component hash for the fingerprint), `runnerReasons(prev, cur, settings)`.
 * - runner-env.ts: `runnerEnv(process.env, {galileoKey, env})`: the user's env minus Galileo credentials.
 * - run-row.ts: `runRow(rowValues, settings, {cwd, env, signal})` → RowResult; by command (run-command-row.ts:
 *   process group, stdin/stdout, timeout kill) or url (post-row.ts: https or loopback http, no credentials).
 *   parse-app-answer.ts + app-spans.ts read plain text or `{output, spans?, metadata?}`.
 * - trace-of-row.ts: `runnerTraceId(idScope, rowId)`, `traceOfRow(idScope, row, result, {name})` → GalileoTrace.
 * - run-rows.ts: `runRows(rows, call, {concurrency, signal, skipRowIds, maxRows, onResult, onProgress})`.
 * - format-run-progress.ts: `formatRunProgress(label, progress, {tty})` for the bar and the CI line;
 *   progress-reporter.ts: `createProgressReporter(label, {tty, write})` → {update (runRows' onProgress), finish}.
 *
 * ## Wiring (for the lead)
 * manifest: schema `$defs.runner = runnerSchema`, `$defs.experiment.properties.runner = {$ref: '#/$defs/runner'}`
 *   (test/runner/validator-with-runner.ts does exactly this); checkRunner from check-shapes' checkExperiment;
 *   Desired experiment gets `runner: resolveRunner(spec)` and the manifest's directory; rename
 *   examples/app-runner/galileo.yaml.pending to galileo.yaml.
 * plan, per runner experiment: inputs = await runnerInputsHash(settings.inputs, manifestDir) (warn on
 *   `unmatched`); RunInputs gains `runner?: {settings, inputs}`, fingerprintInputs adds `runner:
 *   runnerFingerprintPart(settings, inputs)` to its canonical object, summarizeInputs stores `r:
 *   summarizeRunner(settings, inputs)` (bump INPUTS_SCHEMA_VERSION), runReasons appends runnerReasons(previous.r,
 *   now.r, settings). The run step's estimate: application calls = rows (min(rows, --max-rows)) minus the rows the
 *   run holds (same count as below), plus estimateCalls for the scorers.
 * apply, the run's traces step (after the run and its scorer settings): rows = the dataset version's rows as
 *   RunnerRow {id: String(index) (or Galileo row id), values}; idScope = traceIdScope(project, 'experiment', run
 *   name); present = presentTraceIds(post, projectId, {experiment_id}, rows.map(r => runnerTraceId(idScope, r.id)))
 *   (chunks of 1000) → skipRowIds; env = runnerEnv(process.env, {galileoKey, env}); runRows(rows, (row, signal) =>
 *   runRow(row.values, settings, {cwd: manifestDir, env, signal}), {concurrency, signal: Ctrl-C, skipRowIds,
 *   maxRows, onResult: push traceOfRow(idScope, row, result, {name: experiment name}), onProgress:
 *   createProgressReporter(label, {tty: stderr.isTTY, write}).update}), then its finish(); then ingest the
 *   traces. ingestTraces reads a file: either write them as JSONL (full traces with ids pass parseTraceRecord as
 *   is; test/runner/runner-ingest.test.ts does this) or generalize ingestTraces' source to an AsyncIterable of
 *   traces and ingest as rows finish (so a Ctrl-C keeps what was answered). Report `N rows, F failed` from the RunRowsSummary; failures never fail the apply.
 * check/preview: nothing runner-specific (the run is an experiment run). export: skip experiments that have a
 *   runner and print a note (Galileo has no record of the application).
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
export { runnerSchema } from './runner-schema.js';
export { RUNNER_SUMMARY_HASH_LENGTH, runnerFingerprintPart, runnerReasons, summarizeRunner, type RunnerSummary } from './runner-summary.js';
export { isLoopbackHost, runnerUrlProblem } from './runner-url-problem.js';
export { ROW_STATUS, runnerTraceId, traceOfRow, type RunnerRow } from './trace-of-row.js';
