import { notFound } from './http-error.js';
import { scheduleScoring, settleRun } from './jobs.js';
import { checkPinnedVersions, parseScorerConfigs, parseSegmentFilters } from './scorer-config.js';
import type { Sim } from './sim-context.js';
import type { Obj, RunRec } from './types.js';

export function newRun(sim: Sim, kind: RunRec['kind'], projectId: string, name: string, taskType: number): RunRec {
  const now = sim.store.nowIso();
  return {
    id: sim.store.uuid(), kind, name, project_id: projectId, task_type: taskType, created_at: now, updated_at: now,
    dataset: null, prompt_template_version_id: null, prompt_settings: null, experiment_group_id: null,
    experiment_group_name: null, scorers: [], segment_filters: null, traces: new Map(), unscored: [], jobs: [],
  };
}

/** A run of the given project (any kind when `kind` is undefined), settled (finished jobs applied). */
export function getRun(sim: Sim, projectId: string | undefined, runId: string | undefined, kind?: RunRec['kind']): RunRec {
  const r = runId === undefined ? undefined : sim.store.runs.get(runId);
  const label = kind === 'log_stream' ? 'Log stream' : kind === 'experiment' ? 'Experiment' : 'Run';
  if (r === undefined || r.project_id !== projectId || (kind !== undefined && r.kind !== kind)) throw notFound(label, runId);
  settleRun(sim, r);
  return r;
}

/** Validates `ScorerConfig[]` [SPEC] (`scorer-config.ts`: every field, every problem at once). */
export function scorerConfigs(raw: unknown, loc: (string | number)[]): Obj[] {
  return parseScorerConfigs(raw, loc);
}

/**
 * choice: scorer-settings POST/PATCH and metric_settings PATCH REPLACE the run's scorer list (one storage per
 * run). Scorers new to the list are run over the traces already complete ("recompute" [GUIDE C2]).
 */
export function replaceScorers(sim: Sim, run: RunRec, configs: Obj[], segmentFilters: unknown): void {
  checkPinnedVersions(sim, configs);
  const segments = segmentFilters === undefined ? undefined : parseSegmentFilters(segmentFilters, ['body', 'segment_filters']);
  const before = new Set(run.scorers.map((c) => String(c['id'])));
  const added = configs.filter((c) => !before.has(String(c['id'])));
  run.scorers = configs.map((c) => {
    const s = sim.store.scorers.get(String(c['id']));
    return s === undefined ? c : { ...c, name: c['name'] ?? s.name };
  });
  if (segments !== undefined) run.segment_filters = segments;
  run.updated_at = sim.store.nowIso();
  if (added.length === 0) return;
  const complete: string[] = [];
  for (const [id, t] of run.traces) if (t.record['is_complete'] === true) complete.push(id);
  scheduleScoring(sim, run, complete, added, isRaw(run));
}

/** Traces of a run are "raw" (ingested) unless the run generated them from a dataset. */
export function isRaw(run: RunRec): boolean {
  return run.dataset === null;
}

export function metricSettingsView(run: RunRec): Obj {
  return { scorers: run.scorers, segment_filters: run.segment_filters };
}
