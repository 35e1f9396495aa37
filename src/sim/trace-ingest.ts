import { invalid, type ValidationItem, validationError } from './http-error.js';
import { scheduleScoring } from './jobs.js';
import { isUuidV4 } from './prng.js';
import type { Sim } from './sim-context.js';
import type { Obj, RunRec, TraceRec } from './types.js';
import { appendAll } from '../core/append-all.js';

const SPAN_TYPES = new Set(['llm', 'retriever', 'tool', 'workflow', 'agent', 'control']);

/** Checks every trace and span id is a UUID v4 (422 otherwise [GUIDE]); collects all problems. */
export function validateTraces(traces: unknown): Obj[] {
  if (!Array.isArray(traces)) throw invalid(['body', 'traces'], traces === undefined ? 'Field required' : 'Input should be a valid list', traces === undefined ? 'missing' : 'list_type');
  const problems: ValidationItem[] = [];
  traces.forEach((t, i) => {
    if (t === null || typeof t !== 'object' || Array.isArray(t)) {
      problems.push({ loc: ['body', 'traces', i], msg: 'Input should be a valid dictionary', type: 'dict_type' });
      return;
    }
    const tr = t as Obj;
    if (tr['id'] !== undefined && tr['id'] !== null && !isUuidV4(tr['id'])) {
      problems.push({ loc: ['body', 'traces', i, 'id'], msg: 'Value error, id must be a valid UUID v4', type: 'value_error', input: tr['id'] });
    }
    validateSpans(tr['spans'], ['body', 'traces', i, 'spans'], problems);
  });
  if (problems.length > 0) throw validationError(problems.slice(0, 50));
  return traces as Obj[];
}

export function validateSpans(spans: unknown, loc: (string | number)[], problems: ValidationItem[]): void {
  if (spans === undefined || spans === null) return;
  if (!Array.isArray(spans)) {
    problems.push({ loc, msg: 'Input should be a valid list', type: 'list_type' });
    return;
  }
  spans.forEach((s, j) => {
    if (s === null || typeof s !== 'object') {
      problems.push({ loc: [...loc, j], msg: 'Input should be a valid dictionary', type: 'dict_type' });
      return;
    }
    const sp = s as Obj;
    if (sp['type'] !== undefined && !SPAN_TYPES.has(String(sp['type']))) {
      problems.push({ loc: [...loc, j, 'type'], msg: `Input tag '${String(sp['type'])}' found using 'type' does not match any of the expected tags: 'agent', 'workflow', 'llm', 'retriever', 'tool', 'control'`, type: 'union_tag_invalid', input: sp['type'] });
    }
    if (sp['id'] !== undefined && sp['id'] !== null && !isUuidV4(sp['id'])) {
      problems.push({ loc: [...loc, j, 'id'], msg: 'Value error, id must be a valid UUID v4', type: 'value_error', input: sp['id'] });
    }
    validateSpans(sp['spans'], [...loc, j, 'spans'], problems);
  });
}

export interface IngestResult {
  traceIds: string[];
  newTraces: number;
  newSpans: number;
}

/**
 * Stores traces in a run. Trace and span ids are UUIDs, stored lower-case and matched case-insensitively. choice: a
 * trace id already in this run is ignored (idempotent, not counted); an id
 * that lives in another run is a 422. `is_complete: true` scores this batch plus any earlier incomplete ones.
 */
export function ingestTraces(sim: Sim, run: RunRec, traces: Obj[], opts: { isComplete: boolean; sessionId: string | null; rawTraces: boolean }): IngestResult {
  const { store } = sim;
  const problems: ValidationItem[] = [];
  traces.forEach((t, i) => {
    const id = typeof t['id'] === 'string' ? t['id'].toLowerCase() : undefined;
    if (id !== undefined) {
      const owner = store.traceRun.get(id);
      if (owner !== undefined && owner !== run.id) {
        problems.push({ loc: ['body', 'traces', i, 'id'], msg: `Trace ${id} already exists in another run (${owner})`, type: 'value_error', input: id });
      }
    }
  });
  if (problems.length > 0) throw validationError(problems.slice(0, 50));
  const now = store.nowIso();
  const nowMs = Date.now();
  const ids: string[] = [];
  let newTraces = 0;
  let newSpans = 0;
  const fresh: string[] = [];
  for (const t of traces) {
    const id = typeof t['id'] === 'string' ? t['id'].toLowerCase() : store.uuid();
    ids.push(id);
    if (run.traces.has(id)) continue;
    const sessionId = typeof t['session_id'] === 'string' ? t['session_id'] : (opts.sessionId ?? id);
    const spans = Array.isArray(t['spans']) ? (t['spans'] as Obj[]) : [];
    const ctx = { trace_id: id, session_id: sessionId, project_id: run.project_id, run_id: run.id, now };
    const spanRecs = spans.map((s) => spanRecord(sim, s, id, ctx));
    newSpans += countAll(spanRecs);
    // as `{ ...defaults, ...traceWithoutSpans, created_at, id, … }` (the same members in the same order), built
    // without object spreads, which cost ~40 µs a record here (profiled, issue 22)
    const record: Obj = {
      type: 'trace', input: '', output: null, name: '', user_metadata: {}, tags: [], status_code: null, metrics: {},
      external_id: null, dataset_input: null, dataset_output: null, dataset_metadata: {},
    };
    copyMembers(record, t, 'spans');
    record['created_at'] = typeof t['created_at'] === 'string' ? t['created_at'] : now;
    record['id'] = id;
    record['session_id'] = sessionId;
    record['trace_id'] = id;
    record['project_id'] = run.project_id;
    record['run_id'] = run.id;
    record['updated_at'] = now;
    record['has_children'] = spanRecs.length > 0;
    record['is_complete'] = opts.isComplete;
    record['feedback_rating_info'] = {};
    const rec: TraceRec = { record, spans: spanRecs, created_ms: nowMs, metric_info: {}, metrics: {} };
    run.traces.set(id, rec);
    store.indexTrace(run, id);
    fresh.push(id);
    newTraces++;
  }
  if (opts.isComplete) {
    const batch = run.unscored.length > 0 ? [...run.unscored, ...fresh] : fresh;
    for (const id of run.unscored) {
      const tr = run.traces.get(id);
      if (tr !== undefined) tr.record['is_complete'] = true;
    }
    run.unscored = [];
    if (run.scorers.length > 0) scheduleScoring(sim, run, batch, run.scorers, opts.rawTraces);
  } else {
    appendAll(run.unscored, fresh);
  }
  run.updated_at = now;
  return { traceIds: ids, newTraces, newSpans };
}

interface SpanCtx {
  trace_id: string;
  session_id: string;
  project_id: string;
  run_id: string;
  now: string;
}

export function spanRecord(sim: Sim, s: Obj, parentId: string, ctx: SpanCtx): Obj {
  const id = typeof s['id'] === 'string' ? s['id'].toLowerCase() : sim.store.uuid();
  const children = Array.isArray(s['spans']) ? (s['spans'] as Obj[]) : [];
  // as `{ ...defaults, ...s, created_at, id, … }`, without the spreads (see ingestTraces)
  const out: Obj = {
    type: 'llm', input: '', output: null, name: '', user_metadata: {}, tags: [], status_code: null, metrics: {},
    external_id: null, dataset_input: null, dataset_output: null, dataset_metadata: {},
  };
  copyMembers(out, s);
  out['created_at'] = typeof s['created_at'] === 'string' ? s['created_at'] : ctx.now;
  out['id'] = id;
  out['trace_id'] = ctx.trace_id;
  out['parent_id'] = parentId;
  out['session_id'] = ctx.session_id;
  out['project_id'] = ctx.project_id;
  out['run_id'] = ctx.run_id;
  out['updated_at'] = ctx.now;
  out['has_children'] = children.length > 0;
  out['is_complete'] = true;
  out['metric_info'] = {};
  out['spans'] = children.map((c) => spanRecord(sim, c, id, ctx));
  return out;
}

/**
 * Copies the own enumerable members of `from` (but `skip`) onto `to` as an object spread does: as data members (a
 * `__proto__` member of a parsed body stays a member, never the prototype), an existing member keeping its place.
 */
function copyMembers(to: Obj, from: Obj, skip?: string): void {
  for (const k of Object.keys(from)) {
    if (k === skip) continue;
    if (k === '__proto__') Object.defineProperty(to, k, { value: from[k], writable: true, enumerable: true, configurable: true });
    else to[k] = from[k];
  }
}

function countAll(spans: Obj[]): number {
  let n = 0;
  for (const s of spans) n += 1 + countAll((s['spans'] as Obj[] | undefined) ?? []);
  return n;
}
