import { internalPresetName } from '../galileo/preset-names.js';
import { latestVersion } from './scorer-view.js';
import { applyScores } from './score-job.js';
import type { Sim } from './sim-context.js';
import { isoMicro } from './store.js';
import type { JobRec, Obj, RunRec, ScorerRec, ScorerVersionRec } from './types.js';

/**
 * Jobs per run. Status is a function of simulated time: `unstarted` for one step (jobStepMs), `in_progress`
 * for the next, then `completed` — or `error` when a registered scorer cannot run [GUIDE] (or the test knob
 * `scorerFailures` names it). Scores are written into the traces the first time anyone looks after the job
 * finished and `metricsLagMs` more passed (settleRun).
 */
export type JobStatus = 'unstarted' | 'in_progress' | 'completed' | 'error';

export function jobStatus(j: JobRec, nowMs: number, stepMs: number): JobStatus {
  const elapsed = nowMs - j.created_ms;
  if (elapsed < stepMs) return 'unstarted';
  if (elapsed < 2 * stepMs) return 'in_progress';
  return j.outcome;
}

/** `JobDB` [SPEC]. */
export function jobView(j: JobRec, nowMs: number, stepMs: number): Obj {
  const status = jobStatus(j, nowMs, stepMs);
  const done = status === 'completed' || status === 'error';
  const at = (k: number): string => isoMicro(j.created_ms + k * stepMs);
  return {
    id: j.id, created_at: j.created_at, updated_at: done ? at(2) : status === 'in_progress' ? at(1) : j.created_at,
    failed_at: status === 'error' ? at(2) : null, completed_at: status === 'completed' ? at(2) : null,
    processing_started: status === 'unstarted' ? null : at(1), job_name: j.job_name, migration_name: null,
    project_id: j.project_id, run_id: j.run_id, monitor_batch_id: null, status, retries: 0, request_data: j.request_data,
    error_message: status === 'error' ? j.error_message : null,
    progress_message: status === 'completed' ? 'Done' : status === 'in_progress' ? 'Scoring' : null,
    steps_completed: done ? 2 : status === 'in_progress' ? 1 : 0, steps_total: 2,
    progress_percent: done ? 1 : status === 'in_progress' ? 0.5 : 0,
  };
}

interface ResolvedScorer {
  config: Obj;
  scorer: ScorerRec | undefined;
  version: ScorerVersionRec | undefined;
  name: string;
}

function resolve(sim: Sim, config: Obj): ResolvedScorer {
  const scorer = sim.store.scorers.get(String(config['id']));
  const pinned = config['scorer_version'] as Obj | null | undefined;
  const chosen = scorer === undefined ? undefined
    : pinned != null && typeof pinned['version'] === 'number'
      ? scorer.versions.find((v) => v.version === pinned['version'])
      : latestVersion(scorer);
  const version = chosen === undefined ? undefined : withRunOverrides(chosen, config);
  const name = scorer?.name ?? (typeof config['name'] === 'string' ? config['name'] : String(config['id']));
  return { config, scorer, version, name };
}

/** A run's `ScorerConfig` model / judges / chain-of-thought override the version's for that run [SPEC ScorerConfig]. */
function withRunOverrides(v: ScorerVersionRec, config: Obj): ScorerVersionRec {
  const model = config['model_name'];
  const judges = config['num_judges'];
  const cot = config['cot_enabled'];
  if (typeof model !== 'string' && typeof judges !== 'number' && typeof cot !== 'boolean') return v;
  return {
    ...v, model_name: typeof model === 'string' ? model : v.model_name, num_judges: typeof judges === 'number' ? judges : v.num_judges,
    cot_enabled: typeof cot === 'boolean' ? cot : v.cot_enabled,
  };
}

/** Why a scorer cannot score these traces, or null when it can. */
function cannotRun(r: ResolvedScorer, rawTraces: boolean): string | null {
  const s = r.scorer;
  if (s === undefined) return `Scorer ${String(r.config['id'])} not found`;
  if (s.scorer_type === 'preset') return null;
  if (r.version === undefined) return `Scorer '${s.name}' has no version: create one with POST /scorers/${s.id}/version/${s.scorer_type}`;
  if (s.scorer_type === 'code' && !r.version.code_valid) return `Scorer '${s.name}' version ${r.version.version}: code failed validation`;
  const nodes = r.version.scoreable_node_types ?? s.scoreable_node_types;
  if (rawTraces && (nodes === null || nodes.length === 0)) {
    return `Scorer '${s.name}' has no scoreable_node_types, so it cannot score ingested traces; set scoreable_node_types on the scorer`;
  }
  return null;
}

/** Creates one scoring job per scorer config over the given traces, and marks their metrics pending. */
export function scheduleScoring(sim: Sim, run: RunRec, traceIds: string[], configs: Obj[], rawTraces: boolean): JobRec[] {
  const jobs: JobRec[] = [];
  if (traceIds.length === 0) return jobs;
  for (const config of configs) {
    const r = resolve(sim, config);
    const reason = cannotRun(r, rawTraces) ?? sim.scorerFailures.get(r.name) ?? null;
    // a preset's job carries its internal name (`correctness` → `factuality`) [JS types/job.types.ts Scorers];
    // [JS job.types.ts JobName] has no experiment scorer job: scoring jobs are log_stream_scorer on every run, and
    // the SDK's getRunScorerJobs keeps only those [JS job-progress-service.ts]
    const jobName = r.scorer?.scorer_type === 'preset' ? internalPresetName(r.name) : r.name;
    const job = newJob(sim, run, 'log_stream_scorer', {
      scorer_config: { ...config, name: jobName }, prompt_scorer_settings: { scorer_name: jobName }, num_traces: traceIds.length,
    });
    job.trace_ids = traceIds;
    job.scorer_id = r.scorer?.id ?? null;
    if (reason !== null) {
      job.outcome = 'error';
      job.error_message = reason;
    }
    for (const id of traceIds) {
      const t = run.traces.get(id);
      if (t !== undefined) t.metric_info[r.name] = { status_type: 'pending', scorer_type: null };
    }
    jobs.push(job);
  }
  return jobs;
}

export function newJob(sim: Sim, run: RunRec, jobName: string, requestData: Obj): JobRec {
  const job: JobRec = {
    id: sim.store.uuid(), job_name: jobName, project_id: run.project_id, run_id: run.id, created_ms: Date.now(),
    created_at: sim.store.nowIso(), request_data: { project_id: run.project_id, run_id: run.id, ...requestData },
    outcome: 'completed', error_message: null, trace_ids: [], scorer_id: null, applied: false,
  };
  run.jobs.push(job);
  sim.store.jobRun.set(job.id, run.id);
  return job;
}

/** Writes the scores of every finished, not yet applied job of a run. */
export function settleRun(sim: Sim, run: RunRec): void {
  const now = Date.now();
  for (const j of run.jobs) {
    if (j.applied) continue;
    const st = jobStatus(j, now, sim.jobStepMs);
    if (st !== 'completed' && st !== 'error') continue;
    // the guide's metrics lag: completed scores show up metricsLagMs after the job reports completed
    if (st === 'completed' && now < j.created_ms + 2 * sim.jobStepMs + sim.metricsLagMs) continue;
    j.applied = true;
    if (st !== 'completed' || j.scorer_id === null) continue;
    const s = sim.store.scorers.get(j.scorer_id);
    if (s === undefined) continue;
    applyScores(sim, run, s, resolve(sim, j.request_data['scorer_config'] as Obj).version, j.trace_ids);
  }
}

/** Experiments: generation progress 0.0–1.0 from the generation job, 1.0 when there is none. */
export function generationProgress(sim: Sim, run: RunRec): number {
  const gen = run.jobs.find((j) => j.job_name === 'prompt_run');
  if (gen === undefined) return run.traces.size > 0 ? 1 : 0;
  const st = jobStatus(gen, Date.now(), sim.jobStepMs);
  return st === 'unstarted' ? 0 : st === 'in_progress' ? 0.5 : 1;
}
