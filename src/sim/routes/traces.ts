import { objectBody } from '../body.js';
import { invalid, notFound, SimHttpError, type ValidationItem, validationError } from '../http-error.js';
import { settleRun } from '../jobs.js';
import { compileFilters, sortRecords } from '../log-search.js';
import { pageFromBody, paginate } from '../paginate.js';
import { allSpans, spanRecordView, traceColumn, traceRecordView, traceWithChildren } from '../record-view.js';
import { getRun } from '../run-ops.js';
import type { RouteModule, Sim } from '../sim-context.js';
import { forEachSpan } from '../store.js';
import { ingestTraces, spanRecord, validateSpans, validateTraces } from '../trace-ingest.js';
import type { Obj, ProjectRec, RunRec, TraceRec } from '../types.js';
import { getProject } from './projects.js';
import { appendAll } from '../../core/append-all.js';

const DESTINATIONS = ['log_stream_id', 'experiment_id', 'metrics_testing_id'] as const;

/**
 * Largest ingest body accepted: the Python SDK flushes its batch at 10 MB [PY]; choice: 10,000,000 bytes (the
 * stricter reading of "10 MB"), above it 413 before anything is stored.
 */
export const MAX_INGEST_BYTES = 10_000_000;

function tooLarge(bytes: number): SimHttpError {
  return new SimHttpError(413, { detail: `Request body too large: ${bytes} bytes (at most ${MAX_INGEST_BYTES})` });
}

/** The one destination run of a request body [SPEC], [JS trace-service.ts]; `optional` → null when none. */
function destination(sim: Sim, p: ProjectRec, body: Obj, optional: boolean): RunRec | null {
  const given = DESTINATIONS.filter((k) => body[k] !== undefined && body[k] !== null);
  if (given.length === 0 && optional) return null;
  if (given.length !== 1) {
    throw invalid(['body'], `Value error, exactly one of log_stream_id, experiment_id or metrics_testing_id must be provided (got ${given.length === 0 ? 'none' : given.join(', ')})`, 'value_error');
  }
  const key = given[0] as (typeof DESTINATIONS)[number];
  const kind = key === 'log_stream_id' ? 'log_stream' : 'experiment';
  if (key === 'metrics_testing_id') throw notFound('Metrics testing run', String(body[key]));
  return getRun(sim, p.id, String(body[key]), kind);
}

/** Traces and spans: ingest, get, update, search, count, delete [SPEC], [GUIDE], [S1]–[S4]. */
export const traceRoutes: RouteModule = (add, sim) => {
  const { store } = sim;

  add('log_traces_projects__project_id__traces_post', (ctx) => {
    if (ctx.rawBody.length > MAX_INGEST_BYTES) throw tooLarge(ctx.rawBody.length);
    const p = getProject(sim, ctx.params['project_id']);
    const body = objectBody(ctx);
    const traces = validateTraces(body['traces']);
    const run = destination(sim, p, body, false) as RunRec;
    const sessionId = typeof body['session_id'] === 'string' ? body['session_id'] : null;
    const res = ingestTraces(sim, run, traces, { isComplete: body['is_complete'] !== false, sessionId, rawTraces: true });
    return {
      body: {
        log_stream_id: run.kind === 'log_stream' ? run.id : null, experiment_id: run.kind === 'experiment' ? run.id : null,
        metrics_testing_id: null, project_id: p.id, project_name: p.name, session_id: sessionId,
        records_count: res.newTraces + res.newSpans, traces_count: res.newTraces, spans_count: res.newSpans,
        trace_ids: body['include_trace_ids'] === true ? res.traceIds : null,
      },
    };
  });

  const records = (body: Obj, p: ProjectRec): { recs: TraceRec[] } => {
    const run = destination(sim, p, body, true);
    const runs = run === null ? store.runsOf(p.id) : [run];
    for (const r of runs) settleRun(sim, r);
    const { preds, ids } = compileFilters<TraceRec>(body['filters'], traceColumn);
    let candidates: TraceRec[];
    if (ids !== null) {
      candidates = [];
      for (const id of ids) {
        for (const r of runs) {
          const t = r.traces.get(id);
          if (t !== undefined) candidates.push(t);
        }
      }
    } else candidates = runs.flatMap((r) => [...r.traces.values()]);
    const recs = preds.length === 0 ? candidates : candidates.filter((t) => preds.every((f) => f(t)));
    return { recs };
  };

  add('query_traces_projects__project_id__traces_search_post', (ctx) => {
    const p = getProject(sim, ctx.params['project_id']);
    const body = objectBody(ctx, true);
    const sorted = sortRecords<TraceRec>(records(body, p).recs, body['sort'], traceColumn);
    const counts = body['include_counts'] === true;
    return { body: searchPage(sorted, body, (t) => traceRecordView(t, counts), (t) => t.record['id']) };
  });

  add('count_traces_projects__project_id__traces_count_post', (ctx) => {
    const p = getProject(sim, ctx.params['project_id']);
    return { body: { total_count: records(objectBody(ctx, true), p).recs.length } };
  });

  add('delete_traces_projects__project_id__traces_delete_post', (ctx) => {
    const p = getProject(sim, ctx.params['project_id']);
    const body = objectBody(ctx, true);
    const run = destination(sim, p, body, false) as RunRec;
    const doomed = records(body, p).recs.map((t) => String(t.record['id']));
    for (const id of doomed) {
      const t = run.traces.get(id);
      if (t === undefined) continue;
      run.traces.delete(id);
      store.unindexTrace(id, t);
    }
    return { body: { message: `Deleted ${doomed.length} traces` } };
  });

  add('get_trace_projects__project_id__traces__trace_id__get', (ctx) => {
    const p = getProject(sim, ctx.params['project_id']);
    const { run, trace } = findTrace(sim, p, ctx.params['trace_id']);
    settleRun(sim, run);
    return { body: traceWithChildren(trace) };
  });

  add('update_trace_projects__project_id__traces__trace_id__patch', (ctx) => {
    const p = getProject(sim, ctx.params['project_id']);
    const { run, trace } = findTrace(sim, p, ctx.params['trace_id']);
    const body = objectBody(ctx);
    for (const f of ['input', 'output', 'status_code', 'tags'] as const) if (body[f] !== undefined) trace.record[f] = body[f];
    if (typeof body['duration_ns'] === 'number') trace.record['metrics'] = { ...(trace.record['metrics'] as Obj), duration_ns: body['duration_ns'] };
    trace.record['updated_at'] = store.nowIso();
    if (body['is_complete'] === true && trace.record['is_complete'] !== true) {
      run.unscored = run.unscored.filter((id) => id !== trace.record['id']);
      ingestTraces(sim, run, [], { isComplete: true, sessionId: null, rawTraces: true });
      trace.record['is_complete'] = true;
    }
    return { body: { project_id: p.id, project_name: p.name, trace_id: trace.record['id'], records_count: 1, session_id: trace.record['session_id'] } };
  });

  add('log_spans_projects__project_id__spans_post', (ctx) => {
    if (ctx.rawBody.length > MAX_INGEST_BYTES) throw tooLarge(ctx.rawBody.length);
    const p = getProject(sim, ctx.params['project_id']);
    const body = objectBody(ctx);
    const run = destination(sim, p, body, false) as RunRec;
    const problems: ValidationItem[] = [];
    validateSpans(body['spans'], ['body', 'spans'], problems);
    if (!Array.isArray(body['spans'])) problems.push({ loc: ['body', 'spans'], msg: 'Field required', type: 'missing' });
    if (problems.length > 0) throw validationError(problems);
    const trace = run.traces.get(String(body['trace_id']).toLowerCase());
    if (trace === undefined) throw notFound('Trace', String(body['trace_id']));
    const parentId = String(body['parent_id'] ?? trace.record['id']).toLowerCase();
    let parentList: Obj[] | undefined = parentId === trace.record['id'] ? trace.spans : undefined;
    if (parentList === undefined) forEachSpan(trace.spans, (s) => { if (s['id'] === parentId) parentList = (s['spans'] as Obj[] | undefined) ?? (s['spans'] = []) as Obj[]; });
    if (parentList === undefined) throw notFound('Parent span', parentId);
    const ctxSpan = { trace_id: String(trace.record['id']), session_id: String(trace.record['session_id']), project_id: p.id, run_id: run.id, now: store.nowIso() };
    const recs = (body['spans'] as Obj[]).map((s) => spanRecord(sim, s, parentId, ctxSpan));
    appendAll(parentList, recs);
    trace.record['has_children'] = true;
    store.indexTrace(run, String(trace.record['id']));
    return {
      body: {
        log_stream_id: run.kind === 'log_stream' ? run.id : null, experiment_id: run.kind === 'experiment' ? run.id : null,
        project_id: p.id, project_name: p.name, trace_id: trace.record['id'], parent_id: parentId,
        session_id: trace.record['session_id'], records_count: recs.length,
      },
    };
  });

  add('get_span_projects__project_id__spans__span_id__get', (ctx) => {
    const p = getProject(sim, ctx.params['project_id']);
    const spanId = (ctx.params['span_id'] ?? '').toLowerCase();
    const traceId = store.spanTrace.get(spanId);
    const { trace } = findTrace(sim, p, traceId);
    let found: Obj | undefined;
    forEachSpan(trace.spans, (s) => { if (s['id'] === spanId) found = s; });
    if (found === undefined) throw notFound('Span', spanId);
    return { body: spanRecordView(found) };
  });

  const spanRecords = (body: Obj, p: ProjectRec): Obj[] => {
    const run = destination(sim, p, body, true);
    const runs = run === null ? store.runsOf(p.id) : [run];
    const { preds } = compileFilters(body['filters']);
    return runs.flatMap(allSpans).map(spanRecordView).filter((r) => preds.every((f) => f(r)));
  };

  add('query_spans_projects__project_id__spans_search_post', (ctx) => {
    const p = getProject(sim, ctx.params['project_id']);
    const body = objectBody(ctx, true);
    return { body: searchPage(sortRecords(spanRecords(body, p), body['sort']), body, (r) => r) };
  });

  add('count_spans_projects__project_id__spans_count_post', (ctx) => {
    const p = getProject(sim, ctx.params['project_id']);
    return { body: { total_count: spanRecords(objectBody(ctx, true), p).length } };
  });
};

function searchPage<T>(sorted: T[], body: Obj, view: (item: T) => Obj, idOf: (item: T) => unknown = (r) => view(r)['id']): Obj {
  const page = pageFromBody(body);
  const after = body['previous_last_row_id'];
  if (typeof after === 'string') {
    const at = sorted.findIndex((r) => idOf(r) === after);
    if (at >= 0) page.starting_token = at + 1;
  }
  const { items, envelope } = paginate(sorted, page);
  const records = items.map(view);
  const last = records[records.length - 1];
  return { ...envelope, last_row_id: last === undefined ? null : last['id'], records };
}

function findTrace(sim: Sim, p: ProjectRec, traceId: string | undefined): { run: RunRec; trace: TraceRec } {
  const id = (traceId ?? '').toLowerCase();
  const run = sim.store.runs.get(sim.store.traceRun.get(id) ?? '');
  const trace = run?.traces.get(id);
  if (run === undefined || trace === undefined || run.project_id !== p.id) throw notFound('Trace', traceId);
  return { run, trace };
}
