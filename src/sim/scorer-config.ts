import { notFound } from './http-error.js';
import { OUTPUT_TYPES, SCORER_TYPES } from './routes/scorers.js';
import { isUuid } from './prng.js';
import type { Sim } from './sim-context.js';
import type { Obj } from './types.js';
import { checkList, enumField, isObj, Problems, quoted, typed, type Loc } from './validation.js';

/**
 * `ScorerConfig[]` and `SegmentFilter[]` [SPEC] validated field by field, every problem at once (FastAPI's 422):
 * per-scorer model / judges / chain-of-thought overrides, filters, node types, output and input types, a pinned
 * `scorer_version`, and the run's segment filters (sample rate, filter). Unknown fields are kept as sent.
 */

const MODEL_TYPES = ['slm', 'llm', 'code'] as const;
const INPUT_TYPES = ['basic', 'llm_spans', 'retriever_spans', 'sessions_normalized', 'sessions_trace_io_only', 'tool_spans', 'trace_input_only', 'trace_io_only', 'trace_normalized', 'trace_output_only', 'agent_spans', 'workflow_spans'] as const;
const ROLL_UPS = ['average', 'sum', 'max', 'min', 'category_count', 'percentage_true', 'percentage_false'] as const;
const CAPABILITIES = ['vision', 'audio'] as const;
/** the filter union's discriminator (`name`) → its operators [SPEC NodeNameFilter, MetadataFilter, ModalityFilter] */
const FILTER_OPERATORS: Record<string, readonly string[]> = {
  node_name: ['eq', 'ne', 'contains', 'one_of', 'not_in'],
  metadata: ['one_of', 'not_in', 'eq', 'ne'],
  modality: ['eq', 'ne', 'one_of', 'not_in'],
};
/** choice: 1..10 judges, the bound the spec puts on every preset scorer's `num_judges` (ScorerConfig has none) */
const MAX_JUDGES = 10;

/** One scorer filter / segment filter (`NodeNameFilter | MetadataFilter | ModalityFilter`, discriminated by `name`). */
function checkFilter(p: Problems, f: unknown, loc: Loc): void {
  if (!isObj(f)) return p.add(loc, 'Input should be a valid dictionary', 'dict_type', f);
  const name = f['name'] ?? 'node_name';
  const operators = FILTER_OPERATORS[String(name)];
  if (operators === undefined) return p.add([...loc, 'name'], `Input tag '${String(name)}' found using 'name' does not match any of the expected tags: ${quoted(Object.keys(FILTER_OPERATORS))}`, 'union_tag_invalid', name);
  const at = [...loc, String(name)];
  if (f['operator'] === undefined) p.add([...at, 'operator'], 'Field required', 'missing');
  else enumField(p, f, 'operator', operators, at);
  const v = f['value'];
  if (v === undefined) p.add([...at, 'value'], 'Field required', 'missing');
  else if (typeof v !== 'string' && !(Array.isArray(v) && v.every((x) => typeof x === 'string'))) p.add([...at, 'value'], 'Input should be a valid string or a list of strings', 'string_type', v);
  if (name === 'metadata') {
    if (f['key'] === undefined) p.add([...at, 'key'], 'Field required', 'missing');
    else typed(p, f, 'key', 'string', at);
  }
  if (name === 'node_name') typed(p, f, 'case_sensitive', 'boolean', at);
}

function checkScorerConfig(p: Problems, c: unknown, loc: Loc): void {
  if (!isObj(c)) return p.add(loc, 'Input should be a valid dictionary', 'dict_type', c);
  if (c['id'] === undefined) p.add([...loc, 'id'], 'Field required', 'missing');
  else if (!isUuid(c['id'])) p.add([...loc, 'id'], 'Input should be a valid UUID', 'uuid_parsing', c['id']);
  if (c['scorer_type'] === undefined) p.add([...loc, 'scorer_type'], 'Field required', 'missing');
  else if (c['scorer_type'] === null) p.add([...loc, 'scorer_type'], `Input should be ${quoted(SCORER_TYPES)}`, 'enum', null);
  else enumField(p, c, 'scorer_type', SCORER_TYPES, loc);
  for (const f of ['name', 'model_name', 'score_type']) typed(p, c, f, 'string', loc);
  typed(p, c, 'cot_enabled', 'boolean', loc);
  typed(p, c, 'scoreable_node_types', 'strings', loc);
  typed(p, c, 'num_judges', 'integer', loc);
  const judges = c['num_judges'];
  if (Number.isInteger(judges) && ((judges as number) < 1 || (judges as number) > MAX_JUDGES)) {
    p.add([...loc, 'num_judges'], (judges as number) < 1 ? 'Input should be greater than or equal to 1' : `Input should be less than or equal to ${MAX_JUDGES}`, (judges as number) < 1 ? 'greater_than_equal' : 'less_than_equal', judges);
  }
  enumField(p, c, 'output_type', OUTPUT_TYPES, loc);
  enumField(p, c, 'input_type', INPUT_TYPES, loc);
  enumField(p, c, 'model_type', MODEL_TYPES, loc);
  enumField(p, c, 'roll_up_method', ROLL_UPS, loc);
  checkList(p, c['multimodal_capabilities'], [...loc, 'multimodal_capabilities'], (v, at) => {
    if (!CAPABILITIES.includes(v as never)) p.add(at, `Input should be ${quoted(CAPABILITIES)}`, 'enum', v);
  });
  checkList(p, c['filters'], [...loc, 'filters'], (f, at) => checkFilter(p, f, at));
  const pinned = c['scorer_version'];
  if (pinned !== undefined && pinned !== null) {
    const at = [...loc, 'scorer_version'];
    if (!isObj(pinned)) p.add(at, 'Input should be a valid dictionary', 'dict_type', pinned);
    else {
      // BaseScorerVersionDB requires id, version, scorer_id [SPEC]
      for (const f of ['id', 'scorer_id']) {
        if (pinned[f] === undefined) p.add([...at, f], 'Field required', 'missing');
        else if (!isUuid(pinned[f])) p.add([...at, f], 'Input should be a valid UUID', 'uuid_parsing', pinned[f]);
      }
      if (pinned['version'] === undefined) p.add([...at, 'version'], 'Field required', 'missing');
      else typed(p, pinned, 'version', 'integer', at);
      if (isUuid(pinned['scorer_id']) && isUuid(c['id']) && String(pinned['scorer_id']).toLowerCase() !== String(c['id']).toLowerCase()) {
        p.add([...at, 'scorer_id'], `scorer_version.scorer_id (${String(pinned['scorer_id'])}) is not the scorer's id (${String(c['id'])})`, 'value_error', pinned['scorer_id']);
      }
    }
  }
}

/** Validates `ScorerConfig[]`; null or absent is `[]`. */
export function parseScorerConfigs(raw: unknown, loc: Loc): Obj[] {
  const p = new Problems();
  checkList(p, raw, loc, (c, at) => checkScorerConfig(p, c, at));
  p.throwIfAny();
  return Array.isArray(raw) ? raw.map((c) => ({ ...(c as Obj) })) : [];
}

/**
 * Validates `SegmentFilter[] | null`, defaults filled in (`filter` null, `llm_scorers` / `multimodal_scorers` false;
 * a filter's `name` node_name and a node-name filter's `case_sensitive` true).
 */
export function parseSegmentFilters(raw: unknown, loc: Loc): Obj[] | null {
  const p = new Problems();
  checkList(p, raw, loc, (s, at) => {
    if (!isObj(s)) return p.add(at, 'Input should be a valid dictionary', 'dict_type', s);
    const rate = s['sample_rate'];
    if (rate === undefined) p.add([...at, 'sample_rate'], 'Field required', 'missing');
    else if (typeof rate !== 'number') p.add([...at, 'sample_rate'], 'Input should be a valid number', 'float_type', rate);
    else if (rate < 0) p.add([...at, 'sample_rate'], 'Input should be greater than or equal to 0', 'greater_than_equal', rate);
    else if (rate > 1) p.add([...at, 'sample_rate'], 'Input should be less than or equal to 1', 'less_than_equal', rate);
    typed(p, s, 'llm_scorers', 'boolean', at);
    typed(p, s, 'multimodal_scorers', 'boolean', at);
    if (s['filter'] !== undefined && s['filter'] !== null) checkFilter(p, s['filter'], [...at, 'filter']);
  });
  p.throwIfAny();
  if (!Array.isArray(raw)) return null;
  return raw.map((s) => {
    const f = (s as Obj)['filter'];
    // the filter's own defaults too, as pydantic's read-back has them: `name` node_name, a node-name filter's case_sensitive true
    const filter = isObj(f) ? withFilterDefaults(f) : null;
    return { llm_scorers: false, multimodal_scorers: false, ...(s as Obj), filter };
  });
}

function withFilterDefaults(f: Obj): Obj {
  const name = f['name'] ?? 'node_name';
  return name === 'node_name' ? { name, case_sensitive: true, ...f } : { name, ...f };
}

/** A pinned `scorer_version` must be a version of that scorer (id and number) → 404 otherwise. */
export function checkPinnedVersions(sim: Sim, configs: Obj[]): void {
  for (const c of configs) {
    const pinned = c['scorer_version'];
    const s = sim.store.scorers.get(String(c['id']));
    if (!isObj(pinned) || s === undefined) continue;
    const v = s.versions.find((x) => x.id === String(pinned['id']).toLowerCase());
    if (v === undefined || v.version !== pinned['version']) throw notFound(`Version ${String(pinned['version'])} (${String(pinned['id'])}) of scorer`, s.id);
  }
}
