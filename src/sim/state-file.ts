import { readFile, rename, writeFile } from 'node:fs/promises';
import type { Store } from './store.js';
import type { AnnotationQueueRec, IntegrationRec, RunRec, StageRec, TraceRec } from './types.js';

/** The full store as JSON-able data (`GET /__sim/state`, `--state FILE`). */
export interface SimStateDump {
  version: 1;
  prng_state: number;
  projects: unknown[];
  scorers: unknown[];
  datasets: unknown[];
  templates: unknown[];
  runs: (Omit<RunRec, 'traces'> & { traces: TraceRec[] })[];
  tasks: unknown[];
  /** LLM provider integrations, without secrets (absent in files written before them) */
  integrations?: IntegrationRec[];
  /** Protect stages with every version's rulesets (absent in older files) */
  stages?: StageRec[];
  /** annotation queues with their templates and users (absent in older files) */
  annotation_queues?: AnnotationQueueRec[];
}

export function dumpState(store: Store): SimStateDump {
  return {
    version: 1,
    prng_state: store.prng.state,
    projects: [...store.projects.values()],
    scorers: [...store.scorers.values()].filter((s) => !s.preset || s.versions.length > 1),
    datasets: [...store.datasets.values()],
    templates: [...store.templates.values()],
    runs: [...store.runs.values()].map((r) => ({ ...r, traces: [...r.traces.values()] })),
    tasks: [...store.tasks.values()],
    integrations: [...store.integrations.values()],
    stages: [...store.stages.values()],
    annotation_queues: [...store.annotationQueues.values()],
  };
}

export function stateSummary(store: Store): Record<string, number> {
  let traces = 0;
  for (const r of store.runs.values()) traces += r.traces.size;
  return {
    projects: store.projects.size, scorers: store.scorers.size, datasets: store.datasets.size,
    templates: store.templates.size, runs: store.runs.size, traces, validation_tasks: store.tasks.size,
    integrations: store.integrations.size, stages: store.stages.size, annotation_queues: store.annotationQueues.size,
  };
}

/** Replaces the store's content with a dump (presets stay; dumped presets with extra versions replace them). */
export function loadState(store: Store, dump: SimStateDump): void {
  store.reset();
  for (const p of dump.projects as Store['projects'] extends Map<string, infer P> ? P[] : never) {
    store.projects.set(p.id, p);
    store.projectByName.set(p.name, p.id);
  }
  for (const s of dump.scorers as Store['scorers'] extends Map<string, infer S> ? S[] : never) {
    const existing = store.scorerByKey.get(`${s.scorer_type}:${s.name.toLowerCase()}`);
    const old = existing === undefined ? undefined : store.scorers.get(existing);
    if (old !== undefined) store.removeScorer(old);
    store.addScorer(s);
  }
  for (const d of dump.datasets as Store['datasets'] extends Map<string, infer D> ? D[] : never) {
    store.datasets.set(d.id, d);
    store.datasetByName.set(d.name, d.id);
  }
  for (const t of dump.templates as Store['templates'] extends Map<string, infer T> ? T[] : never) store.addTemplate(t);
  for (const r of dump.runs) store.addRun({ ...r, traces: new Map(r.traces.map((t) => [String(t.record['id']), t])) });
  for (const t of dump.tasks as Store['tasks'] extends Map<string, infer T> ? T[] : never) store.tasks.set(t.id, t);
  for (const i of dump.integrations ?? []) store.integrations.set(i.name, i);
  for (const s of dump.stages ?? []) store.stages.set(s.id, s);
  for (const q of dump.annotation_queues ?? []) store.annotationQueues.set(q.id, q);
  if (typeof dump.prng_state === 'number') store.prng.state = dump.prng_state;
}

export async function saveStateFile(store: Store, file: string): Promise<void> {
  const tmp = `${file}.tmp`;
  await writeFile(tmp, JSON.stringify(dumpState(store)));
  await rename(tmp, file);
}

/** Loads a state file; a missing file is an empty start. */
export async function loadStateFile(store: Store, file: string): Promise<boolean> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return false;
    throw err;
  }
  const dump = JSON.parse(text) as SimStateDump;
  if (dump.version !== 1) throw new Error(`unsupported simulator state version ${String(dump.version)}`);
  loadState(store, dump);
  return true;
}
