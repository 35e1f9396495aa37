import { objectBody, optBool, optInt, optObject, optString, optStringArray, type Body } from '../body.js';
import { badRequest, invalid, missing, notFound, SimHttpError } from '../http-error.js';
import { formStringList, readForm } from '../multipart.js';
import { pageFromQuery, paginate } from '../paginate.js';
import { hashUnit } from '../prng.js';
import { checkScorerCode } from '../python-check.js';
import { latestVersion, scorerVersionView } from '../scorer-view.js';
import type { RouteModule, Sim } from '../sim-context.js';
import type { ScorerRec, ScorerVersionRec } from '../types.js';
import { getScorer, OUTPUT_TYPES } from './scorers.js';

/**
 * Scorer versions: LLM / code / preset / luna versions, get (latest by default), list, code source, restore,
 * and async code validation (`pending` → `started` → `completed`) [SPEC], [GUIDE], [JS scorer-service.ts].
 */
export const scorerVersionRoutes: RouteModule = (add, sim) => {
  const { store } = sim;

  add('create_llm_scorer_version_scorers__scorer_id__version_llm_post', (ctx) => {
    const s = getScorer(sim, ctx.params['scorer_id']);
    if (s.scorer_type !== 'llm') throw badRequest(`Scorer ${s.id} is of type ${s.scorer_type}, not llm`);
    const body = objectBody(ctx, true);
    const ot = body['output_type'];
    if (ot !== undefined && ot !== null) {
      if (!(OUTPUT_TYPES as readonly unknown[]).includes(ot)) throw invalid(['body', 'output_type'], 'Input should be a valid output type', 'enum', ot);
      // the version request only back-fills the scorer's output type when none was set [GUIDE]
      if (s.output_type === null) s.output_type = ot as string;
    }
    const v = newVersion(sim, s, 'llm', body);
    v.user_prompt = optString(body, 'user_prompt') ?? s.user_prompt;
    v.instructions = optString(body, 'instructions') ?? null;
    v.chain_poll_template = optObject(body, 'chain_poll_template') ?? null;
    return { body: pushVersion(sim, s, v) };
  });

  add('create_preset_scorer_version_scorers__scorer_id__version_preset_post', (ctx) => {
    const s = getScorer(sim, ctx.params['scorer_id']);
    if (s.scorer_type !== 'preset') throw badRequest(`Scorer ${s.id} is of type ${s.scorer_type}, not preset`);
    return { body: pushVersion(sim, s, newVersion(sim, s, 'preset', objectBody(ctx, true))) };
  });

  add('create_luna_scorer_version_scorers__scorer_id__version_luna_post', (ctx) => {
    const s = getScorer(sim, ctx.params['scorer_id']);
    if (s.scorer_type !== 'luna') throw badRequest(`Scorer ${s.id} is of type ${s.scorer_type}, not luna`);
    return { body: pushVersion(sim, s, newVersion(sim, s, 'luna', objectBody(ctx, true))) };
  });

  add('create_code_scorer_version_scorers__scorer_id__version_code_post', async (ctx) => {
    const s = getScorer(sim, ctx.params['scorer_id']);
    if (s.scorer_type !== 'code') throw badRequest(`Scorer ${s.id} is of type ${s.scorer_type}, not code`);
    const form = await readForm(ctx);
    const file = form.files.get('file');
    if (file === undefined) throw missing(['body', 'file']);
    const rawResult = form.fields.get('validation_result');
    if (rawResult === undefined) throw missing(['body', 'validation_result']);
    const declared = parseValidationResult(rawResult);
    const check = checkScorerCode(file.text);
    const nodes = formStringList(form.fields.get('scoreable_node_types')) ?? s.scoreable_node_types;
    const v = newVersion(sim, s, 'code', { scoreable_node_types: nodes });
    v.code = file.text;
    v.score_type = check.ok ? check.scoreType : declared.score_type;
    v.code_valid = check.ok;
    return { body: pushVersion(sim, s, v) };
  });

  add('get_scorer_version_or_latest_scorers__scorer_id__version_get', (ctx) => {
    const s = getScorer(sim, ctx.params['scorer_id']);
    return { body: scorerVersionView(s, pickVersion(s, ctx.query.get('version'))) };
  });

  add('list_all_versions_for_scorer_scorers__scorer_id__versions_get', (ctx) => {
    const s = getScorer(sim, ctx.params['scorer_id']);
    const { items, envelope } = paginate(s.versions, pageFromQuery(ctx));
    return { body: { ...envelope, versions: items.map((v) => scorerVersionView(s, v)) } };
  });

  add('get_scorer_version_code_scorers__scorer_id__version_code_get', (ctx) => {
    const s = getScorer(sim, ctx.params['scorer_id']);
    const v = pickVersion(s, ctx.query.get('version'));
    if (v.code === null) throw notFound(`Code for scorer ${s.id} version`, String(v.version));
    // [SPEC] 200 is application/json (schema `{}`): the source as a JSON string, whatever the client accepts
    return { body: v.code };
  });

  add('restore_scorer_version_scorers__scorer_id__versions__version_number__restore_post', (ctx) => {
    const s = getScorer(sim, ctx.params['scorer_id']);
    const old = pickVersion(s, ctx.params['version_number'] ?? null);
    const copy: ScorerVersionRec = { ...old, id: store.uuid(), version: nextVersion(s), created_at: store.nowIso() };
    return { body: pushVersion(sim, s, copy) };
  });

  add('validate_code_scorer_scorers_code_validate_post', async (ctx) => {
    const form = await readForm(ctx);
    const file = form.files.get('file');
    if (file === undefined) throw missing(['body', 'file']);
    const nodes = formStringList(form.fields.get('scoreable_node_types')) ?? ['llm'];
    const check = checkScorerCode(file.text);
    const result = check.ok
      ? {
        result: {
          result_type: 'valid', score_type: check.scoreType, scoreable_node_types: nodes, include_llm_credentials: false,
          chain_aggregation: null, test_scores: nodes.map((n) => ({ node_type: n, score: testScore(check.scoreType, file.text, n) })),
        },
      }
      : { result: { result_type: 'invalid', error_message: check.message } };
    const id = store.uuid();
    store.tasks.set(id, { id, created_ms: Date.now(), created_at: store.nowIso(), result });
    return { body: { task_id: id } };
  });

  add('get_validate_code_scorer_task_result_scorers_code_validate__task_id__get', (ctx) => {
    const id = ctx.params['task_id'] ?? '';
    const t = store.tasks.get(id);
    if (t === undefined) throw notFound('Task', id);
    const elapsed = Date.now() - t.created_ms;
    // a task does not always pass through `started` (a worker may pick it up and finish between two polls): invalid
    // code fails fast, and half of the other tasks (seeded, per task) go straight from pending to completed
    const inner = t.result['result'] as { result_type?: unknown } | undefined;
    const skipsStarted = inner?.result_type !== 'valid' || hashUnit(String(store.seed), 'validation', t.id) < 0.5;
    const status = elapsed < sim.jobStepMs ? 'pending' : !skipsStarted && elapsed < 2 * sim.jobStepMs ? 'started' : 'completed';
    return { body: { id: t.id, created_at: t.created_at, updated_at: t.created_at, status, result: status === 'completed' ? t.result : null } };
  });
};

function nextVersion(s: ScorerRec): number {
  return (latestVersion(s)?.version ?? 0) + 1;
}

function newVersion(sim: Sim, s: ScorerRec, kind: ScorerVersionRec['kind'], body: Body): ScorerVersionRec {
  const d = s.defaults ?? {};
  const llmish = kind === 'llm' || (kind === 'preset' && s.model_type === 'llm');
  return {
    id: sim.store.uuid(), version: nextVersion(s), kind, created_at: sim.store.nowIso(),
    model_name: optString(body, 'model_name') ?? (typeof d['model_name'] === 'string' ? d['model_name'] : llmish ? 'gpt-4.1-mini' : null),
    num_judges: optInt(body, 'num_judges') ?? (typeof d['num_judges'] === 'number' ? d['num_judges'] : llmish ? 3 : null),
    cot_enabled: optBool(body, 'cot_enabled') ?? (typeof d['cot_enabled'] === 'boolean' ? d['cot_enabled'] : llmish ? false : null),
    scoreable_node_types: optStringArray(body, 'scoreable_node_types') ?? s.scoreable_node_types,
    input_type: optString(body, 'input_type') ?? null,
    user_prompt: null, instructions: null, chain_poll_template: null, code: null, score_type: null, code_valid: true,
  };
}

function pushVersion(sim: Sim, s: ScorerRec, v: ScorerVersionRec): Record<string, unknown> {
  s.versions.push(v);
  sim.store.scorerVersionOwner.set(v.id, s.id);
  s.updated_at = v.created_at;
  return scorerVersionView(s, v);
}

function pickVersion(s: ScorerRec, raw: string | null): ScorerVersionRec {
  if (raw === null || raw === '') {
    const latest = latestVersion(s);
    if (latest === undefined) throw notFound(`Version for scorer ${s.id}`);
    return latest;
  }
  const n = Number(raw);
  if (!Number.isInteger(n)) throw invalid(['query', 'version'], 'Input should be a valid integer', 'int_parsing', raw);
  const v = s.versions.find((x) => x.version === n);
  if (v === undefined) throw notFound(`Version ${n} of scorer`, s.id);
  return v;
}

/** `validation_result` = JSON text of the poll's top-level `result` (`{"result": {...}}`) [GUIDE]. */
function parseValidationResult(raw: string): { score_type: string | null } {
  let v: unknown;
  try {
    v = JSON.parse(raw);
  } catch {
    throw invalid(['body', 'validation_result'], 'validation_result must be JSON text', 'json_invalid', raw);
  }
  const inner = (v as { result?: { result_type?: unknown; score_type?: unknown } } | null)?.result;
  if (inner === undefined || inner === null || typeof inner !== 'object') {
    throw invalid(['body', 'validation_result'], 'validation_result must be the object under the poll\'s "result" key: {"result": {...}}', 'value_error', raw);
  }
  if (inner.result_type !== 'valid') {
    throw new SimHttpError(400, { detail: 'validation_result does not describe a valid scorer; fix the code and validate again' });
  }
  return { score_type: typeof inner.score_type === 'string' ? inner.score_type : null };
}

function testScore(scoreType: string, code: string, node: string): string | number | boolean {
  const u = hashUnit('test', code, node);
  switch (scoreType) {
    case 'bool': return u < 0.5;
    case 'int': return Math.floor(u * 10);
    case 'str': return `label_${Math.floor(u * 3)}`;
    default: return Math.round(u * 1000) / 1000;
  }
}
