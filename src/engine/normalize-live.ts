/**
 * Raw Galileo objects → the canonical states of plan/types.ts, so that an unchanged resource diffs empty. Pure.
 * Each function says which server habits it undoes. The desired half lives in desired-state.ts; both share
 * canonicalTemplate and normalizeCode.
 */
import type { DatasetContent } from '../kinds/dataset/api.js';
import type { Dataset, DatasetVersion, Experiment, ProjectDB, Scorer, ScorerConfig, Template } from '../galileo/types.js';
import { canonicalTemplate } from '../kinds/template/canonical-template.js';
import { DATASET_VERSION_NAME_PREFIX } from '../core/content-hash.js';
import { normalizeCode } from '../kinds/scorer/normalize-code.js';
import { PROTECTED_DATASET_VERSION_PREFIX, withoutMarkers } from './ownership.js';
import type { ScorerOverride, SegmentFilter } from '../core/desired-types.js';
import type {
  DatasetState,
  ExperimentState,
  ProjectState,
  ScorerKey,
  ScorerSettingsState,
  ScorerState,
  TemplateState,
} from '../core/plan-types.js';
import type { LiveRefs } from '../core/kind-map.js';


export interface Normalized<S> {
  state: S;
  refs: LiveRefs;
  owned?: boolean;
  /** galctl's protection marker is on it */
  protected?: boolean;
  /** ownership details from galctl's inventory (plan/ownership.ts Ownership) */
  ownerStack?: string;
  unconfirmed?: boolean;
  fromUnnamed?: boolean;
}

const sortedSet = (xs: readonly string[] | null | undefined): string[] | null => (xs == null ? null : [...new Set(xs)].sort());

/**
 * Labels are a set. Any legacy `galctl:` label (older galctl versions marked projects with labels) is hidden.
 * Ownership comes from galctl's inventory, not from the project (plan/ownership.ts).
 */
export function normalizeProject(p: ProjectDB): Normalized<ProjectState> {
  return { state: { name: p.name, description: p.description ?? null, labels: withoutMarkers(p.labels) }, refs: {} };
}

/**
 * A scorer shell with its embedded `latest_version`. The version's `output_type` is a placeholder ("boolean" on
 * every LLM version): the scorer's output type is the shell's `output_type`, else `defaults.output_type`.
 * Node types may sit on the shell, its defaults or the version; tags are a set without galctl's tag.
 * `code` is the source read with getScorerCode (code scorers only).
 */
export function normalizeScorer(s: Scorer, code?: string): Normalized<ScorerState> {
  const v = s.latest_version ?? null;
  const d = s.defaults ?? {};
  const nodeTypes = s.scoreable_node_types ?? d.scoreable_node_types ?? v?.scoreable_node_types ?? null;
  const state: ScorerState = {
    name: s.name,
    scorerType: s.scorer_type === 'code' ? 'code' : 'llm',
    description: s.description ?? '',
    tags: withoutMarkers(s.tags),
    nodeTypes: sortedSet(nodeTypes),
    outputType: s.output_type ?? d.output_type ?? null,
    inputType: s.input_type ?? d.input_type ?? null,
    version: v?.version ?? null,
    ...(s.is_global == null ? {} : { scope: { global: s.is_global, projects: (s.scope_projects ?? []).map((p) => p.name).sort() } }),
  };
  if (s.scorer_type === 'code') {
    if (code !== undefined) state.code = normalizeCode(code);
  } else {
    const prompt = v?.generated_scorer?.user_prompt ?? s.user_prompt ?? undefined;
    if (prompt !== undefined && prompt !== null) state.prompt = prompt;
    state.model = v?.model_name ?? d.model_name ?? null;
    state.judges = v?.num_judges ?? d.num_judges ?? null;
    state.chainOfThought = v?.cot_enabled ?? d.cot_enabled ?? null;
  }
  return {
    state,
    refs: { latestVersionId: v?.id ?? null, latestVersion: v?.version ?? null, defaultVersionId: s.default_version_id ?? null },
  };
}

/** The hash galctl stored in a version name (`galctl:sha256:<hex>` or `galctl:protected:sha256:<hex>`), or null. */
export function contentHashOfVersionName(name: string | null | undefined): string | null {
  if (typeof name !== 'string') return null;
  const unprotected = name.startsWith(PROTECTED_DATASET_VERSION_PREFIX) ? `galctl:${name.slice(PROTECTED_DATASET_VERSION_PREFIX.length)}` : name;
  return unprotected.startsWith(DATASET_VERSION_NAME_PREFIX) ? unprotected.slice(DATASET_VERSION_NAME_PREFIX.length) : null;
}

/**
 * A dataset, its newest version (whose name may hold galctl's content hash) and, when they were read, its rows.
 * A stored hash counts only when that version is the current one (a rollback makes an older version current).
 * Ownership comes from galctl's inventory, not from the version name (plan/ownership.ts).
 */
export function normalizeDataset(d: Dataset, latest: DatasetVersion | undefined, content?: DatasetContent): Normalized<DatasetState> {
  const isCurrent = latest !== undefined && latest.version_index === d.current_version_index;
  const columns = content?.columns ?? d.column_names ?? [];
  const state: DatasetState = {
    name: d.name,
    columns: [...columns],
    numRows: d.num_rows ?? content?.rows.length ?? 0,
    versionIndex: d.current_version_index,
    contentHash: isCurrent ? contentHashOfVersionName(latest.name) : null,
  };
  if (content !== undefined) {
    state.rows = content.rows.map((r) => ({ rowId: r.row_id, values: rowValues(r.values_dict, r.values, content.columns) }));
  }
  return { state, refs: { datasetVersionIndex: d.current_version_index, datasetEtag: content?.etag ?? null, versionName: latest?.name ?? null } };
}

/** A dataset row's values by column, from `values_dict` or the positional `values`. */
export function rowValues(dict: Record<string, unknown> | undefined, values: unknown[] | undefined, columns: string[]): Record<string, unknown> {
  if (dict !== undefined) return { ...dict };
  return Object.fromEntries(columns.map((c, i) => [c, values?.[i] ?? null]));
}

/** PromptRunSettings keys a user can set. Others the API echoes (`known_models`, ...) are server-owned. */
export const USER_SETTINGS = [
  'model_alias', 'temperature', 'max_tokens', 'top_p', 'top_k', 'frequency_penalty', 'presence_penalty', 'n',
  'logprobs', 'top_logprobs', 'echo', 'reasoning_effort', 'verbosity', 'deployment_name', 'stop_sequences',
  'tools', 'tool_choice', 'response_format',
] as const;

/** Template settings as compared: user-settable keys only, nulls dropped, numeric strings as numbers. */
export function normalizeTemplateSettings(settings: Record<string, unknown> | null | undefined): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const key of USER_SETTINGS) {
    const v = settings?.[key];
    if (v === undefined || v === null) continue;
    out[key] = typeof v === 'string' && /^-?\d+(\.\d+)?$/.test(v) && key !== 'model_alias' && key !== 'deployment_name' ? Number(v) : v;
  }
  return out;
}

/** The defaults Galileo fills into a template version's settings (the spec's `PromptRunSettings`). */
const PROMPT_RUN_SETTINGS_DEFAULTS: Readonly<Record<string, unknown>> = {
  logprobs: true, top_logprobs: 5, echo: false, n: 1, reasoning_effort: 'medium', verbosity: 'medium', model_alias: 'gpt-5.1',
  max_tokens: 4096, top_p: 1, top_k: 40, frequency_penalty: 0, presence_penalty: 0,
};

/**
 * Normalized template settings without the values Galileo fills in by default: what an export declares, so the
 * template's text and settings (a run's inputs) read the same as the manifest that made them.
 */
export function explicitTemplateSettings(settings: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(settings).filter(([k, v]) => PROMPT_RUN_SETTINGS_DEFAULTS[k] !== v));
}

/** A template with its selected version; the text may come back as a message list or a JSON string of one. */
export function normalizeTemplate(t: Template, projectId: string): Normalized<TemplateState> {
  const sel = t.selected_version ?? null;
  return {
    state: {
      name: t.name,
      template: canonicalTemplate(sel?.template ?? t.template ?? ''),
      settings: normalizeTemplateSettings(sel?.settings),
      selectedVersion: sel?.version ?? 0,
    },
    refs: { projectId, selectedVersionId: t.selected_version_id ?? sel?.id ?? null, maxVersion: t.max_version ?? null },
  };
}

/**
 * An experiment's fixed inputs by name. The response usually names them; when it does not, the ids are mapped
 * with what the reader already listed, and an id galctl does not know stays visible as `id:<uuid>`.
 */
export function normalizeExperiment(
  e: Experiment,
  projectId: string,
  names: { datasets: ReadonlyMap<string, string>; templates: ReadonlyMap<string, string> },
): Normalized<ExperimentState> {
  const datasetId = e.dataset?.dataset_id ?? null;
  const templateId = e.prompt?.prompt_template_id ?? null;
  const name = (id: string | null, given: string | null | undefined, map: ReadonlyMap<string, string>): string | null =>
    id === null ? null : (map.get(id) ?? given ?? `id:${id}`);
  // a response without `dataset` / `prompt` says nothing about them (list responses may leave them out): they stay
  // absent, which the diff reads as unknown, never as "removed" (that would plan a replace on every run)
  return {
    state: {
      name: e.name,
      ...(e.dataset === undefined ? {} : { dataset: name(datasetId, e.dataset?.name, names.datasets) }),
      datasetVersionIndex: e.dataset?.version_index ?? null,
      ...(e.prompt === undefined ? {} : { template: name(templateId, e.prompt?.name, names.templates) }),
      templateVersion: e.prompt?.version_index ?? null,
    },
    refs: { projectId, datasetId, templateId },
  };
}

/**
 * A run's scorer list as sorted `<scorer_type>:<name>` keys, with the run's overrides of each scorer and its
 * segment filters. `keyOfId` maps scorer ids already read (custom scorers and presets); otherwise the config's own
 * name is used. Returns the ids it could not name.
 */
export function normalizeScorerSettings(
  scorers: readonly ScorerConfig[],
  keyOfId: ReadonlyMap<string, ScorerKey>,
  segmentFilters?: readonly unknown[] | null,
): { state: ScorerSettingsState; unknownIds: string[] } {
  const keys = new Set<ScorerKey>();
  const overrides: Record<ScorerKey, ScorerOverride> = {};
  const unknownIds: string[] = [];
  for (const c of scorers) {
    const key = keyOfId.get(c.id) ?? (typeof c.name === 'string' && c.name !== '' ? `${c.scorer_type}:${c.name}` : undefined);
    if (key === undefined) unknownIds.push(c.id);
    else {
      keys.add(key);
      const o = scorerOverrideOf(c);
      if (Object.keys(o).length > 0) overrides[key] = o;
    }
  }
  return { state: { scorers: [...keys].sort(), overrides, sampling: normalizeSegmentFilters(segmentFilters) }, unknownIds };
}

/** A run's overrides of one scorer, from its `ScorerConfig`: what is null or absent is the scorer's own. */
export function scorerOverrideOf(c: ScorerConfig): ScorerOverride {
  const pinned = c['scorer_version'] as { version?: unknown } | null | undefined;
  const o: ScorerOverride = {};
  if (typeof pinned?.version === 'number') o.version = pinned.version;
  if (typeof c['model_name'] === 'string') o.model = c['model_name'];
  if (typeof c['num_judges'] === 'number') o.judges = c['num_judges'];
  if (typeof c['cot_enabled'] === 'boolean') o.chainOfThought = c['cot_enabled'];
  return o;
}

/**
 * `SegmentFilter[] | null` with Galileo's defaults filled in and unknown fields dropped, so that what the manifest
 * leaves out and what the read-back fills in compare equal: `filter` null, `llm_scorers` / `multimodal_scorers`
 * false, a filter's `name` `node_name` and a node-name filter's `case_sensitive` true [SPEC SegmentFilter,
 * NodeNameFilter]. null (none) is `[]`. Order is kept: it is the order Galileo applies them in.
 */
export function normalizeSegmentFilters(list: readonly unknown[] | null | undefined): SegmentFilter[] {
  return (list ?? []).map((raw) => {
    const s = (raw ?? {}) as Record<string, unknown>;
    const f = s['filter'] as Record<string, unknown> | null | undefined;
    let filter: Record<string, unknown> | null = null;
    if (f !== null && f !== undefined && typeof f === 'object') {
      const name = f['name'] ?? 'node_name';
      filter = { name };
      for (const k of ['key', 'operator', 'value']) if (f[k] !== undefined) filter[k] = f[k];
      if (name === 'node_name') filter['case_sensitive'] = f['case_sensitive'] ?? true;
    }
    return { sample_rate: s['sample_rate'], filter, llm_scorers: s['llm_scorers'] ?? false, multimodal_scorers: s['multimodal_scorers'] ?? false };
  });
}
