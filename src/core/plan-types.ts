/**
 * Live state (what the reader found, normalized) and the plan (what apply will do). Both are plain,
 * serializable data. The plan's JSON form is exactly this type (snake_case where it is printed).
 */
import type { Kind, ScorerOverride, ScorerScope, SegmentFilter } from './desired-types.js';
import type { KindMap, LiveRefs, StepKind } from './kind-map.js';

/** Plan steps also cover the sub-resources of a run: its scorer settings and its trace batch (kind-map.ts). */
export type { StepKind };

/** A scorer as a run sees it: `<scorer_type>:<remote name>`, e.g. `llm:response-quality`, `preset:correctness`. */
export type ScorerKey = string;

// ---- canonical states: desired and live are both turned into these, then diffed ----

export interface ProjectState {
  name: string;
  description?: string | null;
  labels?: string[];
}

export interface ScorerState {
  name: string;
  scorerType: 'llm' | 'code';
  description?: string;
  tags?: string[];
  /** sorted */
  nodeTypes: string[] | null;
  outputType?: string | null;
  inputType?: string | null;
  /** latest version number; null when the shell has no version yet */
  version: number | null;
  prompt?: string;
  model?: string | null;
  judges?: number | null;
  chainOfThought?: boolean | null;
  /** code source, line endings normalized to \n, trailing whitespace of the file trimmed */
  code?: string;
  /** access scope, project names sorted */
  scope?: ScorerScope;
}

export interface DatasetState {
  name: string;
  columns: string[];
  numRows: number;
  /** current version index (1 = first upload) */
  versionIndex: number;
  /** hash galctl stored in the current version's name, if any */
  contentHash: string | null;
  /** rows of the current version, only when read (no stored hash settled equality) */
  rows?: { rowId: string; values: Record<string, unknown> }[];
}

export interface TemplateState {
  name: string;
  /** canonical text: a string as-is; a message list as JSON `[{"role":..,"content":..}]` */
  template: string;
  settings: Record<string, unknown>;
  selectedVersion: number;
}

export interface ScorerSettingsState {
  /** sorted */
  scorers: ScorerKey[];
  /** scorer → the run's overrides of it (no entry: none); desired: absent when the manifest leaves them unmanaged */
  overrides?: Record<ScorerKey, ScorerOverride>;
  /** the run's segment filters, normalized (`[]`: none); desired: absent when unmanaged */
  sampling?: SegmentFilter[];
}

export interface LogStreamState {
  name: string;
}

export interface ExperimentState {
  name: string;
  /** dataset remote name, null when none; absent (live) when Galileo's response left `dataset` out: unknown */
  dataset?: string | null;
  datasetVersionIndex: number | null;
  /** template remote name, null when none; absent (live) when Galileo's response left `prompt` out: unknown */
  template?: string | null;
  templateVersion: number | null;
  /** declared tags (`tags:`), key → value; live: the run's tags but galctl's own; desired: absent when none declared */
  tags?: Record<string, string>;
}

/** A run's trace file against the run: computed by src/traces, passed to buildPlan beside the live state. */
export interface TraceCounts {
  /** records in the file */
  total: number;
  /** how many of the file's trace ids already exist in the run */
  present: number;
  /** how many traces the run holds stored incomplete (`is_complete: false`: an ingest stopped before its last batch) */
  incomplete?: number;
}

/** Any kind's canonical state, as its entry of the kind map says (src/core/kind-map.ts). */
export type ResourceState = KindMap[StepKind]['state'];

/** One live object the reader found for a desired address. */
export interface LiveResource<S extends ResourceState = ResourceState> {
  address: string;
  kind: StepKind;
  /** Galileo id (uuid); for scorer settings, the run id */
  id: string;
  state: S;
  /** stable hash of the raw objects read (see plan/fingerprint.ts); a saved plan refuses to apply when it moved */
  fingerprint: string;
  /** extra ids apply needs: latest version id, selected version id, dataset etag, project id... */
  refs?: LiveRefs;
  /** galctl's ownership marker is on it (see plan/ownership.ts); absent when not read (scorer settings, traces) */
  owned?: boolean;
  /** galctl's protection marker is on it: never deleted or replaced */
  protected?: boolean;
  /** another stack owns it (galctl's inventory): never changed or adopted by this manifest */
  ownerStack?: string;
  /** owned only by an unconfirmed claim of an interrupted apply (plan/ownership.ts): the plan confirms it */
  unconfirmed?: boolean;
  /** the unnamed stack's (a manifest without stack:); with `adopt: true` the plan moves it to this stack */
  fromUnnamed?: boolean;
}

/** A resource that exists remotely in a scope the manifest manages but that no desired address names. */
export interface UnmanagedResource {
  kind: StepKind;
  name: string;
  id: string;
  project?: string;
  /** true when galctl's ownership marker is on it */
  owned: boolean;
  /** galctl's protection marker is on it: --prune leaves it */
  protected?: boolean;
  /** why --prune leaves an owned resource alone (protected, holds resources galctl did not create) */
  reason?: string;
  /** the stack that owns it, when another stack does */
  owner_stack?: string;
  /** owned by this stack and no longer declared: `--prune` (or `prune: true`) deletes it; counted as a change */
  orphan?: boolean;
  /** what deleting it loses: the traces a run holds, the experiments that use a dataset */
  caution?: string;
}

/** One row of galctl's inventory dataset (plan/ownership.ts): a stack's claim of an object. */
export interface InventoryRow {
  rowId: string;
  kind: Kind;
  /** project name; '' for org-level kinds (project, scorer, dataset) */
  project: string;
  name: string;
  protected: boolean;
  /** the stack that claims it ('' = the default stack of a manifest without `stack:`) */
  stack: string;
  /** the object's Galileo id once its create is confirmed; '' = an unconfirmed claim, which proves nothing */
  id: string;
  /** when the row was last written (Galileo's row metadata): bounds which object an unconfirmed claim may mean */
  writtenAt?: string;
  /** the manifest address the object was declared at (renames follow it) */
  address?: string;
  /** what galctl last applied that Galileo cannot read back (a stage's rulesets), as a digest */
  digest?: string;
}

/** galctl's inventory dataset as read: its id, the ETag to edit it with, its rows. */
export interface InventoryState {
  id: string;
  etag: string | null;
  rows: InventoryRow[];
}

export interface LiveState {
  /** desired address → live object; absent = does not exist */
  resources: Record<string, LiveResource>;
  /** preset scorer name → id */
  presets: Record<string, string>;
  unmanaged: UnmanagedResource[];
  /** galctl's inventory (what it owns); absent when it does not exist yet or was not read */
  inventory?: InventoryState;
  /** experiment address → its earlier runs (history: every run of it but the current one), newest first */
  runs?: Record<string, LiveRun[]>;
}

/** An earlier run of a declared experiment (issue 17): kept as history, never an orphan. */
export interface LiveRun {
  id: string;
  name: string;
  /** from its name (`<experiment> · <fingerprint>`); null for a legacy run named exactly like the experiment */
  fingerprint: string | null;
  created_at: string;
  /** the stack owns it (galctl's inventory): only such runs are pruned by keep_runs */
  owned: boolean;
  protected: boolean;
  /** its tags, flattened (`galctl:inputs` … tell what its inputs were) */
  tags: { key: string; value: string }[];
  /** the rows of the dataset version it read (the newest earlier run only): `+a −d ~c rows` in a new run's reasons */
  dataset_rows?: Record<string, unknown>[];
}

/** A new run of an experiment: why, and the LLM calls it will make (issue 17). */
export interface RunChange {
  /** the experiment's name in the manifest (the run's Galileo name is the change's `name`) */
  experiment: string;
  fingerprint: string;
  /** one line per changed input: `template x changed`, `dataset x +3 −0 ~1 rows`, `first run` */
  reasons: string[];
  /** rows (dataset rows, or trace records) and the judge and generation calls over them */
  /** `application_calls`: a runner experiment's calls of the application, one per row (issue 19) */
  estimate: { rows: number; judge_calls: number; generation_calls: number; application_calls?: number };
}

// ---- the plan ----

/**
 * - create: does not exist; will be created (with its first version)
 * - update: in-place change of fields (shell fields, scorer settings)
 * - new-version: scorer prompt/model/code, dataset rows or template text changed; a new version is added
 * - replace: cannot change in place (an experiment's dataset or template); delete + create, needs --allow-replace
 * - delete: only with --prune, only what galctl owns
 * - ingest: send N traces that are not there yet
 * - no-op: nothing to do
 */
export type Action = 'create' | 'update' | 'new-version' | 'replace' | 'delete' | 'ingest' | 'no-op';

export interface FieldChange {
  /** dotted path, e.g. `prompt`, `settings.temperature`, `node_types` */
  path: string;
  before?: unknown;
  after?: unknown;
  /** for multi-line text: a unified line diff */
  diff?: string;
  /** the value is only known after apply (e.g. the id of a scorer created in this plan) */
  known_after_apply?: boolean;
}

export interface RowChanges {
  added: number;
  removed: number;
  changed: number;
  /** a few example rows: `+ {...}` / `- {...}` / `~ {...}` */
  sample: string[];
}

export interface PlanChange {
  address: string;
  kind: StepKind;
  action: Action;
  /** remote name */
  name: string;
  /** scorers: `llm` or `code` */
  scorer_type?: 'llm' | 'code';
  /** project remote name, for project-scoped kinds */
  project?: string;
  /** live id when the object exists */
  id?: string;
  fields: FieldChange[];
  /** addresses that must be applied first */
  depends_on: string[];
  /** why, in words, for replace/delete */
  reason?: string;
  rows?: RowChanges;
  scorers?: { added: ScorerKey[]; removed: ScorerKey[] };
  /** `incomplete`: traces the run holds unscored since an interrupted ingest; the ingest's last batch completes them */
  traces?: { new: number; present: number; file: string; incomplete?: number };
  protect?: boolean;
  /** a delete that loses data: the traces a run holds, the experiments that use a dataset */
  caution?: string;
  /** experiments: the create is a new run of the experiment (its inputs' fingerprint has no run yet) */
  run?: RunChange;
}

export interface Plan {
  format_version: '1';
  /** manifest path as given */
  manifest: string;
  /** sha256 of the manifest's text: apply of a saved plan reads nothing from `manifest` until it matches */
  manifest_hash?: string;
  /** sha256 of the desired state (manifest + files); apply of a saved plan refuses a changed manifest */
  desired_hash: string;
  /** API base URL (never the key) */
  api_url: string;
  created_at: string;
  /** in dependency order (deletes last, reversed) */
  changes: PlanChange[];
  summary: Record<Action, number>;
  /** address → fingerprint of every live object read */
  fingerprints: Record<string, string>;
  unmanaged: UnmanagedResource[];
  /** set when --target limited the plan */
  targets?: string[];
  /** the stack's pull request previews older than `--preview-max-age` (galctl plan): left over, to destroy */
  preview_leftovers?: PreviewLeftover[];
  /** what the plan cannot fix but apply's result depends on (a model no integration serves); absent when none */
  warnings?: string[];
}

/** A pull request preview of the stack that nobody destroyed (its newest inventory row is older than the max age). */
export interface PreviewLeftover {
  /** the preview id (`pr-7`) */
  id: string;
  /** objects its inventory rows record */
  objects: number;
  /** when its newest row was written (ISO 8601) */
  last_written: string;
  /** the command that destroys it */
  command: string;
}
