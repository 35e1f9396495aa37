import { objectBody } from '../body.js';
import { alreadyExists, invalid, notFound } from '../http-error.js';
import { isUuid } from '../prng.js';
import type { RouteContext } from '../router.js';
import type { RouteModule } from '../sim-context.js';
import { SIM_USER } from '../store.js';
import type { Obj, StageRec } from '../types.js';
import { checkList, enumField, isObj, Problems, quoted, required, typed, type Loc } from '../validation.js';
import { getProject } from './projects.js';

const RULE_OPERATORS = ['gt', 'lt', 'gte', 'lte', 'eq', 'neq', 'contains', 'all', 'any', 'empty', 'not_empty'] as const;
const EXECUTION_STATUSES = ['triggered', 'failed', 'error', 'timeout', 'paused', 'not_triggered', 'skipped'] as const;

/**
 * Protect stages [SPEC stage]: create (`StageWithRulesets`) / get (`?stage_name` or `?stage_id`) / update (a new
 * version from `RulesetsMixin`) / pause (`PUT ?pause=`), each answering `StageDB` — which has no rulesets, so the
 * simulator reads none back either; it keeps every version's rulesets in its state for tests to audit.
 */
export const stageRoutes: RouteModule = (add, sim) => {
  const { store } = sim;
  const inProject = (projectId: string): StageRec[] => [...store.stages.values()].filter((s) => s.project_id === projectId);
  const stageOf = (ctx: RouteContext): StageRec => {
    const p = getProject(sim, ctx.params['project_id']);
    const s = store.stages.get(ctx.params['stage_id'] ?? '');
    if (s === undefined || s.project_id !== p.id) throw notFound('Stage', ctx.params['stage_id']);
    return s;
  };

  add('create_stage_projects__project_id__stages_post', (ctx) => {
    const p = getProject(sim, ctx.params['project_id']);
    const body = objectBody(ctx);
    const problems = new Problems();
    required(problems, body, 'name', ['body']);
    typed(problems, body, 'name', 'string', ['body']);
    if (required(problems, body, 'project_id', ['body']) && !isUuid(body['project_id'])) problems.add(['body', 'project_id'], 'Input should be a valid UUID', 'uuid_parsing', body['project_id']);
    typed(problems, body, 'description', 'string', ['body']);
    enumField(problems, body, 'type', ['local', 'central'], ['body']);
    typed(problems, body, 'paused', 'boolean', ['body']);
    const rulesets = checkRulesets(problems, body);
    problems.throwIfAny();
    if (String(body['project_id']).toLowerCase() !== p.id) throw invalid(['body', 'project_id'], `project_id in the body (${String(body['project_id'])}) does not match the path (${p.id})`, 'value_error', body['project_id']);
    const name = body['name'] as string;
    if (inProject(p.id).some((s) => s.name === name)) throw alreadyExists('Stage', name);
    const now = store.nowIso();
    const stage: StageRec = {
      id: store.uuid(), project_id: p.id, name, description: (body['description'] as string | null | undefined) ?? null,
      type: (body['type'] as StageRec['type'] | null | undefined) ?? 'local', paused: body['paused'] === true, created_by: SIM_USER.id,
      created_at: now, updated_at: now, rulesets: [rulesets],
    };
    store.stages.set(stage.id, stage);
    return { body: stageDb(stage) };
  });

  add('get_stage_projects__project_id__stages_get', (ctx) => {
    const p = getProject(sim, ctx.params['project_id']);
    const name = ctx.query.get('stage_name');
    const id = ctx.query.get('stage_id');
    if (name === null && id === null) throw invalid(['query', 'stage_name'], 'stage_name or stage_id is required', 'missing');
    if (id !== null && !isUuid(id)) throw invalid(['query', 'stage_id'], 'Input should be a valid UUID', 'uuid_parsing', id);
    const s = inProject(p.id).find((x) => (id === null || x.id === id.toLowerCase()) && (name === null || x.name === name));
    if (s === undefined) throw notFound('Stage', id ?? name ?? undefined);
    return { body: stageDb(s) };
  });

  add('update_stage_projects__project_id__stages__stage_id__post', (ctx) => {
    const s = stageOf(ctx);
    const problems = new Problems();
    const rulesets = checkRulesets(problems, objectBody(ctx));
    problems.throwIfAny();
    s.rulesets.push(rulesets);
    s.updated_at = store.nowIso();
    return { body: stageDb(s) };
  });

  add('pause_stage_projects__project_id__stages__stage_id__put', (ctx) => {
    const s = stageOf(ctx);
    const raw = ctx.query.get('pause');
    if (raw !== null && !['true', 'false', '1', '0'].includes(raw.toLowerCase())) throw invalid(['query', 'pause'], 'Input should be a valid boolean', 'bool_parsing', raw);
    s.paused = raw !== null && ['true', '1'].includes(raw.toLowerCase());
    s.updated_at = store.nowIso();
    return { body: stageDb(s) };
  });
};

/** `StageDB` [SPEC]: no rulesets; `version` = the number of rulesets versions. */
function stageDb(s: StageRec): Obj {
  return { name: s.name, project_id: s.project_id, description: s.description, type: s.type, paused: s.paused, created_by: s.created_by, id: s.id, version: s.rulesets.length };
}

/** `prioritized_rulesets: Ruleset[]` [SPEC Ruleset, Rule, OverrideAction, PassthroughAction, SubscriptionConfig]. */
function checkRulesets(p: Problems, body: Obj): Obj[] {
  const loc: Loc = ['body', 'prioritized_rulesets'];
  checkList(p, body['prioritized_rulesets'], loc, (rs, at) => {
    if (!isObj(rs)) return p.add(at, 'Input should be a valid dictionary', 'dict_type', rs);
    typed(p, rs, 'description', 'string', at);
    const rules = rs['rules'];
    if (Array.isArray(rules) && rules.length === 0) p.add([...at, 'rules'], 'List should have at least 1 item after validation, not 0', 'too_short', rules);
    checkList(p, rules, [...at, 'rules'], (rule, rat) => {
      if (!isObj(rule)) return p.add(rat, 'Input should be a valid dictionary', 'dict_type', rule);
      if (required(p, rule, 'metric', rat)) typed(p, rule, 'metric', 'string', rat);
      if (required(p, rule, 'operator', rat)) enumField(p, rule, 'operator', RULE_OPERATORS, rat);
      const target = rule['target_value'];
      if (target !== undefined && target !== null && typeof target !== 'string' && typeof target !== 'number' && !Array.isArray(target)) {
        p.add([...rat, 'target_value'], 'Input should be a valid string, number or list', 'string_type', target);
      } else if (target === undefined) p.add([...rat, 'target_value'], 'Field required', 'missing');
    });
    const action = rs['action'];
    if (action === undefined || action === null) return;
    if (!isObj(action)) return p.add([...at, 'action'], 'Input should be a valid dictionary', 'dict_type', action);
    const type = action['type'] ?? 'PASSTHROUGH';
    if (type !== 'OVERRIDE' && type !== 'PASSTHROUGH') {
      return p.add([...at, 'action', 'type'], `Input tag '${String(type)}' found using 'type' does not match any of the expected tags: 'OVERRIDE', 'PASSTHROUGH'`, 'union_tag_invalid', type);
    }
    const aat = [...at, 'action', type];
    if (type === 'OVERRIDE' && required(p, action, 'choices', aat)) {
      const choices = action['choices'];
      if (!Array.isArray(choices) || choices.some((c) => typeof c !== 'string')) p.add([...aat, 'choices'], 'Input should be a valid list of strings', 'list_type', choices);
      else if (choices.length === 0) p.add([...aat, 'choices'], 'List should have at least 1 item after validation, not 0', 'too_short', choices);
    }
    checkList(p, action['subscriptions'], [...aat, 'subscriptions'], (sub, sat) => {
      if (!isObj(sub)) return p.add(sat, 'Input should be a valid dictionary', 'dict_type', sub);
      if (required(p, sub, 'url', sat) && (typeof sub['url'] !== 'string' || !/^[a-z][a-z0-9+.-]*:\/\/[^\s]+$/i.test(sub['url']))) {
        p.add([...sat, 'url'], 'Input should be a valid URL', 'url_parsing', sub['url']);
      }
      checkList(p, sub['statuses'], [...sat, 'statuses'], (st, stat) => {
        if (!EXECUTION_STATUSES.includes(st as never)) p.add(stat, `Input should be ${quoted(EXECUTION_STATUSES)}`, 'enum', st);
      });
    });
  });
  return Array.isArray(body['prioritized_rulesets']) ? (body['prioritized_rulesets'] as Obj[]) : [];
}
