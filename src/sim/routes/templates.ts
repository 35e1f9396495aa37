import { objectBody, optBool, optInt, optObject, optString, type Body } from '../body.js';
import { filterCollection, sortCollection, type FieldSpecs } from '../collection-filter.js';
import { alreadyExists, invalid, missing, notFound } from '../http-error.js';
import { pageFromQuery, paginate } from '../paginate.js';
import type { RouteContext } from '../router.js';
import type { RouteModule, Sim } from '../sim-context.js';
import { SIM_USER } from '../store.js';
import { selectedVersion, templateVersionView, templateView } from '../template-view.js';
import type { Obj, TemplateRec, TemplateVersionRec } from '../types.js';
import { getProject } from './projects.js';
import { maxOf } from '../../core/append-all.js';
import { checkPathParams, nameField, Problems } from '../validation.js';

const FIELDS: FieldSpecs<TemplateRec> = {
  id: { kind: 'id', get: (t) => t.id },
  name: { kind: 'text', get: (t) => t.name, caseSensitive: true },
  creator: { kind: 'id', get: () => SIM_USER.id },
  used_in_project: { kind: 'list', get: (t) => t.project_ids },
  not_in_project: { kind: 'id', get: () => null },
  created_at: { kind: 'date', get: (t) => t.created_at },
  updated_at: { kind: 'date', get: (t) => t.updated_at },
};

/** `ListPromptTemplateVersionParams.sort` [SPEC]: version, created_at, updated_at. */
const VERSION_FIELDS: FieldSpecs<TemplateVersionRec> = {
  version: { kind: 'number', get: (v) => v.version },
  created_at: { kind: 'date', get: (v) => v.created_at },
  updated_at: { kind: 'date', get: (v) => v.updated_at },
};

/**
 * `PromptTemplateNotInProjectFilter {name: not_in_project, value: <project id>}` [SPEC] has no operator: it keeps the
 * templates not used in that project, i.e. `used_in_project` `not_in` `[value]`.
 */
function notInProjectAsNotIn(filters: unknown): unknown {
  if (!Array.isArray(filters)) return filters;
  const list: readonly unknown[] = filters;
  return list.map((f) => (f !== null && typeof f === 'object' && (f as Obj)['name'] === 'not_in_project'
    ? { name: 'used_in_project', operator: 'not_in', value: [(f as Obj)['value']] }
    : f));
}

/**
 * Prompt templates, project-scoped (`/projects/{p}/templates…`, [GUIDE]/[JS]) and global (`/templates…`, [PY]).
 * Names are unique org-wide. choice: creating a version does NOT select it; select with PUT …/versions/{n}.
 */
export const templateRoutes: RouteModule = (add, sim) => {
  const { store } = sim;

  const create = (ctx: RouteContext, projectId: string | null): TemplateRec => {
    const body = objectBody(ctx);
    if (body['name'] === undefined || body['name'] === null) throw missing(['body', 'name']);
    const p = new Problems();
    const given = nameField(p, body['name'], ['body', 'name'], true);
    p.throwIfAny();
    let name = given!.value;
    const suffix = given!.suffix;
    if (store.templateByName.has(name)) {
      if (!suffix) throw alreadyExists('Prompt template', name);
      let n = 1;
      while (store.templateByName.has(`${name} (${n})`)) n++;
      name = `${name} (${n})`;
    }
    const now = store.nowIso();
    const v = versionFrom(sim, body, optInt(body, 'version') ?? 1);
    const t: TemplateRec = {
      id: store.uuid(), name, hidden: optBool(body, 'hidden') ?? false, project_ids: projectId === null ? [] : [projectId],
      versions: [v], selected_version: v.version, created_at: now, updated_at: now,
    };
    store.addTemplate(t);
    return t;
  };

  // project-scoped
  add('create_prompt_template_with_version_projects__project_id__templates_post', (ctx) => {
    const p = getProject(sim, ctx.params['project_id']);
    return { body: templateView(create(ctx, p.id)) };
  });

  add('get_project_templates_projects__project_id__templates_get', (ctx) => {
    const p = getProject(sim, ctx.params['project_id']);
    return { body: [...store.templates.values()].filter((t) => t.project_ids.includes(p.id)).map(templateView) };
  });

  add('get_template_version_by_name_projects__project_id__templates_versions_get', (ctx) => {
    getProject(sim, ctx.params['project_id']);
    const name = ctx.query.get('template_name');
    if (name === null) throw missing(['query', 'template_name']);
    const id = store.templateByName.get(name);
    const t = id === undefined ? undefined : store.templates.get(id);
    if (t === undefined) throw notFound('Prompt template', name);
    const version = ctx.query.get('version');
    return { body: templateVersionView(t, version === null ? selectedVersion(t) : versionOf(t, version)) };
  });

  add('get_template_from_project_projects__project_id__templates__template_id__get', (ctx) => {
    getProject(sim, ctx.params['project_id']);
    return { body: templateView(getTemplate(sim, ctx.params['template_id'])) };
  });

  add('delete_template_projects__project_id__templates__template_id__delete', (ctx) => {
    getProject(sim, ctx.params['project_id']);
    const t = getTemplate(sim, ctx.params['template_id']);
    store.removeTemplate(t);
    return { body: { message: `Successfully deleted template ${t.name}` } };
  });

  add('create_prompt_template_version_projects__project_id__templates__template_id__versions_post', (ctx) => {
    getProject(sim, ctx.params['project_id']);
    return { body: addVersion(ctx) };
  });

  add('get_template_version_projects__project_id__templates__template_id__versions__version__get', (ctx) => {
    getProject(sim, ctx.params['project_id']);
    const t = getTemplate(sim, ctx.params['template_id']);
    return { body: templateVersionView(t, versionOf(t, intVersion(ctx))) };
  });

  add('set_selected_template_version_projects__project_id__templates__template_id__versions__version__put', (ctx) => {
    getProject(sim, ctx.params['project_id']);
    return { body: select(ctx) };
  });

  // global
  add('create_global_prompt_template_templates_post', (ctx) => {
    const pid = ctx.query.get('project_id');
    if (pid !== null) getProject(sim, pid);
    return { body: templateView(create(ctx, pid)) };
  });

  add('query_templates_templates_query_post', (ctx) => {
    const body = objectBody(ctx, true);
    const list = sortCollection(filterCollection([...store.templates.values()], notInProjectAsNotIn(body['filters']), FIELDS), body['sort'], FIELDS, { name: 'created_at', ascending: false });
    const { items, envelope } = paginate(list, pageFromQuery(ctx));
    return { body: { ...envelope, templates: items.map(templateView) } };
  });

  add('get_global_template_templates__template_id__get', (ctx) => ({ body: templateView(getTemplate(sim, ctx.params['template_id'])) }));

  add('update_global_template_templates__template_id__patch', (ctx) => {
    const t = getTemplate(sim, ctx.params['template_id']);
    const body = objectBody(ctx);
    const raw = body['name'];
    const p = new Problems();
    // UpdatePromptTemplateRequest.name [SPEC]: a string (≥ 1 character), a Name, or null (no change)
    const name = raw === undefined || raw === null ? undefined : nameField(p, raw, ['body', 'name'], true)?.value;
    p.throwIfAny();
    if (name !== undefined && name !== t.name) {
      if (store.templateByName.has(name)) throw alreadyExists('Prompt template', name);
      store.removeTemplate(t);
      t.name = name;
      store.addTemplate(t);
    }
    t.updated_at = store.nowIso();
    return { body: templateView(t) };
  });

  add('delete_global_template_templates__template_id__delete', (ctx) => {
    const t = getTemplate(sim, ctx.params['template_id']);
    store.removeTemplate(t);
    return { body: { message: `Successfully deleted template ${t.name}` } };
  });

  add('create_global_prompt_template_version_templates__template_id__versions_post', (ctx) => ({ body: addVersion(ctx) }));

  add('query_template_versions_templates__template_id__versions_query_post', (ctx) => {
    const t = getTemplate(sim, ctx.params['template_id']);
    const body = objectBody(ctx, true);
    const list = sortCollection(t.versions, body['sort'], VERSION_FIELDS, { name: 'version', ascending: true });
    const { items, envelope } = paginate(list, pageFromQuery(ctx));
    return { body: { ...envelope, versions: items.map((v) => templateVersionView(t, v)) } };
  });

  add('get_global_template_version_templates__template_id__versions__version__get', (ctx) => {
    const t = getTemplate(sim, ctx.params['template_id']);
    return { body: templateVersionView(t, versionOf(t, intVersion(ctx))) };
  });

  add('set_selected_global_template_version_templates__template_id__versions__version__put', (ctx) => ({ body: select(ctx) }));

  function addVersion(ctx: RouteContext): Record<string, unknown> {
    const t = getTemplate(sim, ctx.params['template_id']);
    const body = objectBody(ctx);
    const max = maxOf(t.versions.map((v) => v.version));
    const wanted = optInt(body, 'version');
    if (wanted !== undefined && t.versions.some((v) => v.version === wanted)) throw invalid(['body', 'version'], `Version ${wanted} already exists`, 'value_error', wanted);
    const v = versionFrom(sim, body, wanted ?? max + 1);
    t.versions.push(v);
    t.versions.sort((a, b) => a.version - b.version);
    store.templateVersionOwner.set(v.id, t.id);
    t.updated_at = v.created_at;
    return templateVersionView(t, v);
  }

  function select(ctx: RouteContext): Record<string, unknown> {
    const t = getTemplate(sim, ctx.params['template_id']);
    t.selected_version = versionOf(t, intVersion(ctx)).version;
    t.updated_at = store.nowIso();
    return templateView(t);
  }
};

/** A message's `content`, required: a string or a list of content parts [SPEC galileo_core Message]. */
const isContent = (c: unknown): boolean => typeof c === 'string' || Array.isArray(c);

function versionFrom(sim: Sim, body: Body, version: number): TemplateVersionRec {
  const tpl = body['template'];
  if (tpl === undefined || tpl === null) throw missing(['body', 'template']);
  if (typeof tpl === 'string') {
    if (tpl.length < 1) throw invalid(['body', 'template'], 'String should have at least 1 character', 'string_too_short', tpl);
  } else if (!Array.isArray(tpl) || tpl.some((m) => m === null || typeof m !== 'object' || typeof (m as Obj)['role'] !== 'string' || !isContent((m as Obj)['content']))) {
    throw invalid(['body', 'template'], 'Input should be a valid string or a list of messages {role, content}', 'union_type', tpl);
  }
  const now = sim.store.nowIso();
  return {
    id: sim.store.uuid(), version, template: tpl as string | Obj[], settings: optObject(body, 'settings') ?? {},
    raw: optBool(body, 'raw') ?? false, output_type: optString(body, 'output_type') ?? null, created_at: now, updated_at: now,
  };
}

export function getTemplate(sim: Sim, id: string | undefined): TemplateRec {
  if (id !== undefined) checkPathParams({ template_id: id }, ['template_id']);
  const t = id === undefined ? undefined : sim.store.templates.get(id);
  if (t === undefined) throw notFound('Prompt template', id);
  return t;
}

/** The `{version}` path parameter, an integer [SPEC] (422 `int_parsing` otherwise). */
function intVersion(ctx: RouteContext): string | undefined {
  checkPathParams(ctx.params, [], ['version']);
  return ctx.params['version'];
}

function versionOf(t: TemplateRec, raw: string | undefined): TemplateVersionRec {
  const n = Number(raw);
  const v = Number.isInteger(n) ? t.versions.find((x) => x.version === n) : undefined;
  if (v === undefined) throw notFound(`Version ${String(raw)} of prompt template`, t.id);
  return v;
}
