/** Records the simulator keeps. Plain JSON-able data, so the whole store can be dumped and reloaded. */

export type Json = null | boolean | number | string | Json[] | { [k: string]: Json };
export type Obj = Record<string, unknown>;

export interface ProjectRec {
  id: string;
  name: string;
  type: string;
  description: string | null;
  labels: string[];
  bookmark: boolean;
  created_at: string;
  updated_at: string;
}

export interface ScorerVersionRec {
  id: string;
  version: number;
  kind: 'llm' | 'code' | 'preset' | 'luna';
  created_at: string;
  model_name: string | null;
  num_judges: number | null;
  cot_enabled: boolean | null;
  scoreable_node_types: string[] | null;
  input_type: string | null;
  user_prompt: string | null;
  instructions: string | null;
  chain_poll_template: Obj | null;
  /** code scorers */
  code: string | null;
  score_type: string | null;
  /** whether the uploaded code passed validation */
  code_valid: boolean;
}

export interface ScorerRec {
  id: string;
  name: string;
  scorer_type: string;
  description: string;
  tags: string[];
  defaults: Obj | null;
  model_type: string | null;
  ground_truth: boolean | null;
  user_prompt: string | null;
  scoreable_node_types: string[] | null;
  output_type: string | null;
  input_type: string | null;
  required_scorers: string[] | null;
  default_version_id: string | null;
  label: string;
  versions: ScorerVersionRec[];
  created_at: string;
  updated_at: string;
  preset: boolean;
  /** access scope (`PUT /scorers/{id}/scope`); absent = not global, no projects (presets are global) */
  scope?: { is_global: boolean; project_ids: string[] };
}

export interface ValidationTaskRec {
  id: string;
  created_ms: number;
  created_at: string;
  /** the final answer (`{"result": {...}}`) once the task completes */
  result: Obj;
}

export interface DatasetRowRec {
  row_id: string;
  values: Record<string, Json>;
  created_in_version: number;
  created_at: string;
  updated_in_version: number;
  updated_at: string;
}

export interface DatasetVersionRec {
  version_index: number;
  name: string | null;
  created_at: string;
  etag: string;
  column_names: string[];
  rows: DatasetRowRec[];
  rows_added: number;
  rows_removed: number;
  rows_edited: number;
  columns_added: number;
  columns_removed: number;
  columns_renamed: number;
}

export interface DatasetRec {
  id: string;
  name: string;
  draft: boolean;
  hidden: boolean;
  created_at: string;
  updated_at: string;
  versions: DatasetVersionRec[];
  /** projects named by `project_id` at create (optional: state files written before it lack it) */
  project_ids?: string[];
}

export interface TemplateVersionRec {
  id: string;
  version: number;
  template: string | Obj[];
  settings: Obj;
  raw: boolean;
  output_type: string | null;
  created_at: string;
  updated_at: string;
}

export interface TemplateRec {
  id: string;
  name: string;
  hidden: boolean;
  project_ids: string[];
  versions: TemplateVersionRec[];
  selected_version: number;
  created_at: string;
  updated_at: string;
}

export interface JobRec {
  id: string;
  job_name: string;
  project_id: string;
  run_id: string;
  created_ms: number;
  created_at: string;
  request_data: Obj;
  /** the terminal state this job reaches: completed, or error with a message */
  outcome: 'completed' | 'error';
  error_message: string | null;
  /** traces this job scores, and with which scorer (null for a generation job) */
  trace_ids: string[];
  scorer_id: string | null;
  /** set once the job's effects (scores) were written */
  applied: boolean;
}

export interface TraceRec {
  /** the record as ingested (without spans), plus server fields */
  record: Obj;
  spans: Obj[];
  created_ms: number;
  /** scorer name → metric info */
  metric_info: Record<string, Obj>;
  metrics: Record<string, Json>;
}

export interface RunRec {
  id: string;
  kind: 'experiment' | 'log_stream';
  name: string;
  project_id: string;
  task_type: number;
  created_at: string;
  updated_at: string;
  dataset: { dataset_id: string; version_index: number } | null;
  prompt_template_version_id: string | null;
  prompt_settings: Obj | null;
  experiment_group_id: string | null;
  experiment_group_name: string | null;
  /** shared by scorer-settings and metric_settings */
  scorers: Obj[];
  segment_filters: Obj[] | null;
  traces: Map<string, TraceRec>;
  /** trace ids ingested with is_complete:false and not yet scored */
  unscored: string[];
  jobs: JobRec[];
  /** experiment tags (`RunTagDB` fields), in creation order; absent in state files written before them */
  tags?: RunTagRec[];
}

/** An experiment tag [SPEC RunTagDB]. */
export interface RunTagRec {
  id: string;
  key: string;
  value: string;
  tag_type: string;
  project_id: string;
  run_id: string;
  created_by: string;
  created_at: string;
  updated_at: string;
}

/** An LLM provider integration [SPEC IntegrationDB]; the token itself is never kept, only its fingerprint. */
export interface IntegrationRec {
  id: string;
  name: string;
  provider: string;
  created_at: string;
  updated_at: string;
  created_by: string;
  is_selected: boolean;
  is_disabled: boolean;
  /** the non-secret fields of the create body, defaults filled in */
  config: Obj;
  /** first 12 hex digits of the token's SHA-256 */
  token_sha256: string;
}

/** A Protect stage [SPEC StageDB]; `rulesets` keeps each version's `prioritized_rulesets` (never read back by the API). */
export interface StageRec {
  id: string;
  project_id: string;
  name: string;
  description: string | null;
  type: 'local' | 'central';
  paused: boolean;
  created_by: string;
  created_at: string;
  updated_at: string;
  /** index i = version i+1 */
  rulesets: Obj[][];
}

/** An annotation queue [SPEC AnnotationQueueResponse] with its templates and collaborators. */
export interface AnnotationQueueRec {
  id: string;
  name: string;
  description: string | null;
  created_at: string;
  updated_at: string;
  /** `AnnotationTemplateDB` records, in `position` order */
  templates: Obj[];
  /** `UserAnnotationQueueCollaborator` records */
  users: Obj[];
}
