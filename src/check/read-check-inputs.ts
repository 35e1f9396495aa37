import type { GalileoClient } from '../galileo/create-client.js';
import { getExperimentMetrics, searchExperiments } from '../kinds/experiment/api.js';
import { findOne } from '../engine/read/live-resource.js';
import { listProjects } from '../kinds/project/api.js';
import { publicScorerName } from '../galileo/preset-names.js';
import { listJobs, TERMINAL_JOB_STATUS } from '../galileo/runs.js';
import { iterateTraces } from '../kinds/traces/api.js';
import type { Desired, DesiredExperiment, DesiredProject } from '../core/desired-types.js';
import { addTraceMetricStats } from './trace-metric-stats.js';
import type { CheckInput, DeclaredThreshold, RunOfExperiment, TraceMetricStats } from './types.js';
import { indexDesired } from '../core/desired-index.js';
import type { Experiment } from '../galileo/types.js';
import { desiredRun } from '../runs/desired-run.js';
import { isRunOf } from '../runs/run-name.js';
import { flattenRunTags } from '../runs/run-tags.js';

/**
 * Reads what `galctl check` needs for every experiment of the manifest: the project, and the experiment's current
 * run by its name (issue 17: named by the fingerprint of the manifest's inputs) with its earlier runs (one list
 * call for the projects, one search per project), then per experiment with thresholds its aggregate metrics
 * and its jobs, and — once its jobs have all ended — one scan of its traces for per-trace min/max and `pending`
 * scores (the aggregate alone cannot show a scorer that failed on part of the traces). Experiments without
 * thresholds are listed but not read.
 */
export async function readCheckInputs(client: GalileoClient, desired: Desired): Promise<CheckInput[]> {
  const projects = new Map(desired.resources.filter((r): r is DesiredProject => r.kind === 'project').map((p) => [p.key, p]));
  const scorerNames = new Map(desired.resources.flatMap((r) => (r.kind === 'scorer' ? [[r.key, r.name] as const] : [])));
  const experiments = desired.resources.filter((r): r is DesiredExperiment => r.kind === 'experiment');
  const checked = experiments.filter((e) => Object.keys(e.thresholds).length > 0);

  const projectNames = [...new Set(checked.map((e) => projects.get(e.project)?.name ?? e.project))];
  const liveProjects = projectNames.length === 0 ? [] : await listProjects(client, { names: projectNames });
  const projectIds = new Map<string, string>();
  for (const name of projectNames) {
    const p = findOne(liveProjects, name, 'project');
    if (p !== undefined) projectIds.set(name, p.id);
  }
  // the current run is the one named by the fingerprint of the manifest's inputs (issue 17): a stale run never is
  const index = indexDesired(desired);
  const runNames = new Map(checked.map((e) => [e.address, desiredRun(e, index, desired.file).name]));
  const runIds = new Map<string, string>(); // experiment address → id of its current run
  const runsOf = new Map<string, RunOfExperiment[]>(); // experiment address → all its runs, newest first
  await Promise.all(
    [...projectIds].map(async ([projectName, projectId]) => {
      const wanted = checked.filter((e) => (projects.get(e.project)?.name ?? e.project) === projectName);
      const found = await searchExperiments(client, projectId);
      for (const e of wanted) {
        const name = runNames.get(e.address)!;
        // as plan does: adopt: true takes an experiment made outside galctl under its own name as the current run
        const hit = findOne(found, name, `experiment in project "${projectName}"`) ?? (e.adopt ? findOne(found, e.name, `experiment in project "${projectName}"`) : undefined);
        if (hit !== undefined) runIds.set(e.address, hit.id);
        runsOf.set(e.address, experimentRuns(found, e.name, name));
      }
    }),
  );

  return Promise.all(
    experiments.map(async (e): Promise<CheckInput> => {
      const project = projects.get(e.project)?.name ?? e.project;
      const thresholds: DeclaredThreshold[] = Object.entries(e.thresholds).map(([ref, threshold]) => ({
        ref,
        metric: metricName(ref, scorerNames),
        threshold,
      }));
      const runs = runsOf.get(e.address);
      const input: CheckInput = { address: e.address, project, name: runNames.get(e.address) ?? e.name, thresholds, ...(runs === undefined ? {} : { runs }) };
      const projectId = projectIds.get(project);
      const id = runIds.get(e.address);
      if (thresholds.length === 0 || projectId === undefined || id === undefined) {
        // not read: an experiment that exists but has no thresholds shows as skipped either way
        return id === undefined ? input : { ...input, live: { id, metrics: [], jobs: [] } };
      }
      const [metrics, jobs] = await Promise.all([getExperimentMetrics(client, projectId, id), listJobs(client, projectId, id)]);
      const live: NonNullable<CheckInput['live']> = { id, projectId, metrics: metrics.metrics ?? [], jobs };
      if (jobs.every((j) => TERMINAL_JOB_STATUS.has(j.status))) {
        live.traces = await scanTraceMetrics(client, projectId, id, new Set(thresholds.map((t) => publicScorerName(t.metric))));
      }
      return { ...input, live };
    }),
  );
}

/** The runs of experiment `name` (the caller sorts them): `current`, `<name> · <fp>`, or a legacy one named `<name>`. */
function experimentRuns(found: readonly Experiment[], name: string, current: string): RunOfExperiment[] {
  return found
    .filter((x) => x.name === current || x.name === name || isRunOf(name, x.name))
    .map((x) => ({ id: x.id, name: x.name, created_at: x.created_at ?? '', tags: flattenRunTags(x.tags ?? undefined) }));
}

/** The name Galileo reports a scorer's metric under: a preset's name, else the manifest scorer's remote name. */
function metricName(ref: string, scorerNames: ReadonlyMap<string, string>): string {
  if (ref.startsWith('preset:')) return ref.slice('preset:'.length);
  return scorerNames.get(ref) ?? ref;
}

async function scanTraceMetrics(client: GalileoClient, projectId: string, experimentId: string, names: ReadonlySet<string>): Promise<Record<string, TraceMetricStats>> {
  const stats: Record<string, TraceMetricStats> = {};
  for await (const record of iterateTraces(client, projectId, { experiment_id: experimentId })) {
    addTraceMetricStats(stats, record.metric_info, names);
  }
  return stats;
}
