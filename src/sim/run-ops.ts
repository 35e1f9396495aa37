import { invalid, notFound } from './http-error.js';
import { scheduleScoring, settleRun } from './jobs.js';
import { isUuid } from './prng.js';
import type { Sim } from './sim-context.js';
import type { Obj, RunRec } from './types.js';

const SCORER_TYPES = new Set(['llm', 'code', 'luna', 'preset']);

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

/** Validates `ScorerConfig[]` [SPEC]: id (uuid) and scorer_type required. */
export function scorerConfigs(raw: unknown, loc: (string | number)[]): Obj[] {
  if (raw === undefined || raw === null) return [];
  if (!Array.isArray(raw)) throw invalid(loc, 'Input should be a valid list', 'list_type', raw);
  return raw.map((c, i) => {
    if (c === null || typeof c !== 'object') throw invalid([...loc, i], 'Input should be a valid dictionary', 'dict_type', c);
    const cfg = c as Obj;
    if (cfg['id'] === undefined) throw invalid([...loc, i, 'id'], 'Field required', 'missing');
    if (!isUuid(cfg['id'])) throw invalid([...loc, i, 'id'], 'Input should be a valid UUID', 'uuid_parsing', cfg['id']);
    if (cfg['scorer_type'] === undefined) throw invalid([...loc, i, 'scorer_type'], 'Field required', 'missing');
    if (!SCORER_TYPES.has(String(cfg['scorer_type']))) throw invalid([...loc, i, 'scorer_type'], "Input should be 'llm', 'code', 'luna' or 'preset'", 'enum', cfg['scorer_type']);
    return { ...cfg };
  });
}

/**
 * choice: scorer-settings POST/PATCH and metric_settings PATCH REPLACE the run's scorer list (one storage per
 * run). Scorers new to the list are run over the traces already complete ("recompute" [GUIDE C2]).
 */
export function replaceScorers(sim: Sim, run: RunRec, configs: Obj[], segmentFilters: unknown): void {
  const before = new Set(run.scorers.map((c) => String(c['id'])));
  const added = configs.filter((c) => !before.has(String(c['id'])));
  run.scorers = configs.map((c) => {
    const s = sim.store.scorers.get(String(c['id']));
    return s === undefined ? c : { ...c, name: c['name'] ?? s.name };
  });
  if (segmentFilters !== undefined) run.segment_filters = Array.isArray(segmentFilters) ? (segmentFilters as Obj[]) : null;
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
