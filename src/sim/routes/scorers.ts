import { objectBody, oneOf, optBool, optObject, optString, optStringArray, reqString, type Body } from '../body.js';
import { filterCollection, sortCollection, type FieldSpecs } from '../collection-filter.js';
import { alreadyExists, missing, notFound } from '../http-error.js';
import { pageFromQuery, paginate } from '../paginate.js';
import { isGlobal, scorerView } from '../scorer-view.js';
import type { RouteModule, Sim } from '../sim-context.js';
import { SIM_USER, scorerKey } from '../store.js';
import type { ScorerRec } from '../types.js';

export const SCORER_TYPES = ['llm', 'code', 'luna', 'preset'] as const;
export const OUTPUT_TYPES = ['boolean', 'categorical', 'count', 'discrete', 'freeform', 'percentage', 'multilabel', 'retrieved_chunk_list_boolean', 'boolean_multilabel'] as const;
const MODEL_TYPES = ['slm', 'llm', 'code'] as const;

const FIELDS: FieldSpecs<ScorerRec> = {
  id: { kind: 'id', get: (s) => s.id },
  name: { kind: 'text', get: (s) => s.name, caseSensitive: false },
  scorer_type: { kind: 'enum', get: (s) => s.scorer_type },
  model_type: { kind: 'enum', get: (s) => s.model_type },
  tags: { kind: 'list', get: (s) => s.tags },
  creator: { kind: 'id', get: (s) => (s.preset ? null : SIM_USER.id) },
  created_at: { kind: 'date', get: (s) => s.created_at },
  updated_at: { kind: 'date', get: (s) => s.updated_at },
  label: { kind: 'text', get: (s) => s.label, caseSensitive: true },
  scoreable_node_types: { kind: 'list', get: (s) => s.scoreable_node_types },
  is_global: { kind: 'enum', get: (s) => isGlobal(s) },
};

const SORTS: FieldSpecs<ScorerRec> = {
  name: FIELDS['name'] as FieldSpecs<ScorerRec>[string],
  updated_at: FIELDS['updated_at'] as FieldSpecs<ScorerRec>[string],
  created_at: FIELDS['created_at'] as FieldSpecs<ScorerRec>[string],
  enabled_in_run: { kind: 'text', get: (s) => s.name },
  enabled_in_playground: { kind: 'text', get: (s) => s.name },
};

/** Scorer shells: create, get, list with filters, tags, update, delete [SPEC], [GUIDE]. */
export const scorerRoutes: RouteModule = (add, sim) => {
  const { store } = sim;

  add('create_scorers_post', (ctx) => {
    const body = objectBody(ctx);
    const name = reqString(body, 'name', { minLength: 1 });
    if (body['scorer_type'] === undefined) reqString(body, 'scorer_type');
    const type = oneOf(body['scorer_type'], SCORER_TYPES, ['body', 'scorer_type']);
    const defaults = optObject(body, 'defaults') ?? null;
    // [JS] utils/scorers.ts createScorer: defaults "Required for LLM scorers"; the guide's Call 1 and both SDKs send
    // them. choice: an LLM shell without them is refused (the spec marks the field optional)
    if (type === 'llm' && defaults === null) throw missing(['body', 'defaults']);
    if (store.scorerByKey.has(scorerKey(type, name))) throw alreadyExists(`Scorer of type ${type}`, name);
    const now = store.nowIso();
    const s: ScorerRec = {
      id: store.uuid(), name, scorer_type: type, description: optString(body, 'description') ?? '',
      tags: optStringArray(body, 'tags') ?? [], defaults,
      model_type: body['model_type'] == null ? null : oneOf(body['model_type'], MODEL_TYPES, ['body', 'model_type']),
      ground_truth: optBool(body, 'ground_truth') ?? null, user_prompt: optString(body, 'user_prompt') ?? null,
      scoreable_node_types: optStringArray(body, 'scoreable_node_types') ?? null,
      output_type: outputTypeOf(body) ?? outputTypeOf(defaults ?? {}) ?? null,
      input_type: optString(body, 'input_type') ?? null, required_scorers: optStringArray(body, 'required_scorers') ?? null,
      default_version_id: optString(body, 'default_version_id') ?? null, label: optString(body, 'label') ?? '',
      versions: [], created_at: now, updated_at: now, preset: false,
    };
    store.addScorer(s);
    return { body: scorerView(s, sim.store.projects) };
  });

  add('list_scorers_with_filters_scorers_list_post', (ctx) => {
    const body = objectBody(ctx, true);
    const all = [...store.scorers.values()];
    const list = sortCollection(filterCollection(all, body['filters'], FIELDS), body['sort'], SORTS, { name: 'name', ascending: true });
    const { items, envelope } = paginate(list, pageFromQuery(ctx));
    return { body: { ...envelope, scorers: items.map((s) => scorerView(s, sim.store.projects)) } };
  });

  add('list_tags_scorers_tags_get', () => {
    const tags = new Set<string>();
    for (const s of store.scorers.values()) for (const t of s.tags) tags.add(t);
    return { body: [...tags].sort() };
  });

  add('get_scorer_scorers__scorer_id__get', (ctx) => ({ body: scorerView(getScorer(sim, ctx.params['scorer_id']), sim.store.projects) }));

  add('update_scorers__scorer_id__patch', (ctx) => {
    const s = getScorer(sim, ctx.params['scorer_id']);
    const body = objectBody(ctx);
    const name = optString(body, 'name');
    if (name !== undefined && name !== null && name !== s.name) {
      const existing = store.scorerByKey.get(scorerKey(s.scorer_type, name));
      if (existing !== undefined && existing !== s.id) throw alreadyExists(`Scorer of type ${s.scorer_type}`, name);
      store.removeScorer(s);
      s.name = name;
      store.addScorer(s);
    }
    applyScorerPatch(s, body);
    s.updated_at = store.nowIso();
    return { body: scorerView(s, sim.store.projects) };
  });

  add('delete_scorer_scorers__scorer_id__delete', (ctx) => {
    const s = getScorer(sim, ctx.params['scorer_id']);
    store.removeScorer(s);
    return { body: { message: `Successfully deleted scorer ${s.name}` } };
  });
};

function applyScorerPatch(s: ScorerRec, body: Body): void {
  const str = (f: 'description' | 'user_prompt' | 'input_type' | 'default_version_id'): void => {
    const v = optString(body, f);
    if (v !== undefined) (s as unknown as Record<string, unknown>)[f] = f === 'description' ? (v ?? '') : v;
  };
  str('description');
  str('user_prompt');
  str('input_type');
  str('default_version_id');
  const tags = optStringArray(body, 'tags');
  if (tags !== undefined) s.tags = tags ?? [];
  const nodes = optStringArray(body, 'scoreable_node_types');
  if (nodes !== undefined) s.scoreable_node_types = nodes;
  const req = optStringArray(body, 'required_scorers');
  if (req !== undefined) s.required_scorers = req;
  const defaults = optObject(body, 'defaults');
  if (defaults !== undefined) s.defaults = defaults;
  const ot = outputTypeOf(body);
  if (ot !== undefined) s.output_type = ot;
  if (body['model_type'] !== undefined) s.model_type = body['model_type'] === null ? null : oneOf(body['model_type'], MODEL_TYPES, ['body', 'model_type']);
  const gt = optBool(body, 'ground_truth');
  if (gt !== undefined) s.ground_truth = gt;
}

function outputTypeOf(body: Body): string | null | undefined {
  const v = body['output_type'];
  if (v === undefined) return undefined;
  if (v === null) return null;
  return oneOf(v, OUTPUT_TYPES, ['body', 'output_type']);
}

export function getScorer(sim: Sim, id: string | undefined): ScorerRec {
  const s = id === undefined ? undefined : sim.store.scorers.get(id);
  if (s === undefined) throw notFound('Scorer', id);
  return s;
}
