import { SIM_USER } from './store.js';
import type { ProjectRec, ScorerRec, ScorerVersionRec } from './types.js';

/** LLM version responses report output_type "boolean" whatever the scorer's type [GUIDE], [SPEC GeneratedScorerConfiguration]. */
const LLM_VERSION_OUTPUT_TYPE = 'boolean';

function chainPoll(v: ScorerVersionRec): Record<string, unknown> {
  return {
    template: v.user_prompt ?? '', metric_system_prompt: null, metric_description: null, value_field_name: 'rating',
    explanation_field_name: 'explanation', metric_few_shot_examples: [], response_schema: null,
    ...(v.chain_poll_template ?? {}),
  };
}

function versionOutputType(v: ScorerVersionRec): string | null {
  return v.kind === 'llm' ? LLM_VERSION_OUTPUT_TYPE : null;
}

/** `BaseScorerVersionDB` [SPEC] — embedded as `latest_version` / `default_version` and pinned in ScorerConfig. */
export function scorerVersionDbView(s: ScorerRec, v: ScorerVersionRec): Record<string, unknown> {
  return {
    id: v.id, version: v.version, scorer_id: s.id,
    generated_scorer: v.kind === 'llm'
      ? { id: v.id, name: s.name, instructions: v.instructions, chain_poll_template: chainPoll(v), user_prompt: v.user_prompt }
      : null,
    registered_scorer: v.kind === 'code' ? { id: v.id, name: s.name, score_type: v.score_type } : null,
    finetuned_scorer: null,
    model_name: v.model_name, num_judges: v.num_judges, scoreable_node_types: v.scoreable_node_types,
    cot_enabled: v.cot_enabled, output_type: versionOutputType(v), input_type: v.input_type,
  };
}

/** `BaseScorerVersionResponse` [SPEC] — what the version endpoints answer. */
export function scorerVersionView(s: ScorerRec, v: ScorerVersionRec): Record<string, unknown> {
  const nodes = v.scoreable_node_types ?? s.scoreable_node_types;
  return {
    ...scorerVersionDbView(s, v),
    generated_scorer: v.kind === 'llm'
      ? {
        id: v.id, name: s.name, instructions: v.instructions, chain_poll_template: chainPoll(v), user_prompt: v.user_prompt,
        created_by: SIM_USER.id, created_at: v.created_at, updated_at: v.created_at, scoreable_node_types: nodes,
        scorer_configuration: {
          model_alias: v.model_name ?? 'gpt-4.1-mini', num_judges: v.num_judges ?? 3, output_type: LLM_VERSION_OUTPUT_TYPE,
          scoreable_node_types: nodes ?? [], cot_enabled: v.cot_enabled ?? false, ground_truth: s.ground_truth ?? false,
          multimodal_capabilities: null,
        },
      }
      : null,
    registered_scorer: v.kind === 'code'
      ? {
        id: v.id, name: s.name, score_type: v.score_type, created_at: v.created_at, updated_at: v.created_at,
        created_by: SIM_USER.id, data_type: dataTypeOf(v.score_type), scoreable_node_types: nodes,
      }
      : null,
    created_at: v.created_at, updated_at: v.created_at, chain_poll_template: v.kind === 'llm' ? chainPoll(v) : null,
    allowed_model: true, created_by: SIM_USER.id,
  };
}

function dataTypeOf(scoreType: string | null): string | null {
  switch (scoreType) {
    case 'float': return 'floating_point';
    case 'int': return 'integer';
    case 'bool': return 'boolean';
    case 'str': return 'text';
    default: return null;
  }
}

export function latestVersion(s: ScorerRec): ScorerVersionRec | undefined {
  return s.versions[s.versions.length - 1];
}

/** Whether a scorer is global: presets always, custom scorers once their scope says so. */
export function isGlobal(s: ScorerRec): boolean {
  return s.preset || s.scope?.is_global === true;
}

/** `ScorerResponse` [SPEC] with `latest_version` embedded; `scope_projects` names the scope's projects that exist. */
export function scorerView(s: ScorerRec, projects: ReadonlyMap<string, ProjectRec>): Record<string, unknown> {
  const scope = (s.scope?.project_ids ?? []).flatMap((id) => {
    const p = projects.get(id);
    return p === undefined ? [] : [{ id: p.id, name: p.name }];
  });
  const latest = latestVersion(s);
  const dflt = s.default_version_id === null ? undefined : s.versions.find((v) => v.id === s.default_version_id);
  return {
    id: s.id, permissions: [], name: s.name, scorer_type: s.scorer_type, defaults: s.defaults,
    latest_version: latest === undefined ? null : scorerVersionDbView(s, latest), model_type: s.model_type,
    ground_truth: s.ground_truth, default_version_id: s.default_version_id,
    default_version: dflt === undefined ? null : scorerVersionDbView(s, dflt), user_prompt: s.user_prompt,
    scoreable_node_types: s.scoreable_node_types, output_type: s.output_type, input_type: s.input_type,
    multimodal_capabilities: null, required_scorers: s.required_scorers, required_metric_ids: null, deprecated: false,
    roll_up_method: null, label: s.label, tags: s.tags, included_fields: [], description: s.description,
    created_by: s.preset ? null : SIM_USER.id, created_at: s.created_at, updated_at: s.updated_at, metric_name: s.name,
    is_global: isGlobal(s), scope_projects: scope,
  };
}
