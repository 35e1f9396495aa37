import { Prng } from './prng.js';
import { presetScorers } from './presets.js';
import type { AnnotationQueueRec, DatasetRec, IntegrationRec, ProjectRec, StageRec, RunRec, ScorerRec, TemplateRec, TraceRec, ValidationTaskRec } from './types.js';

/** The simulator's one user and organisation. */
export const SIM_USER = {
  id: '5b1c2b8e-4a7f-4d51-9b0e-1f2a3b4c5d6e',
  email: 'sim@galctl.local',
  first_name: 'Galileo',
  last_name: 'Simulator',
  organization_id: '0a1b2c3d-4e5f-4a6b-8c7d-8e9f0a1b2c3d',
  organization_name: 'galctl-sim',
};

/**
 * All simulator state, indexed: by id per kind, and by name key per kind/scope. Nothing is O(n) per request
 * except list and search endpoints.
 */
export class Store {
  prng: Prng;
  projects = new Map<string, ProjectRec>();
  projectByName = new Map<string, string>();
  scorers = new Map<string, ScorerRec>();
  /** `${scorer_type}:${lowercase name}` → id */
  scorerByKey = new Map<string, string>();
  /** scorer version id → scorer id */
  scorerVersionOwner = new Map<string, string>();
  tasks = new Map<string, ValidationTaskRec>();
  datasets = new Map<string, DatasetRec>();
  datasetByName = new Map<string, string>();
  templates = new Map<string, TemplateRec>();
  templateByName = new Map<string, string>();
  /** template version id → template id */
  templateVersionOwner = new Map<string, string>();
  runs = new Map<string, RunRec>();
  /** `${project_id}:${kind}:${name}` → run id */
  runByName = new Map<string, string>();
  /** project id → ids of its runs (experiments and log streams) */
  projectRuns = new Map<string, Set<string>>();
  /** trace id → run id */
  traceRun = new Map<string, string>();
  /** span id → trace id */
  spanTrace = new Map<string, string>();
  /** job id → run id */
  jobRun = new Map<string, string>();
  /** provider name → the org's integration of that provider */
  integrations = new Map<string, IntegrationRec>();
  /** Protect stages by id */
  stages = new Map<string, StageRec>();
  /** annotation queues by id */
  annotationQueues = new Map<string, AnnotationQueueRec>();
  private lastMs = 0;

  constructor(readonly seed: number) {
    this.prng = new Prng(seed);
    this.seedPresets();
  }

  uuid(): string {
    return this.prng.uuid();
  }

  /** Wall-clock now in ms, strictly increasing, so created_at orders are stable. */
  nowMs(): number {
    const t = Date.now();
    this.lastMs = t > this.lastMs ? t : this.lastMs + 0.001;
    return this.lastMs;
  }

  nowIso(): string {
    return isoMicro(this.nowMs());
  }

  reset(): void {
    for (const m of [
      this.projects, this.projectByName, this.scorers, this.scorerByKey, this.scorerVersionOwner, this.tasks,
      this.datasets, this.datasetByName, this.templates, this.templateByName, this.templateVersionOwner,
      this.runs, this.runByName, this.projectRuns, this.traceRun, this.spanTrace, this.jobRun, this.integrations, this.stages,
      this.annotationQueues,
    ]) m.clear();
    this.prng = new Prng(this.seed);
    this.seedPresets();
  }

  addScorer(s: ScorerRec): void {
    this.scorers.set(s.id, s);
    this.scorerByKey.set(scorerKey(s.scorer_type, s.name), s.id);
    for (const v of s.versions) this.scorerVersionOwner.set(v.id, s.id);
  }

  removeScorer(s: ScorerRec): void {
    this.scorers.delete(s.id);
    this.scorerByKey.delete(scorerKey(s.scorer_type, s.name));
    for (const v of s.versions) this.scorerVersionOwner.delete(v.id);
  }

  addTemplate(t: TemplateRec): void {
    this.templates.set(t.id, t);
    this.templateByName.set(t.name, t.id);
    for (const v of t.versions) this.templateVersionOwner.set(v.id, t.id);
  }

  removeTemplate(t: TemplateRec): void {
    this.templates.delete(t.id);
    this.templateByName.delete(t.name);
    for (const v of t.versions) this.templateVersionOwner.delete(v.id);
  }

  addRun(r: RunRec): void {
    this.runs.set(r.id, r);
    this.runByName.set(runKey(r.project_id, r.kind, r.name), r.id);
    let set = this.projectRuns.get(r.project_id);
    if (set === undefined) this.projectRuns.set(r.project_id, (set = new Set()));
    set.add(r.id);
    for (const id of r.traces.keys()) this.indexTrace(r, id);
    for (const j of r.jobs) this.jobRun.set(j.id, r.id);
  }

  removeRun(r: RunRec): void {
    this.runs.delete(r.id);
    this.runByName.delete(runKey(r.project_id, r.kind, r.name));
    this.projectRuns.get(r.project_id)?.delete(r.id);
    for (const [id, t] of r.traces) this.unindexTrace(id, t);
    for (const j of r.jobs) this.jobRun.delete(j.id);
  }

  runsOf(projectId: string): RunRec[] {
    const out: RunRec[] = [];
    for (const id of this.projectRuns.get(projectId) ?? []) {
      const r = this.runs.get(id);
      if (r !== undefined) out.push(r);
    }
    return out;
  }

  indexTrace(r: RunRec, traceId: string): void {
    this.traceRun.set(traceId, r.id);
    const t = r.traces.get(traceId);
    if (t !== undefined) forEachSpan(t.spans, (s) => this.spanTrace.set(String(s['id']), traceId));
  }

  unindexTrace(traceId: string, t: TraceRec): void {
    this.traceRun.delete(traceId);
    forEachSpan(t.spans, (s) => this.spanTrace.delete(String(s['id'])));
  }

  private seedPresets(): void {
    const at = '2025-01-01T00:00:00.000000Z';
    for (const p of presetScorers()) {
      const id = this.uuid();
      const versionId = this.uuid();
      this.addScorer({
        id, name: p.name, scorer_type: 'preset', description: p.description, tags: ['preset'], defaults: null,
        model_type: p.model_type, ground_truth: p.ground_truth, user_prompt: null,
        scoreable_node_types: p.scoreable_node_types, output_type: p.output_type, input_type: null,
        required_scorers: null, default_version_id: versionId, label: p.label, created_at: at, updated_at: at, preset: true,
        versions: [{
          id: versionId, version: 1, kind: 'preset', created_at: at, model_name: p.model_type === 'llm' ? 'gpt-4.1-mini' : null,
          num_judges: p.model_type === 'llm' ? 3 : null, cot_enabled: null, scoreable_node_types: p.scoreable_node_types,
          input_type: null, user_prompt: null, instructions: null, chain_poll_template: null, code: null, score_type: null,
          code_valid: true,
        }],
      });
    }
  }
}

export function scorerKey(type: string, name: string): string {
  return `${type}:${name.toLowerCase()}`;
}

export function runKey(projectId: string, kind: string, name: string): string {
  return `${projectId}:${kind}:${name}`;
}

/** ISO 8601 with microseconds and a Z, like Galileo's timestamps. */
export function isoMicro(ms: number): string {
  const whole = Math.floor(ms);
  const micro = Math.round((ms - whole) * 1000);
  const base = new Date(whole).toISOString(); // 2026-01-01T00:00:00.123Z
  return `${base.slice(0, 23)}${String(micro).padStart(3, '0')}Z`;
}

/** Visits every span of a nested span list. */
export function forEachSpan(spans: unknown[], visit: (span: Record<string, unknown>) => void): void {
  for (const s of spans) {
    if (s === null || typeof s !== 'object') continue;
    const span = s as Record<string, unknown>;
    visit(span);
    if (Array.isArray(span['spans'])) forEachSpan(span['spans'], visit);
  }
}
