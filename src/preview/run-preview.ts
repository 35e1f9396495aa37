import { addressOf } from '../core/address.js';
import type { Desired, DesiredExperiment } from '../core/desired-types.js';
import { GalctlError } from '../core/errors.js';
import { isStepOf } from '../core/kind-map.js';
import { newestFirst } from '../core/newest-first.js';
import type { LiveState, Plan, PlanChange } from '../core/plan-types.js';
import type { GalileoClient } from '../galileo/create-client.js';
import { applyPlan } from '../engine/apply/apply-plan.js';
import type { ApplyEvent, ApplyResult } from '../engine/apply/types.js';
import { waitForRuns, type RunToWait } from '../engine/apply/wait-for-runs.js';
import { desiredSteps } from '../engine/desired-state.js';
import { addRegressionGates } from '../check/add-regression-gates.js';
import { evaluateThresholds } from '../check/evaluate-thresholds.js';
import { readCheckInputs } from '../check/read-check-inputs.js';
import { readComparisons } from '../check/read-comparisons.js';
import type { CheckReport } from '../check/types.js';
import { unscoredExperiments } from '../check/unscored-experiments.js';
import { addExperimentTag, listExperimentTags } from '../kinds/experiment/api.js';
import { getTemplate } from '../kinds/template/api.js';
import { ensureTemplateVersion } from '../kinds/template/apply.js';
import type { CiProvenance } from '../runs/ci-provenance.js';
import { RUN_TAG_KEYS, RUN_TAG_TYPE } from '../runs/run-tags.js';
import { makePlan } from '../pipeline/make-plan.js';
import { previewDesired } from './preview-desired.js';

/** The run tag that says which preview made a run. */
export const PREVIEW_TAG = RUN_TAG_KEYS.preview;

export interface RunPreviewOptions {
  id: string;
  /** the commit previewed (a full or short sha) */
  commit: string;
  maxJudgeCalls?: number;
  wait: boolean;
  timeoutMs: number;
  manifestPath: string;
  apiUrl: string;
  /** the console's base URL, for links to both runs */
  consoleBase: string;
  signal?: AbortSignal;
  /** CI provenance for the runs' tags (its commit is replaced by `commit`) */
  provenance?: CiProvenance;
  onEvent?: (event: ApplyEvent) => void;
  /** a line of progress (stderr) */
  note?: (line: string) => void;
}

/** What a preview did and found. */
export interface PreviewResult {
  /** the experiments whose inputs changed (manifest addresses); empty: nothing to preview */
  experiments: string[];
  /** judge calls the preview's new runs were estimated to make (0 when it adopted existing runs) */
  judgeCalls: number;
  /** the preview's own apply: what it created (undefined when nothing needed creating) */
  applied?: ApplyResult;
  /** the check report of the preview's runs against main's; undefined when runs are still being scored */
  report?: CheckReport;
  /** experiments whose preview run is not scored yet (without --wait) */
  unscored: string[];
}

/** The change is one the preview may make: on its own objects (and their runs' sub-steps), or a version of `versioned`. */
function allowed(c: PlanChange, owned: readonly string[], versioned: readonly string[]): boolean {
  if (c.action === 'no-op') return true;
  if (versioned.includes(c.address)) return c.action === 'new-version';
  return owned.some((a) => c.address === a || c.address.startsWith(`${a}.`));
}

/** Refuses, before any write, a preview plan that would change anything main owns (main moved since its plan). */
function checkOnlyOwn(plan: Plan, owned: readonly string[], versioned: readonly string[]): void {
  const bad = plan.changes.filter((c) => !allowed(c, owned, versioned));
  if (bad.length === 0) return;
  throw new GalctlError('preview-touches-main', `the preview would change what main uses; nothing was created:\n${bad.map((c) => `  ${c.address}: ${c.action}`).join('\n')}`, {
    hint: 'apply the main branch first (or run the preview again: main changed while it was planned)',
  });
}

/** Refuses a preview whose new runs would make more judge calls than allowed, before any write. */
function checkJudgeCalls(plan: Plan, max: number | undefined): number {
  const runs = plan.changes.filter((c) => c.run !== undefined);
  const total = runs.reduce((sum, c) => sum + c.run!.estimate.judge_calls, 0);
  if (max !== undefined && total > max) {
    const each = runs.map((c) => `  ${c.address}: ${c.run!.estimate.judge_calls} judge calls over ${c.run!.estimate.rows} rows`).join('\n');
    throw new GalctlError('preview-too-costly', `the preview's new runs would make about ${total} judge calls, more than --max-judge-calls ${max}; nothing was created:\n${each}`, {
      hint: 'raise --max-judge-calls, or make the dataset smaller / use fewer judges in the pull request',
    });
  }
  return total;
}

/**
 * The templates main has that the preview versions: a version saying what the manifest says (made when none does),
 * never selected. The live state handed to apply then names that version as the one the preview's runs use.
 */
async function versionTemplates(client: GalileoClient, desired: Desired, plan: Plan, live: LiveState, versioned: readonly string[]): Promise<LiveState> {
  const resources = { ...live.resources };
  const steps = desiredSteps(desired, live.presets);
  for (const change of plan.changes) {
    if (!versioned.includes(change.address) || change.action !== 'new-version') continue;
    const step = steps.find((s) => s.address === change.address);
    const found = resources[change.address];
    if (step === undefined || !isStepOf(step, 'template') || found === undefined) continue;
    const { version } = await ensureTemplateVersion({ client }, step, await getTemplate(client, found.id));
    resources[change.address] = { ...found, refs: { ...found.refs, selectedVersionId: version.id } };
  }
  return { ...live, resources };
}

/** Tags each preview run with the preview id and the commit (the keys it lacks). */
async function tagPreviewRuns(client: GalileoClient, runs: readonly RunToWait[], id: string, commit: string): Promise<void> {
  for (const run of runs) {
    const held = new Set((await listExperimentTags(client, run.projectId, run.runId)).map((t) => t.key));
    for (const [key, value] of [[PREVIEW_TAG, id], [RUN_TAG_KEYS.commit, commit]] as const) {
      if (!held.has(key)) await addExperimentTag(client, run.projectId, run.runId, { key, value, tag_type: RUN_TAG_TYPE });
    }
  }
}

/** Main's current run of an experiment (the newest run of it that the plan against live state found), if any. */
function mainRunName(live: LiveState, address: string): string | undefined {
  const found = live.resources[address];
  const candidates = [...(live.runs?.[address] ?? []), ...(found === undefined ? [] : [{ id: found.id, name: String((found.state as { name?: unknown }).name), created_at: '' }])];
  return newestFirst(candidates)[0]?.name;
}

/**
 * A pull request's preview (`galctl preview --id ID`): from the plan of the manifest against live state (`main`),
 * builds the preview's desired state (preview-desired.ts), plans it, refuses what it must not do (touch main's
 * objects, exceed --max-judge-calls) before any write, versions main's changed templates without selecting, applies
 * the preview's own objects under its stack (so --destroy can prove them), tags its runs, waits for scoring when
 * asked, and checks its runs against main's current runs with the same report and gates as `galctl check`.
 */
export async function runPreview(client: GalileoClient, main: { plan: Plan; live: LiveState; desired: Desired }, opts: RunPreviewOptions): Promise<PreviewResult> {
  const preview = previewDesired(main.desired, main.plan, { id: opts.id, commit: opts.commit });
  if (preview.experiments.length === 0) return { experiments: [], judgeCalls: 0, unscored: [] };
  opts.note?.(`previewing ${preview.experiments.length} changed experiment${preview.experiments.length === 1 ? '' : 's'}: ${preview.experiments.join(', ')}`);
  const made = await makePlan(client, preview.desired, { prune: false, targets: [], manifestPath: opts.manifestPath, apiUrl: opts.apiUrl, ...(opts.signal === undefined ? {} : { signal: opts.signal }) });
  checkOnlyOwn(made.plan, preview.owned, preview.versioned);
  const judgeCalls = checkJudgeCalls(made.plan, opts.maxJudgeCalls);

  const live = await versionTemplates(client, made.desired, made.plan, made.live, preview.versioned);
  const changes = made.plan.changes.filter((c) => !preview.versioned.includes(c.address));
  let applied: ApplyResult | undefined;
  if (changes.some((c) => c.action !== 'no-op')) {
    applied = await applyPlan({
      plan: { ...made.plan, changes },
      desired: made.desired,
      live,
      client,
      ...(opts.signal === undefined ? {} : { signal: opts.signal }),
      ...(opts.onEvent === undefined ? {} : { onEvent: opts.onEvent }),
      ...(opts.provenance === undefined ? {} : { provenance: { ...opts.provenance, commit: opts.commit } }),
    });
    if (!applied.ok || applied.interrupted) return { experiments: preview.experiments, judgeCalls, applied, unscored: [] };
  }

  const outcomes = new Map((applied?.outcomes ?? []).filter((o) => o.status === 'succeeded').map((o) => [o.address, o.id]));
  const idOf = (address: string): string | undefined => outcomes.get(address) ?? live.resources[address]?.id;
  const experiments = made.desired.resources.filter((r): r is DesiredExperiment => r.kind === 'experiment');
  const runs: RunToWait[] = experiments.flatMap((e) => {
    const runId = idOf(e.address);
    const projectId = idOf(addressOf('project', e.project));
    return runId === undefined || projectId === undefined ? [] : [{ address: e.address, projectId, runId, kind: 'experiment' as const }];
  });
  await tagPreviewRuns(client, runs, opts.id, opts.commit);
  if (opts.wait) await waitForRuns({ client, runs, timeoutMs: opts.timeoutMs, ...(opts.signal === undefined ? {} : { signal: opts.signal }) });

  const inputs = await readCheckInputs(client, made.desired);
  const unscored = unscoredExperiments(inputs);
  if (unscored.length > 0) return { experiments: preview.experiments, judgeCalls, ...(applied === undefined ? {} : { applied }), unscored };
  // a scorer copy's scores are under its own name in the preview run, under main's scorer's name in main's run
  const mainNames = new Map(main.desired.resources.flatMap((r) => (r.kind === 'scorer' ? [[r.address, r.name] as const] : [])));
  const baselineMetrics = new Map(made.desired.resources.flatMap((r) => (r.kind === 'scorer' && mainNames.get(r.address) !== r.name ? [[r.name, mainNames.get(r.address)!] as const] : [])));
  const comparisons = (
    await Promise.all(
      inputs.map((input) => {
        const baseline = mainRunName(main.live, input.address);
        return readComparisons(client, [input], { consoleBase: opts.consoleBase, baselineMetrics, ...(baseline === undefined ? {} : { baseline }) });
      }),
    )
  ).flat();
  const report = addRegressionGates(evaluateThresholds(inputs), comparisons);
  return { experiments: preview.experiments, judgeCalls, ...(applied === undefined ? {} : { applied }), report, unscored };
}
