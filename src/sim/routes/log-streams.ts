import { objectBody, reqString } from '../body.js';
import { filterCollection, sortCollection } from '../collection-filter.js';
import { alreadyExists } from '../http-error.js';
import { pageFromBody, pageFromQuery, paginate } from '../paginate.js';
import { countSpans } from '../record-view.js';
import { getRun, metricSettingsView, newRun, replaceScorers, scorerConfigs } from '../run-ops.js';
import type { RouteModule } from '../sim-context.js';
import { runKey, SIM_USER } from '../store.js';
import type { Obj, RunRec } from '../types.js';
import { userInfo } from '../user-view.js';
import { RUN_FIELDS } from './experiments.js';
import { getProject } from './projects.js';

/** Log streams: create, list / paginated / search, get, rename, delete (204), metric_settings [SPEC], [GUIDE LS1]. */
export const logStreamRoutes: RouteModule = (add, sim) => {
  const { store } = sim;
  const list = (projectId: string): RunRec[] =>
    sortCollection(store.runsOf(projectId).filter((r) => r.kind === 'log_stream'), undefined, RUN_FIELDS, { name: 'created_at', ascending: false });

  add('create_log_stream_projects__project_id__log_streams_post', (ctx) => {
    const p = getProject(sim, ctx.params['project_id']);
    const name = reqString(objectBody(ctx), 'name', { minLength: 1 });
    if (store.runByName.has(runKey(p.id, 'log_stream', name))) throw alreadyExists('Log stream', name);
    const run = newRun(sim, 'log_stream', p.id, name, 15);
    store.addRun(run);
    return { body: logStreamView(run, false) };
  });

  add('list_log_streams_projects__project_id__log_streams_get', (ctx) => {
    const p = getProject(sim, ctx.params['project_id']);
    const counts = ctx.query.get('include_counts') === 'true';
    return { body: list(p.id).map((r) => logStreamView(r, counts)) };
  });

  add('list_log_streams_paginated_projects__project_id__log_streams_paginated_get', (ctx) => {
    const p = getProject(sim, ctx.params['project_id']);
    const counts = ctx.query.get('include_counts') === 'true';
    const { items, envelope } = paginate(list(p.id), pageFromQuery(ctx));
    return { body: { ...envelope, log_streams: items.map((r) => logStreamView(r, counts)) } };
  });

  add('search_log_streams_projects__project_id__log_streams_search_post', (ctx) => {
    const p = getProject(sim, ctx.params['project_id']);
    const body = objectBody(ctx, true);
    const all = sortCollection(filterCollection(list(p.id), body['filters'], RUN_FIELDS), body['sort'], RUN_FIELDS, { name: 'created_at', ascending: false });
    const { items, envelope } = paginate(all, pageFromBody(body));
    return { body: { ...envelope, log_streams: items.map((r) => logStreamView(r, body['include_counts'] === true)) } };
  });

  add('get_log_stream_projects__project_id__log_streams__log_stream_id__get', (ctx) => ({
    body: logStreamView(getRun(sim, ctx.params['project_id'], ctx.params['log_stream_id'], 'log_stream'), ctx.query.get('include_counts') === 'true'),
  }));

  add('update_log_stream_projects__project_id__log_streams__log_stream_id__put', (ctx) => {
    const run = getRun(sim, ctx.params['project_id'], ctx.params['log_stream_id'], 'log_stream');
    const name = reqString(objectBody(ctx), 'name', { minLength: 1 });
    if (name !== run.name) {
      if (store.runByName.has(runKey(run.project_id, 'log_stream', name))) throw alreadyExists('Log stream', name);
      store.runByName.delete(runKey(run.project_id, 'log_stream', run.name));
      run.name = name;
      store.runByName.set(runKey(run.project_id, 'log_stream', name), run.id);
    }
    run.updated_at = store.nowIso();
    return { body: logStreamView(run, false) };
  });

  add('delete_log_stream_projects__project_id__log_streams__log_stream_id__delete', (ctx) => {
    store.removeRun(getRun(sim, ctx.params['project_id'], ctx.params['log_stream_id'], 'log_stream'));
    return { status: 204 };
  });

  add('get_metric_settings_projects__project_id__log_streams__log_stream_id__metric_settings_get', (ctx) => ({
    body: metricSettingsView(getRun(sim, ctx.params['project_id'], ctx.params['log_stream_id'], 'log_stream')),
  }));

  add('update_metric_settings_projects__project_id__log_streams__log_stream_id__metric_settings_patch', (ctx) => {
    const run = getRun(sim, ctx.params['project_id'], ctx.params['log_stream_id'], 'log_stream');
    const body = objectBody(ctx);
    const configs = body['scorers'] === undefined ? run.scorers : scorerConfigs(body['scorers'], ['body', 'scorers']);
    replaceScorers(sim, run, configs, body['segment_filters']);
    return { body: metricSettingsView(run) };
  });
};

/** `LogStreamResponse` [SPEC]. */
export function logStreamView(r: RunRec, includeCounts: boolean): Obj {
  let spans = 0;
  if (includeCounts) for (const t of r.traces.values()) spans += countSpans(t.spans);
  return {
    id: r.id, created_at: r.created_at, updated_at: r.updated_at, name: r.name, project_id: r.project_id,
    created_by: SIM_USER.id, created_by_user: userInfo(), num_spans: includeCounts ? spans : null,
    num_traces: includeCounts ? r.traces.size : null, has_user_created_sessions: false,
  };
}
