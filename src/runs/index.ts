/**
 * Experiment runs keyed by the fingerprint of their inputs (issue 17, item 1): the pure building blocks. Wired in:
 * desired-run.ts (the current run of a declared experiment), kinds/experiment (the step is the current run; the
 * live read's history; new-run reasons and estimate; tags on create; keep_runs), check/read-check-inputs.ts and
 * read-comparisons.ts (the current run, the previous run as baseline, --baseline-ref). docs/runs.md is the user's view. An experiment in the manifest is a spec; each distinct fingerprint of its inputs is
 * one immutable Galileo experiment (a "run"); earlier runs stay as history. Log streams are not runs: they keep
 * their append semantics (only missing traces are ingested).
 *
 * ## The pieces
 * - run-inputs.ts: `RunInputs`, plain data the plan fills from desired + live state (no Desired* types).
 * - summarize-inputs.ts: `summarizeInputs` → `InputsSummary`, per-component hashes (8 hex) + display data.
 * - fingerprint-inputs.ts: `fingerprintInputs` → 10 hex, sha256 over `galctl.run-inputs.v1\n` + canonical JSON of
 *   full-length component hashes. Reuses plan/content-hash.ts (hashDatasetContent, stableStringify) and
 *   plan/canonical-template.ts. Versions, row counts, the trace file's path and scorer reference spellings are
 *   display only, so the plan can compute the fingerprint before apply creates any scorer/template version.
 * - run-name.ts: `runName(experimentName, fp)` = `support-eval · 3f9a1c2b7e` (≤ 255 code points, the name cut
 *   with `…` if needed, never the fingerprint), `parseRunName`, `isRunOf`.
 * - run-reasons.ts: `runReasons(previous, current, {previousDatasetRows})` → `first run`, `template x changed
 *   (v1 → v2)`, `dataset x +3 −0 ~1 rows` (plan/row-diff.ts diffRows), `scorer x prompt changed`, `scorer x
 *   added/removed/replaced`, `prompt_settings changed (temperature)`, `trace file p changed`.
 * - run-tags.ts: `runTags` (manifest key, fingerprint, summary, provenance), `readRunTags`, `flattenRunTags`.
 * - ci-provenance.ts: `ciProvenance(env, event)` for GitHub Actions and GitLab CI; read-ci-event.ts reads
 *   GITHUB_EVENT_PATH (the only I/O here: call it from the shell, pass the result in).
 * - estimate-calls.ts: `estimateCalls(inputs, rows)` → rows × Σ judges (llm: num_judges, default 3; LLM-judged
 *   presets: 3; code and Luna presets: 0) and one generation per row with a template.
 * - select-runs-to-prune.ts: `selectRunsToPrune(runs, keepRuns, currentFingerprint)` for `keep_runs: N`.
 *
 * ## Where the previous run's inputs live: on the run, as tags
 * Galileo keeps no manifest, and the fingerprint alone says THAT inputs changed, not WHAT. galctl therefore writes
 * the `InputsSummary` (hashes and versions only, never content) as tags on the run it creates:
 * `galctl:inputs`, continued in `galctl:inputs:2`, `:3`… when the JSON passes the 256-character tag value limit
 * (`RunTagCreateRequest`: key/value ≤ 256, `tag_type`; the SDKs use `generic`). Why tags and not the inventory
 * dataset (plan/ownership.ts): the summary describes one run and dies with it (deleting a pruned run needs no
 * inventory edit); `ExperimentResponse.tags` (grouped by tag type) comes with the experiment list the reader
 * already makes, so reading it costs no request; the inventory stays a list of what the stack owns. Tags are
 * editable in the console, so they are never trusted for ownership (the inventory still decides that) and a
 * damaged summary reads as none (reason: `inputs changed (the previous run records no inputs galctl can read)`).
 * Row counts `+a −d ~c` need the previous rows, which Galileo keeps: the previous run's `dataset.version_index`
 * → `GET /datasets/{id}/versions/{index}/content` (or the live rows already read, when that version is current).
 *
 * ## Wiring (for the lead)
 * plan, per desired experiment:
 *   1. inputs: dataset {name, contentHash, rows, version: live version the run will use} (or pinnedVersion);
 *      template {name, text, settings, version: selected version, or latest+1 when the plan makes a new one};
 *      promptSettings; scorers {key as written, type, name, content: prompt/model/judges/chainOfThought or code,
 *      version}; traceFile {path, contentHash of the file text}.
 *   2. fp = fingerprintInputs(inputs); name = runName(experiment name, fp).
 *   3. runs = live experiments of the project with isRunOf(experiment name, run.name) that the stack owns.
 *      One named `name` exists → no-op (that is the current run; a re-plan after apply is empty). Otherwise a
 *      step `run` (address `project.p.experiment.e`) carrying name, reasons = runReasons(latest run ?
 *      readRunTags(flattenRunTags(latest.tags)).summary ?? 'unreadable' : null, inputs, {previousDatasetRows}),
 *      and estimateCalls(inputs, rows or trace count) for the renderers. An experiment today named exactly like
 *      its key is a legacy run: it counts as the latest run ('unreadable') and is kept.
 *   4. keep_runs: N → delete steps for selectRunsToPrune(runs as {id, fingerprint: parseRunName(name), createdAt},
 *      N, fp); these are owned by the stack and declared by the manifest, so they need no --prune.
 * apply, for a `run` step: claim in the inventory, POST the experiment with `name`, then POST each of runTags({
 *   manifestKey: address, fingerprint, summary: summarizeInputs(inputs), provenance: ciProvenance(env, await
 *   readCiEvent(env)) }) to `/projects/{p}/experiments/{e}/tags`, confirm the claim. "Already exists" (422) or a
 *   resumed crash: find the run by `name`, adopt it, add the tags it lacks (GET its tags, POST the missing keys):
 *   the name is deterministic, so nothing is ever created twice.
 * check: the current run is the one named runName(experiment, fingerprintInputs(inputs)) (its
 *   `galctl:fingerprint` tag agrees); none → "no run for the current inputs: run apply". The default baseline is
 *   the newest other run of the experiment.
 * simulator: experiment tags are not simulated yet (SPEC.md: they answer 404) and must be (POST/GET/PUT/DELETE
 *   `…/experiments/{e}/tags`, `tags` grouped by tag type in ExperimentResponse) before apply writes them.
 */
export { ciProvenance, type CiProvenance } from './ci-provenance.js';
export { DEFAULT_JUDGES, estimateCalls, judgesPerRow, type CallEstimate } from './estimate-calls.js';
export { FINGERPRINT_LENGTH, FINGERPRINT_PATTERN, fingerprintInputs } from './fingerprint-inputs.js';
export { readCiEvent } from './read-ci-event.js';
export type { DatasetInput, InputRow, RunInputs, ScorerContent, ScorerInput, TemplateInput, TraceFileInput } from '../core/run-inputs.js';
export { isRunOf, MAX_RUN_NAME_LENGTH, parseRunName, runName, RUN_NAME_SEPARATOR } from './run-name.js';
export { runReasons, type PreviousRun, type ReasonOptions } from './run-reasons.js';
export { flattenRunTags, inputsSummaryTags, MAX_TAG_VALUE_LENGTH, readRunTags, RUN_TAG_KEYS, RUN_TAG_TYPE, runTags, type RunTag } from './run-tags.js';
export { selectRunsToPrune, type RunRecord } from './select-runs-to-prune.js';
export { INPUTS_SCHEMA_VERSION, summarizeInputs, SUMMARY_HASH_LENGTH, type InputsSummary, type ScorerSummary } from './summarize-inputs.js';
