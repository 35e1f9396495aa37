import { objectBody, oneOf, optString, optStringArray, reqString } from '../body.js';
import { filterCollection, sortCollection, type FieldSpecs } from '../collection-filter.js';
import { alreadyExists, notFound, validationError } from '../http-error.js';
import { pageFromQuery, paginate } from '../paginate.js';
import type { RouteModule, Sim } from '../sim-context.js';
import { SIM_USER, type Store } from '../store.js';
import type { ProjectRec, RunRec } from '../types.js';
import { userDb, userInfo } from '../user-view.js';

const PROJECT_TYPES = ['gen_ai', 'prompt_evaluation', 'llm_monitor', 'protect', 'training_inference'] as const;
/** `ProjectLabels` [SPEC]: a closed enum; the UI uses it to mark sample projects. */
const PROJECT_LABELS: readonly string[] = ['sample'];

/** `labels` as FastAPI validates `list[ProjectLabels]`: one 422 item per value outside the enum. */
function projectLabels(body: Record<string, unknown>): string[] | null | undefined {
  const labels = optStringArray(body, 'labels');
  const bad = (labels ?? []).flatMap((l, i) => (PROJECT_LABELS.includes(l) ? [] : [{ type: 'enum', loc: ['body', 'labels', i], msg: "Input should be 'sample'", input: l }]));
  if (bad.length > 0) throw validationError(bad);
  return labels;
}

const FIELDS: FieldSpecs<{ p: ProjectRec; runs: number }> = {
  id: { kind: 'id', get: (x) => x.p.id },
  name: { kind: 'text', get: (x) => x.p.name, caseSensitive: true },
  type: { kind: 'enum', get: (x) => x.p.type },
  creator: { kind: 'id', get: () => SIM_USER.id },
  created_at: { kind: 'date', get: (x) => x.p.created_at },
  updated_at: { kind: 'date', get: (x) => x.p.updated_at },
  runs: { kind: 'number', get: (x) => x.runs },
  bookmark: { kind: 'enum', get: (x) => x.p.bookmark },
};

/** Projects: create, get, list (paginated, filters), update, delete; `/v2/projects/paginated` has its own shape. */
export const projectRoutes: RouteModule = (add, sim) => {
  const { store } = sim;

  add('create_project_projects_post', (ctx) => {
    const body = objectBody(ctx);
    const name = reqString(body, 'name', { minLength: 1 });
    const labels = projectLabels(body);
    const type = body['type'] === undefined || body['type'] === null ? 'gen_ai' : oneOf(body['type'], PROJECT_TYPES, ['body', 'type']);
    if (store.projectByName.has(name)) throw alreadyExists('Project', name);
    const now = store.nowIso();
    const p: ProjectRec = {
      id: store.uuid(), name, type, description: optString(body, 'description') ?? null,
      labels: labels ?? [], bookmark: false, created_at: now, updated_at: now,
    };
    store.projects.set(p.id, p);
    store.projectByName.set(p.name, p.id);
    return { body: projectCreateView(p) };
  });

  add('get_projects_projects_get', (ctx) => {
    const name = ctx.query.get('project_name');
    const type = ctx.query.get('type');
    const list = [...store.projects.values()].filter((p) => (name === null || p.name === name) && (type === null || p.type === type));
    return { body: list.map((p) => projectView(store, p)) };
  });

  add('get_all_projects_projects_all_get', (ctx) => {
    const type = ctx.query.get('type');
    const list = [...store.projects.values()].filter((p) => type === null || p.type === type);
    return { body: list.map((p) => projectView(store, p)) };
  });

  add('get_projects_paginated_projects_paginated_post', (ctx) => {
    const body = objectBody(ctx, true);
    const rows = [...store.projects.values()].map((p) => ({ p, runs: store.projectRuns.get(p.id)?.size ?? 0 }));
    const filtered = sortCollection(filterCollection(rows, body['filters'], FIELDS), body['sort'], FIELDS, { name: 'created_at', ascending: false });
    const { items, envelope } = paginate(filtered, pageFromQuery(ctx));
    if (ctx.prefix === '/v2') {
      const withStreams = ctx.query.get('include_logstreams') === 'true';
      return { body: { ...envelope, total_count: filtered.length, projects: items.map((x) => projectItemView(store, x.p, withStreams)) } };
    }
    return { body: { ...envelope, projects: items.map((x) => projectView(store, x.p)) } };
  });

  add('get_projects_count_projects_count_post', (ctx) => {
    const body = objectBody(ctx, true);
    const rows = [...store.projects.values()].map((p) => ({ p, runs: store.projectRuns.get(p.id)?.size ?? 0 }));
    return { body: filterCollection(rows, body['filters'], FIELDS).length };
  });

  add('get_project_projects__project_id__get', (ctx) => ({ body: projectView(store, getProject(sim, ctx.params['project_id'])) }));

  add('update_project_projects__project_id__put', (ctx) => {
    const p = getProject(sim, ctx.params['project_id']);
    const body = objectBody(ctx);
    const labels = projectLabels(body); // validated before anything changes
    const name = optString(body, 'name');
    if (name !== undefined && name !== null && name !== p.name) {
      if (store.projectByName.has(name)) throw alreadyExists('Project', name);
      store.projectByName.delete(p.name);
      p.name = name;
      store.projectByName.set(name, p.id);
    }
    if (labels !== undefined) p.labels = labels ?? [];
    const description = optString(body, 'description');
    if (description !== undefined) p.description = description;
    p.updated_at = store.nowIso();
    return { body: { ...projectCreateView(p), labels: p.labels, description: p.description } };
  });

  add('delete_project_projects__project_id__delete', (ctx) => {
    const p = getProject(sim, ctx.params['project_id']);
    for (const r of store.runsOf(p.id)) store.removeRun(r);
    store.projectRuns.delete(p.id);
    for (const t of store.templates.values()) t.project_ids = t.project_ids.filter((id) => id !== p.id);
    store.projects.delete(p.id);
    store.projectByName.delete(p.name);
    return { body: { message: `Successfully deleted project ${p.name}` } };
  });
};

export function getProject(sim: Sim, id: string | undefined): ProjectRec {
  const p = id === undefined ? undefined : sim.store.projects.get(id);
  if (p === undefined) throw notFound('Project', id);
  return p;
}

function projectCreateView(p: ProjectRec): Record<string, unknown> {
  return { id: p.id, name: p.name, type: p.type, created_by: SIM_USER.id, created_at: p.created_at, updated_at: p.updated_at };
}

/** `ProjectDB` [SPEC]: with its runs as `RunDB`. */
export function projectView(store: Store, p: ProjectRec): Record<string, unknown> {
  return {
    id: p.id, permissions: [], name: p.name, created_by: SIM_USER.id, type: p.type, created_by_user: userInfo(),
    runs: store.runsOf(p.id).map(runDbView), created_at: p.created_at, updated_at: p.updated_at,
    bookmark: p.bookmark, description: p.description, labels: p.labels,
  };
}

/** `ProjectItem` [SPEC] (the `/v2/projects/paginated` shape). */
function projectItemView(store: Store, p: ProjectRec, withStreams: boolean): Record<string, unknown> {
  const runs = store.runsOf(p.id);
  const streams = runs.filter((r) => r.kind === 'log_stream');
  return {
    id: p.id, permissions: [], name: p.name, created_at: p.created_at, updated_at: p.updated_at, bookmark: p.bookmark,
    num_logstreams: streams.length, num_experiments: runs.length - streams.length, created_by_user: userInfo(),
    description: p.description, labels: p.labels,
    log_streams: withStreams ? streams.map((r) => ({ id: r.id, name: r.name, created_at: r.created_at, updated_at: r.updated_at })) : null,
    type: p.type,
  };
}

function runDbView(r: RunRec): Record<string, unknown> {
  return {
    name: r.name, project_id: r.project_id, created_by: SIM_USER.id, num_samples: r.traces.size, winner: false,
    dataset_hash: null, dataset_version_id: null, id: r.id, created_at: r.created_at, updated_at: r.updated_at,
    task_type: r.task_type, last_updated_by: SIM_USER.id, run_tags: [], example_content_id: null, creator: userDb(),
    logged_splits: [], logged_inference_names: [],
  };
}
