import { objectBody, oneOf, optBool, optObject, optString, reqString } from '../body.js';
import { filterCollection, sortCollection, type FieldSpecs } from '../collection-filter.js';
import { currentVersion } from '../dataset-view.js';
import { generateExperiment } from '../experiment-generate.js';
import { alreadyExists, invalid, missing, notFound } from '../http-error.js';
import { generationProgress } from '../jobs.js';
import { compileFilters } from '../log-search.js';
import { aggregateMetrics } from '../metrics-aggregate.js';
import { pageFromBody, pageFromQuery, paginate } from '../paginate.js';
import { isUuid } from '../prng.js';
import { countSpans, traceColumn } from '../record-view.js';
import type { RouteContext } from '../router.js';
import { getRun, metricSettingsView, newRun, replaceScorers, scorerConfigs } from '../run-ops.js';
import { checkPinnedVersions } from '../scorer-config.js';
import type { RouteModule, Sim } from '../sim-context.js';
import { runKey, SIM_USER } from '../store.js';
import { fullSettings, templateText } from '../template-view.js';
import type { Obj, RunRec, TraceRec } from '../types.js';
import { userInfo } from '../user-view.js';
import { experimentTagGroups } from './experiment-tags.js';
import { getProject } from './projects.js';

export const RUN_FIELDS: FieldSpecs<RunRec> = {
  id: { kind: 'id', get: (r) => r.id },
  name: { kind: 'text', get: (r) => r.name, caseSensitive: true },
  created_by: { kind: 'id', get: () => SIM_USER.id },
  created_at: { kind: 'date', get: (r) => r.created_at },
  updated_at: { kind: 'date', get: (r) => r.updated_at },
  experiment_group_id: { kind: 'id', get: (r) => r.experiment_group_id },
  experiment_group_name: { kind: 'text', get: (r) => r.experiment_group_name, caseSensitive: true },
};

/**
 * Experiments: create (+trigger), list / paginated / search, get, update, delete (204), metric_settings,
 * aggregate metrics [SPEC], [GUIDE]. choice: names are unique per project (422 "already exists").
 */
export const experimentRoutes: RouteModule = (add, sim) => {
  const { store } = sim;
  const list = (projectId: string): RunRec[] => store.runsOf(projectId).filter((r) => r.kind === 'experiment');
  const view = (r: RunRec, ctx: RouteContext): Obj => experimentView(sim, r, ctx.query.get('include_counts') === 'true');

  add('create_experiment_projects__project_id__experiments_post', (ctx) => {
    const p = getProject(sim, ctx.params['project_id']);
    const body = objectBody(ctx);
    const name = reqString(body, 'name', { minLength: 1 });
    const taskType = body['task_type'] === undefined || body['task_type'] === null ? 16 : oneOf(body['task_type'], [16, 17] as const, ['body', 'task_type']);
    if (store.runByName.has(runKey(p.id, 'experiment', name))) throw alreadyExists('Experiment', name);
    const run = newRun(sim, 'experiment', p.id, name, taskType);
    const ds = optObject(body, 'dataset');
    if (ds) {
      const id = ds['dataset_id'];
      if (id === undefined) throw missing(['body', 'dataset', 'dataset_id']);
      const d = typeof id === 'string' ? store.datasets.get(id) : undefined;
      if (d === undefined) throw notFound('Dataset', String(id));
      const vi = ds['version_index'] ?? currentVersion(d).version_index;
      if (!d.versions.some((v) => v.version_index === vi)) throw notFound(`Version ${String(vi)} of dataset`, d.id);
      run.dataset = { dataset_id: d.id, version_index: vi as number };
    }
    const tvId = optString(body, 'prompt_template_version_id');
    if (tvId) {
      if (!isUuid(tvId)) throw invalid(['body', 'prompt_template_version_id'], 'Input should be a valid UUID', 'uuid_parsing', tvId);
      if (!store.templateVersionOwner.has(tvId)) throw notFound('Prompt template version', tvId);
      run.prompt_template_version_id = tvId;
    }
    run.prompt_settings = optObject(body, 'prompt_settings') ?? null;
    run.experiment_group_id = optString(body, 'experiment_group_id') ?? null;
    run.experiment_group_name = optString(body, 'experiment_group_name') ?? null;
    const configs = scorerConfigs(body['scorers'], ['body', 'scorers']);
    for (const c of configs) if (!store.scorers.has(String(c['id']))) throw notFound('Scorer', String(c['id']));
    checkPinnedVersions(sim, configs);
    store.addRun(run);
    // Galileo registers the create body's scorers only for a triggered run; without trigger they are ignored and
    // the client registers them with scorer-settings (both SDKs, the guide's C1/C2)
    const trigger = optBool(body, 'trigger') === true;
    replaceScorers(sim, run, trigger ? configs : [], undefined);
    if (trigger) generateExperiment(sim, run);
    return { body: view(run, ctx) };
  });

  add('list_experiments_projects__project_id__experiments_get', (ctx) => {
    const p = getProject(sim, ctx.params['project_id']);
    return { body: sortCollection(list(p.id), undefined, RUN_FIELDS, { name: 'created_at', ascending: false }).map((r) => view(r, ctx)) };
  });

  add('list_experiments_paginated_projects__project_id__experiments_paginated_get', (ctx) => {
    const p = getProject(sim, ctx.params['project_id']);
    const all = sortCollection(list(p.id), undefined, RUN_FIELDS, { name: 'created_at', ascending: false });
    const { items, envelope } = paginate(all, pageFromQuery(ctx));
    return { body: { ...envelope, experiments: items.map((r) => view(r, ctx)) } };
  });

  add('search_experiments_projects__project_id__experiments_search_post', (ctx) => {
    const p = getProject(sim, ctx.params['project_id']);
    const body = objectBody(ctx, true);
    const all = sortCollection(filterCollection(list(p.id), body['filters'], RUN_FIELDS), body['sort'], RUN_FIELDS, { name: 'created_at', ascending: false });
    const { items, envelope } = paginate(all, pageFromBody(body));
    const counts = body['include_counts'] === true;
    return { body: { ...envelope, experiments: items.map((r) => experimentView(sim, r, counts)) } };
  });

  add('get_experiment_projects__project_id__experiments__experiment_id__get', (ctx) => ({ body: view(getRun(sim, ctx.params['project_id'], ctx.params['experiment_id'], 'experiment'), ctx) }));

  add('update_experiment_projects__project_id__experiments__experiment_id__put', (ctx) => {
    const run = getRun(sim, ctx.params['project_id'], ctx.params['experiment_id'], 'experiment');
    const body = objectBody(ctx);
    const name = reqString(body, 'name', { minLength: 1 });
    if (name !== run.name) {
      if (store.runByName.has(runKey(run.project_id, 'experiment', name))) throw alreadyExists('Experiment', name);
      store.runByName.delete(runKey(run.project_id, 'experiment', run.name));
      run.name = name;
      store.runByName.set(runKey(run.project_id, 'experiment', name), run.id);
    }
    if (body['task_type'] !== undefined) run.task_type = oneOf(body['task_type'], [16, 17] as const, ['body', 'task_type']);
    const gid = optString(body, 'experiment_group_id');
    if (gid !== undefined) run.experiment_group_id = gid;
    const gname = optString(body, 'experiment_group_name');
    if (gname !== undefined) run.experiment_group_name = gname;
    run.updated_at = store.nowIso();
    return { body: view(run, ctx) };
  });

  add('delete_experiment_projects__project_id__experiments__experiment_id__delete', (ctx) => {
    store.removeRun(getRun(sim, ctx.params['project_id'], ctx.params['experiment_id'], 'experiment'));
    return { status: 204 };
  });

  add('get_metric_settings_projects__project_id__experiments__experiment_id__metric_settings_get', (ctx) => ({
    body: metricSettingsView(getRun(sim, ctx.params['project_id'], ctx.params['experiment_id'], 'experiment')),
  }));

  add('update_metric_settings_projects__project_id__experiments__experiment_id__metric_settings_patch', (ctx) => {
    const run = getRun(sim, ctx.params['project_id'], ctx.params['experiment_id'], 'experiment');
    const body = objectBody(ctx);
    const configs = body['scorers'] === undefined ? run.scorers : scorerConfigs(body['scorers'], ['body', 'scorers']);
    replaceScorers(sim, run, configs, body['segment_filters']);
    return { body: metricSettingsView(run) };
  });

  add('get_experiment_metrics_projects__project_id__experiments__experiment_id__metrics_post', (ctx) => {
    const run = getRun(sim, ctx.params['project_id'], ctx.params['experiment_id'], 'experiment');
    const body = objectBody(ctx, true);
    const { preds } = compileFilters<TraceRec>(body['filters'], traceColumn);
    const traces = [...run.traces.values()].filter((t) => preds.every((p) => p(t)));
    return { body: { metrics: aggregateMetrics(sim, run, traces) } };
  });

  add('get_experiments_metrics_projects__project_id__experiments_metrics_post', (ctx) => {
    const p = getProject(sim, ctx.params['project_id']);
    const metrics = list(p.id).flatMap((r) => {
      const settled = getRun(sim, p.id, r.id);
      return aggregateMetrics(sim, settled, [...settled.traces.values()]);
    });
    return { body: { metrics } };
  });
};

/** `ExperimentResponse` [SPEC]. */
export function experimentView(sim: Sim, r: RunRec, includeCounts: boolean): Obj {
  const { store } = sim;
  const d = r.dataset === null ? undefined : store.datasets.get(r.dataset.dataset_id);
  let prompt: Obj | null = null;
  if (r.prompt_template_version_id !== null) {
    const t = store.templates.get(store.templateVersionOwner.get(r.prompt_template_version_id) ?? '');
    const v = t?.versions.find((x) => x.id === r.prompt_template_version_id);
    prompt = { prompt_template_id: t?.id ?? null, version_index: v?.version ?? null, name: t?.name ?? null, content: v ? templateText(v.template) : null };
  }
  let spans = 0;
  if (includeCounts) for (const t of r.traces.values()) spans += countSpans(t.spans);
  const settings = r.prompt_settings === null && r.prompt_template_version_id === null ? null : fullSettings(r.prompt_settings ?? {});
  return {
    id: r.id, created_at: r.created_at, updated_at: r.updated_at, name: r.name, project_id: r.project_id,
    created_by: SIM_USER.id, created_by_user: userInfo(),
    num_spans: includeCounts ? spans : null, num_traces: includeCounts ? r.traces.size : null, num_sessions: includeCounts ? r.traces.size : null,
    task_type: r.task_type,
    dataset: r.dataset === null ? null : { dataset_id: r.dataset.dataset_id, version_index: r.dataset.version_index, name: d?.name ?? null },
    aggregate_metrics: {}, aggregate_feedback: {}, rating_aggregates: {}, ranking_score: null, rank: null, winner: null,
    playground_id: null, playground: null, prompt_run_settings: settings,
    prompt_model: settings === null ? null : (settings['model_alias'] as string), prompt, tags: experimentTagGroups(r),
    status: { log_generation: { progress_percent: generationProgress(sim, r) } },
    experiment_group_id: r.experiment_group_id, experiment_group_name: r.experiment_group_name, experiment_group_is_system: null,
  };
}
