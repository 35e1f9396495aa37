import { createHash } from 'node:crypto';
import { objectBody } from '../body.js';
import { filterCollection, sortCollection, type FieldSpecs } from '../collection-filter.js';
import { alreadyExists, invalid, notFound } from '../http-error.js';
import { pageFromQuery, paginate } from '../paginate.js';
import { isUuid } from '../prng.js';
import type { RouteContext } from '../router.js';
import type { RouteModule, Sim } from '../sim-context.js';
import { SIM_USER } from '../store.js';
import type { AnnotationQueueRec, Obj } from '../types.js';
import { userInfo } from '../user-view.js';
import { checkList, checkPathParams, enumField, isObj, nameField, Problems, quoted, required, typed, type Loc } from '../validation.js';

const ROLES = ['owner', 'editor', 'annotator', 'viewer'] as const;
const ANNOTATION_TYPES = ['like_dislike', 'star', 'score', 'tags', 'text', 'choice', 'tree_choice'] as const;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

const QUEUE_FIELDS: FieldSpecs<AnnotationQueueRec> = {
  id: { kind: 'id', get: (q) => q.id },
  name: { kind: 'text', get: (q) => q.name, caseSensitive: true },
  created_at: { kind: 'date', get: (q) => q.created_at },
  updated_at: { kind: 'date', get: (q) => q.updated_at },
};

/**
 * Annotation queues [SPEC annotation_queue]: the queue (create / get / update / delete / query), its templates
 * (list / create or copy / update name and criteria / delete) and its users (share / list / change role / remove).
 */
export const annotationQueueRoutes: RouteModule = (add, sim) => {
  const { store } = sim;
  const queueOf = (ctx: RouteContext): AnnotationQueueRec => {
    checkPathParams(ctx.params, ['queue_id', 'template_id', 'user_id']);
    const q = store.annotationQueues.get(ctx.params['queue_id'] ?? '');
    if (q === undefined) throw notFound('Annotation queue', ctx.params['queue_id']);
    return q;
  };
  const touch = (q: AnnotationQueueRec): void => void (q.updated_at = store.nowIso());

  add('create_annotation_queue_annotation_queues_post', (ctx) => {
    const body = objectBody(ctx);
    const p = new Problems();
    const name = queueName(p, body, true);
    const description = queueDescription(p, body);
    checkList(p, body['annotator_emails'], ['body', 'annotator_emails'], (e, at) => {
      if (typeof e !== 'string' || !EMAIL.test(e)) p.add(at, 'value is not a valid email address', 'value_error', e);
    });
    const copyFrom = body['copy_templates_from_queue_id'];
    if (copyFrom !== undefined && copyFrom !== null && !isUuid(copyFrom)) p.add(['body', 'copy_templates_from_queue_id'], 'Input should be a valid UUID', 'uuid_parsing', copyFrom);
    p.throwIfAny();
    const source = typeof copyFrom === 'string' ? store.annotationQueues.get(copyFrom.toLowerCase()) : undefined;
    if (typeof copyFrom === 'string' && source === undefined) throw notFound('Annotation queue', copyFrom);
    const unique = uniqueName(sim, name as { value: string; suffix: boolean });
    const now = store.nowIso();
    const q: AnnotationQueueRec = { id: store.uuid(), name: unique, description: description ?? null, created_at: now, updated_at: now, templates: [], users: [] };
    q.users.push(collaborator(sim, q, simUser(), 'owner', true));
    for (const e of (body['annotator_emails'] as string[] | undefined) ?? []) {
      if (!q.users.some((u) => u['email'] === e)) q.users.push(collaborator(sim, q, userByEmail(e), 'annotator', true));
    }
    if (source !== undefined) for (const t of source.templates) copyTemplate(sim, q, t);
    store.annotationQueues.set(q.id, q);
    return { body: queueView(q) };
  });

  add('query_annotation_queues_annotation_queues_query_post', (ctx) => {
    const body = objectBody(ctx, true);
    const all = sortCollection(filterCollection([...store.annotationQueues.values()], body['filters'], QUEUE_FIELDS), body['sort'], QUEUE_FIELDS, { name: 'created_at', ascending: false });
    const { items, envelope } = paginate(all, pageFromQuery(ctx));
    return { body: { ...envelope, annotation_queues: items.map(queueView) } };
  });

  add('get_annotation_queue_annotation_queues__queue_id__get', (ctx) => ({ body: queueView(queueOf(ctx)) }));

  add('update_annotation_queue_annotation_queues__queue_id__patch', (ctx) => {
    const q = queueOf(ctx);
    const body = objectBody(ctx);
    const p = new Problems();
    const name = queueName(p, body, false);
    const description = queueDescription(p, body);
    p.throwIfAny();
    if (name !== undefined && name.value !== q.name) q.name = uniqueName(sim, name);
    if (description !== undefined) q.description = description;
    touch(q);
    return { body: queueView(q) };
  });

  add('delete_annotation_queue_annotation_queues__queue_id__delete', (ctx) => {
    const q = queueOf(ctx);
    store.annotationQueues.delete(q.id);
    return { body: { message: `Annotation queue ${q.id} deleted` } };
  });

  // templates
  add('get_queue_templates_annotation_queues__queue_id__templates_get', (ctx) => ({ body: queueOf(ctx).templates }));

  add('create_queue_template_annotation_queues__queue_id__templates_post', (ctx) => {
    const q = queueOf(ctx);
    const body = objectBody(ctx);
    const tpl = body['template'];
    const from = body['copy_from_queue_id'];
    const given = (v: unknown): boolean => v !== undefined && v !== null;
    if (given(tpl) === given(from)) throw invalid(['body'], 'Value error, exactly one of template or copy_from_queue_id is required', 'value_error');
    if (given(from)) {
      if (!isUuid(from)) throw invalid(['body', 'copy_from_queue_id'], 'Input should be a valid UUID', 'uuid_parsing', from);
      const source = store.annotationQueues.get(from.toLowerCase());
      if (source === undefined) throw notFound('Annotation queue', from);
      const made = source.templates.map((t) => copyTemplate(sim, q, t));
      touch(q);
      return { body: made };
    }
    const p = new Problems();
    checkTemplateCreate(p, tpl, ['body', 'template']);
    p.throwIfAny();
    const t = tpl as Obj;
    const made = newTemplate(sim, q, { name: t['name'], include_explanation: t['include_explanation'] ?? false, criteria: t['criteria'] ?? null, constraints: t['constraints'] });
    q.templates.push(made);
    touch(q);
    return { body: [made] };
  });

  add('update_queue_template_annotation_queues__queue_id__templates__template_id__patch', (ctx) => {
    const q = queueOf(ctx);
    const t = templateOf(q, ctx.params['template_id']);
    const body = objectBody(ctx);
    const p = new Problems();
    // AnnotationTemplateUpdate [SPEC] has only name and criteria. choice: any other field — `constraints` above all,
    // which would change what recorded ratings mean — is refused (422 extra_forbidden) rather than ignored
    for (const k of Object.keys(body)) if (k !== 'name' && k !== 'criteria') p.add(['body', k], 'Extra inputs are not permitted', 'extra_forbidden', body[k]);
    if (required(p, body, 'name', ['body'])) textField(p, body, 'name', ['body'], 255);
    if (required(p, body, 'criteria', ['body']) && body['criteria'] !== null) textField(p, body, 'criteria', ['body']);
    p.throwIfAny();
    Object.assign(t, { name: body['name'], criteria: body['criteria'] });
    touch(q);
    return { body: t };
  });

  add('delete_queue_template_annotation_queues__queue_id__templates__template_id__delete', (ctx) => {
    const q = queueOf(ctx);
    const t = templateOf(q, ctx.params['template_id']);
    q.templates = q.templates.filter((x) => x !== t).map((x, i) => ({ ...x, position: i }));
    touch(q);
    return { body: { message: `Template ${String(t['id'])} deleted` } };
  });

  // users
  add('share_annotation_queue_with_users_annotation_queues__queue_id__users_post', (ctx) => {
    const q = queueOf(ctx);
    const raw = ctx.json();
    const p = new Problems();
    if (!Array.isArray(raw)) throw invalid(['body'], 'Input should be a valid list', 'list_type', raw);
    raw.forEach((c, i) => {
      const at: Loc = ['body', i];
      if (!isObj(c)) return p.add(at, 'Input should be a valid dictionary', 'dict_type', c);
      enumField(p, c, 'role', ROLES, at);
      typed(p, c, 'track_progress', 'boolean', at);
      if (c['user_id'] !== undefined && c['user_id'] !== null && !isUuid(c['user_id'])) p.add([...at, 'user_id'], 'Input should be a valid UUID', 'uuid_parsing', c['user_id']);
      if (c['user_email'] !== undefined && c['user_email'] !== null && (typeof c['user_email'] !== 'string' || !EMAIL.test(c['user_email']))) p.add([...at, 'user_email'], 'value is not a valid email address', 'value_error', c['user_email']);
      if ((c['user_id'] ?? null) === null && (c['user_email'] ?? null) === null) p.add(at, 'Value error, user_id or user_email is required', 'value_error');
    });
    p.throwIfAny();
    const users = (raw as Obj[]).map((c) => (typeof c['user_id'] === 'string' ? userById(sim, c['user_id']) : userByEmail(String(c['user_email']))));
    const ids = users.map((u) => u.id);
    for (const [i, u] of users.entries()) {
      if (q.users.some((x) => x['user_id'] === u.id) || ids.indexOf(u.id) !== i) throw invalid(['body', i], `User ${u.email} is already a collaborator of this queue`, 'value_error');
    }
    const made = users.map((u, i) => collaborator(sim, q, u, ((raw as Obj[])[i]?.['role'] as string | undefined) ?? 'viewer', ((raw as Obj[])[i]?.['track_progress'] as boolean | undefined) ?? true));
    q.users.push(...made);
    touch(q);
    return { body: made };
  });

  add('list_annotation_queue_users_annotation_queues__queue_id__users_get', (ctx) => {
    const { items, envelope } = paginate(queueOf(ctx).users, pageFromQuery(ctx));
    return { body: { ...envelope, collaborators: items } };
  });

  add('update_annotation_queue_user_role_annotation_queues__queue_id__users__user_id__patch', (ctx) => {
    const q = queueOf(ctx);
    const u = userOf(q, ctx.params['user_id']);
    const body = objectBody(ctx);
    const p = new Problems();
    if (required(p, body, 'role', ['body'])) {
      if (body['role'] === null) p.add(['body', 'role'], `Input should be ${quoted(ROLES)}`, 'enum', null);
      enumField(p, body, 'role', ROLES, ['body']);
    }
    typed(p, body, 'track_progress', 'boolean', ['body']);
    p.throwIfAny();
    u['role'] = body['role'];
    if (typeof body['track_progress'] === 'boolean') u['track_progress'] = body['track_progress'];
    touch(q);
    return { body: u };
  });

  add('remove_annotation_queue_user_annotation_queues__queue_id__users__user_id__delete', (ctx) => {
    const q = queueOf(ctx);
    const u = userOf(q, ctx.params['user_id']);
    q.users = q.users.filter((x) => x !== u);
    touch(q);
    return { body: { message: `User ${String(u['user_id'])} removed from the queue` } };
  });
};

/** `AnnotationQueueResponse` [SPEC]: counts from the templates and users; no records are simulated. */
function queueView(q: AnnotationQueueRec): Obj {
  return {
    id: q.id, permissions: [], name: q.name, description: q.description, created_at: q.created_at, updated_at: q.updated_at,
    created_by_user: userInfo(), num_log_records: 0, num_annotators: q.users.filter((u) => u['role'] === 'annotator').length,
    num_users: q.users.length, num_templates: q.templates.length, num_logs_annotated: {}, progress: {}, overall_progress: null, templates: q.templates,
  };
}

/** `name`: a `Name {value, append_suffix_if_duplicate}` object, never a bare string [SPEC Create/UpdateAnnotationQueueRequest]. */
function queueName(p: Problems, body: Obj, needed: boolean): { value: string; suffix: boolean } | undefined {
  const raw = body['name'];
  if (raw === undefined || raw === null) {
    if (needed) p.add(['body', 'name'], 'Field required', 'missing');
    return undefined;
  }
  return nameField(p, raw, ['body', 'name'], false);
}

function queueDescription(p: Problems, body: Obj): string | null | undefined {
  textField(p, body, 'description', ['body'], 256, 0);
  const v = body['description'];
  return typeof v === 'string' || v === null ? v : undefined;
}

/** A string field with optional length bounds (min 1 by default). */
function textField(p: Problems, o: Obj, field: string, loc: Loc, max?: number, min = 1): void {
  const v = o[field];
  if (v === undefined || v === null) return;
  if (typeof v !== 'string') p.add([...loc, field], 'Input should be a valid string', 'string_type', v);
  else if (v.length < min) p.add([...loc, field], `String should have at least ${min} character`, 'string_too_short', v);
  else if (max !== undefined && v.length > max) p.add([...loc, field], `String should have at most ${max} characters`, 'string_too_long', v);
}

/** choice: queue names are unique org-wide (422 "already exists"), unless `append_suffix_if_duplicate`. */
function uniqueName(sim: Sim, name: { value: string; suffix: boolean }): string {
  const taken = (n: string): boolean => [...sim.store.annotationQueues.values()].some((q) => q.name === n);
  if (!taken(name.value)) return name.value;
  if (!name.suffix) throw alreadyExists('Annotation queue', name.value);
  let n = 1;
  while (taken(`${name.value} (${n})`)) n++;
  return `${name.value} (${n})`;
}

/** `AnnotationTemplateCreate` [SPEC] with its `constraints` union (discriminated by `annotation_type`). */
function checkTemplateCreate(p: Problems, t: unknown, loc: Loc): void {
  if (!isObj(t)) return p.add(loc, 'Input should be a valid dictionary', 'dict_type', t);
  if (required(p, t, 'name', loc)) textField(p, t, 'name', loc, 255);
  typed(p, t, 'include_explanation', 'boolean', loc);
  textField(p, t, 'criteria', loc);
  if (!required(p, t, 'constraints', loc)) return;
  const c = t['constraints'];
  const at: Loc = [...loc, 'constraints'];
  if (!isObj(c)) return p.add(at, 'Input should be a valid dictionary', 'dict_type', c);
  const type = c['annotation_type'];
  if (!ANNOTATION_TYPES.includes(type as never)) {
    return p.add([...at, 'annotation_type'], `Input tag '${String(type)}' found using 'annotation_type' does not match any of the expected tags: ${quoted(ANNOTATION_TYPES)}`, type === undefined ? 'union_tag_not_found' : 'union_tag_invalid', type);
  }
  const tat: Loc = [...at, String(type)];
  if (type === 'score') {
    for (const f of ['min', 'max']) {
      if (!required(p, c, f, tat)) continue;
      typed(p, c, f, 'integer', tat);
      if (Number.isInteger(c[f]) && (c[f] as number) < 0) p.add([...tat, f], 'Input should be greater than or equal to 0', 'greater_than_equal', c[f]);
    }
    if (Number.isInteger(c['min']) && Number.isInteger(c['max']) && (c['min'] as number) >= (c['max'] as number)) p.add(tat, 'Value error, min must be less than max', 'value_error');
  }
  for (const f of type === 'tags' ? ['tags'] : type === 'choice' ? ['choices'] : []) {
    if (!required(p, c, f, tat)) continue;
    checkList(p, c[f], [...tat, f], (v, vat) => {
      if (typeof v !== 'string' || v.length < 1 || v.length > 255) p.add(vat, 'Input should be a string of 1 to 255 characters', 'string_type', v);
    });
    typed(p, c, 'allow_other', 'boolean', tat);
  }
  if (type === 'tree_choice') {
    textField(p, c, 'choices_tree_yaml', tat, 10000);
    if (c['choices_tree'] !== undefined && c['choices_tree'] !== null) checkTreeNodes(p, c['choices_tree'], [...tat, 'choices_tree']);
  }
}

/** `TreeChoiceNode[]` (at most 50 per level): `label*` and `id*` of 1–255 characters, `children` likewise [SPEC]. */
function checkTreeNodes(p: Problems, nodes: unknown, loc: Loc): void {
  if (Array.isArray(nodes) && nodes.length > 50) return p.add(loc, 'List should have at most 50 items after validation', 'too_long', nodes.length);
  checkList(p, nodes, loc, (n, at) => {
    if (!isObj(n)) return p.add(at, 'Input should be a valid dictionary', 'dict_type', n);
    for (const f of ['label', 'id']) if (required(p, n, f, at)) textField(p, n, f, at, 255);
    if (n['children'] !== undefined) checkTreeNodes(p, n['children'], [...at, 'children']);
  });
}

function newTemplate(sim: Sim, q: AnnotationQueueRec, fields: Obj): Obj {
  return { ...fields, id: sim.store.uuid(), created_at: sim.store.nowIso(), created_by: SIM_USER.id, position: q.templates.length, usage_count: 0 };
}

/** A copy of another queue's template, appended to this queue. */
function copyTemplate(sim: Sim, q: AnnotationQueueRec, t: Obj): Obj {
  const made = newTemplate(sim, q, { name: t['name'], include_explanation: t['include_explanation'], criteria: t['criteria'], constraints: structuredClone(t['constraints']) });
  q.templates.push(made);
  return made;
}

function templateOf(q: AnnotationQueueRec, id: string | undefined): Obj {
  const t = q.templates.find((x) => x['id'] === id?.toLowerCase());
  if (t === undefined) throw notFound('Template', id);
  return t;
}

function userOf(q: AnnotationQueueRec, id: string | undefined): Obj {
  const u = q.users.find((x) => x['user_id'] === id?.toLowerCase());
  if (u === undefined) throw notFound('Collaborator', id);
  return u;
}

interface SimUser { id: string; email: string; first_name: string | null; last_name: string | null }

const simUser = (): SimUser => ({ id: SIM_USER.id, email: SIM_USER.email, first_name: SIM_USER.first_name, last_name: SIM_USER.last_name });

/** choice: any email is a user of the org (invited on first share); its id is derived from the address, so stable. */
function userByEmail(email: string): SimUser {
  if (email.toLowerCase() === SIM_USER.email) return simUser();
  const h = createHash('sha256').update(email.toLowerCase()).digest('hex');
  const id = `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-${'89ab'[parseInt(h[16] ?? '0', 16) % 4]}${h.slice(17, 20)}-${h.slice(20, 32)}`;
  return { id, email: email.toLowerCase(), first_name: null, last_name: null };
}

/** A user id must be the simulator's user or one already met by email in some queue → else 404. */
function userById(sim: Sim, id: string): SimUser {
  const wanted = id.toLowerCase();
  if (wanted === SIM_USER.id) return simUser();
  for (const q of sim.store.annotationQueues.values()) {
    const u = q.users.find((x) => x['user_id'] === wanted);
    if (u !== undefined) return { id: wanted, email: String(u['email']), first_name: null, last_name: null };
  }
  throw notFound('User', id);
}

function collaborator(sim: Sim, q: AnnotationQueueRec, u: SimUser, role: string, trackProgress: boolean): Obj {
  return {
    id: sim.store.uuid(), permissions: [], role, created_at: sim.store.nowIso(), user_id: u.id, first_name: u.first_name, last_name: u.last_name,
    email: u.email, annotation_queue_id: q.id, track_progress: trackProgress, progress: null,
  };
}
