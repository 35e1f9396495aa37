/**
 * Pull request previews (issue 18): `galctl preview --id ID` evaluates a pull request's changed experiments before
 * it merges, without touching what production uses; `galctl preview --destroy --id ID` deletes what it created;
 * `galctl plan --preview-max-age DUR` lists the stack's old previews as leftovers.
 *
 * ## Facts (for docs/previews.md)
 * - What is previewed: the experiments the plan of the manifest against live state gives a new run (their inputs'
 *   fingerprint has no run yet): directly, or through a changed template, dataset or scorer. Unchanged
 *   experiments are not re-run; log streams are never touched.
 * - What it creates, where:
 *   - a template main has, whose text or settings changed: a new version on that template, NOT selected (main's
 *     selected version and its versions stay byte for byte); the preview's run uses that version;
 *   - a changed or new scorer or dataset, a new template or project: a copy named `<name> [preview <id>]` (org
 *     level for scorers and datasets, in the project for templates), so main's objects and the live log streams
 *     that score with main's scorers are untouched;
 *   - per changed experiment, one run named `<experiment> [preview <id> <commit7>] · <fingerprint>` in the
 *     experiment's project, tagged like any galctl run plus `galctl:preview=<id>` and `galctl:commit=<sha>`.
 * - Ownership: every object it creates is recorded in galctl's inventory under the stack `<stack>/preview/<id>`
 *   (`/` never appears in a `stack:` name, so no manifest can claim it). The manifest's own stack reads those
 *   objects as another stack's (listed, never changed or pruned); the preview reads its parent stack's objects as
 *   its own, and refuses, before any write, a plan that would change any of them (main moved meanwhile).
 * - Re-running with the same id and commit adopts what exists and creates nothing; a new commit makes new runs
 *   (and new versions of its copies when their content changed again).
 * - Cost: `--max-judge-calls N` refuses, before any write, a preview whose new runs are estimated to make more
 *   than N judge calls (rows × judges of each LLM-judged scorer; src/runs/estimate-calls.ts). A re-run that adopts
 *   its runs makes no new calls. Each new run also generates one answer per dataset row when it uses a template.
 * - Results: with `--wait`, after scoring, each preview run is compared with main's current run of the same
 *   experiment (the newest run of it the plan found), with `galctl check`'s report and gates (thresholds,
 *   max_drop / max_regressed_rows, paired bootstrap intervals, regressed rows, console links). Exit codes as check:
 *   0 pass (also: nothing to preview), 3 a threshold or gate failed, 1 error. Without `--wait`, a run not scored
 *   yet is an error (exit 1); run again with `--wait` (it adopts the runs).
 * - `--format markdown` prints one pull request comment: `<!-- galctl-preview -->`, then "What will change on
 *   merge" (the plan), then "How the changed experiments scored against main" (src/render/preview-comment.ts).
 * - Destroy: deletes the objects the inventory rows of `<stack>/preview/<id>` confirm (only those whose names carry
 *   `[preview <id>`), runs first, then drops their rows, and prints each. Template versions it added to main's
 *   templates stay: Galileo has no call that deletes a template version (they were never selected).
 * - Leftovers: `galctl plan` lists each preview of the stack whose newest inventory row is older than
 *   `--preview-max-age` (default 7d), in text and in JSON (`preview_leftovers`), with the destroy command.
 */
export { destroyPreview, type DestroyedObject, type DestroyResult } from './destroy-preview.js';
export { PREVIEW_ID, previewCopyName, previewDesired, previewExperimentName, type PreviewDesired } from './preview-desired.js';
export { DEFAULT_PREVIEW_MAX_AGE, previewLeftovers } from './preview-leftovers.js';
export { PREVIEW_TAG, runPreview, type PreviewResult, type RunPreviewOptions } from './run-preview.js';
