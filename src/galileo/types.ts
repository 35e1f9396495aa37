/**
 * Galileo API bodies and responses: only the fields galctl uses, snake_case as on the wire, optional where the
 * API may omit them. Reference: /work/shared/reference/galileo-api.md (section numbers below).
 */

// ------ filters (§3.2) ------

export interface CollectionFilter {
  name: string;
  operator: 'eq' | 'ne' | 'contains' | 'one_of' | 'not_in';
  value: string | boolean | string[];
  case_sensitive?: boolean;
}

export interface SortClause {
  name: string;
  ascending?: boolean;
  sort_type?: 'column';
}

// ------ projects (§5.1) ------

export interface ProjectDB {
  id: string;
  name: string;
  type?: string;
  description?: string | null;
  labels?: string[] | null;
  created_at?: string;
  updated_at?: string;
}

export interface ProjectCreate {
  name: string;
  type?: string;
  create_example_templates?: boolean;
}

export interface ProjectUpdate {
  name?: string;
  description?: string | null;
  labels?: string[];
}

// ------ scorers (§5.2) ------

export type ScorerType = 'llm' | 'code' | 'luna' | 'preset';

export interface ScorerDefaults {
  model_name?: string | null;
  num_judges?: number | null;
  scoreable_node_types?: string[] | null;
  cot_enabled?: boolean | null;
  output_type?: string | null;
  input_type?: string | null;
}

export interface ScorerVersion {
  id: string;
  version: number;
  scorer_id?: string;
  model_name?: string | null;
  num_judges?: number | null;
  cot_enabled?: boolean | null;
  scoreable_node_types?: string[] | null;
  /** LLM versions always say "boolean" here: a placeholder, not the scorer's output type */
  output_type?: string | null;
  input_type?: string | null;
  generated_scorer?: {
    id?: string;
    name?: string;
    user_prompt?: string | null;
    instructions?: string | null;
    chain_poll_template?: { template?: string } | null;
  } | null;
  registered_scorer?: { id?: string; name?: string; score_type?: string | null } | null;
  created_at?: string;
}

export interface Scorer {
  id: string;
  name: string;
  scorer_type: ScorerType;
  tags?: string[];
  description?: string | null;
  defaults?: ScorerDefaults | null;
  scoreable_node_types?: string[] | null;
  output_type?: string | null;
  input_type?: string | null;
  user_prompt?: string | null;
  latest_version?: ScorerVersion | null;
  default_version_id?: string | null;
  /** access scope (`PUT /scorers/{id}/scope`) */
  is_global?: boolean | null;
  scope_projects?: { id: string; name: string }[] | null;
  created_at?: string;
  updated_at?: string;
}

export interface CreateScorerRequest {
  name: string;
  scorer_type: ScorerType;
  description?: string;
  tags?: string[];
  defaults?: ScorerDefaults;
  scoreable_node_types?: string[];
  output_type?: string;
  input_type?: string;
}

export type UpdateScorerRequest = Partial<Omit<CreateScorerRequest, 'scorer_type'>>;

export interface CreateLlmScorerVersionRequest {
  user_prompt?: string;
  model_name?: string;
  num_judges?: number;
  cot_enabled?: boolean;
  scoreable_node_types?: string[];
  output_type?: string;
  input_type?: string;
}

export interface ValidationTask {
  id?: string;
  status: 'pending' | 'started' | 'completed' | 'failed' | string;
  /** `{result: {result_type: 'valid'|'invalid', ...}}`, sometimes as a JSON string */
  result?: unknown;
}

// ------ datasets (§5.3) ------

export interface Dataset {
  id: string;
  name: string;
  current_version_index: number;
  num_rows?: number | null;
  column_names?: string[] | null;
  draft?: boolean;
  created_at?: string;
  updated_at?: string;
}

export interface DatasetRowRaw {
  row_id: string;
  index?: number;
  values?: unknown[];
  values_dict?: Record<string, unknown>;
  metadata?: { created_at?: string; updated_at?: string } | null;
}

export interface DatasetContentPage {
  column_names?: string[];
  rows?: DatasetRowRaw[];
  next_starting_token?: number | null;
}

export interface DatasetVersion {
  version_index: number;
  name?: string | null;
  num_rows?: number;
  column_names?: string[];
  created_at?: string;
}

export type DatasetEdit =
  | { edit_type: 'append_row' | 'prepend_row'; values: Record<string, unknown>; row_id?: string }
  | { edit_type: 'update_row'; row_id: string; values: Record<string, unknown> }
  | { edit_type: 'delete_row'; row_id: string }
  | { edit_type: 'filter_rows'; row_ids: string[] }
  | { edit_type: 'remove_column'; column_name: string }
  | { edit_type: 'rename_column'; column_name: string; new_column_name: string };

// ------ templates (§5.4) ------

export interface TemplateMessage {
  role: string;
  content: string;
  [extra: string]: unknown;
}

export interface TemplateVersion {
  id: string;
  version: number;
  /** a string, a message list, or a JSON string of a message list */
  template: string | TemplateMessage[];
  settings?: Record<string, unknown> | null;
  created_at?: string;
}

export interface Template {
  id: string;
  name: string;
  template?: string;
  selected_version?: TemplateVersion | null;
  selected_version_id?: string;
  /** every version (some responses omit it: then list them with listTemplateVersions) */
  all_versions?: TemplateVersion[];
  max_version?: number;
  total_versions?: number;
  all_available_versions?: number[];
  created_at?: string;
  updated_at?: string;
}

export interface CreateTemplateRequest {
  name: string;
  template: string | { role: string; content: string }[];
  settings?: Record<string, unknown>;
}

export interface CreateTemplateVersionRequest {
  template: string | { role: string; content: string }[];
  settings?: Record<string, unknown>;
}

// ------ runs: experiments, log streams (§5.5–5.7) ------

export interface Experiment {
  id: string;
  name: string;
  project_id?: string;
  task_type?: number;
  dataset?: { dataset_id?: string | null; version_index?: number | null; name?: string | null } | null;
  prompt?: { prompt_template_id?: string | null; version_index?: number | null; name?: string | null } | null;
  prompt_run_settings?: Record<string, unknown> | null;
  created_at?: string;
  updated_at?: string;
  /** with `include_counts=true` */
  num_traces?: number | null;
  /** run tags, grouped by tag type (`ExperimentResponse.tags`) */
  tags?: Record<string, { key: string; value: string }[]> | null;
}

export interface ExperimentCreateRequest {
  name: string;
  task_type?: number;
  dataset?: { dataset_id: string; version_index: number };
  prompt_template_version_id?: string;
  prompt_settings?: Record<string, unknown>;
  scorers?: ScorerConfig[];
  trigger?: boolean;
}

export interface LogStream {
  id: string;
  name: string;
  project_id?: string;
  created_at?: string;
  updated_at?: string;
}

export interface ScorerConfig {
  id: string;
  scorer_type: ScorerType;
  name?: string | null;
  [extra: string]: unknown;
}

export interface RunScorerSettings {
  run_id?: string;
  scorers: ScorerConfig[];
  segment_filters?: unknown[] | null;
}

export interface Job {
  id: string;
  job_name?: string;
  status: string;
  error_message?: string | null;
  request_data?: Record<string, unknown>;
  created_at?: string;
  updated_at?: string;
}

// ------ traces (§5.8) ------

export interface LogRecordFilter {
  type: 'id' | 'text' | 'number' | 'date' | 'boolean' | 'collection';
  column_id: string;
  operator: string;
  value: unknown;
}

export interface LogRecord {
  id: string;
  trace_id?: string;
  run_id?: string;
  type?: string;
  metric_info?: Record<string, unknown> | null;
  [extra: string]: unknown;
}
