import type { RunInputs, RunnerInputsHash, RunnerSettings } from './run-inputs.js';

/**
 * The desired state: what a valid manifest resolves to after loading, interpolation, file reading and
 * validation. Every resource is flat, carries its address, and has its files already read, so `plan/`
 * never touches the disk. Optional fields left `undefined` are unmanaged: the planner does not compare them.
 */
import type { KindMap, StepKind } from './kind-map.js';

/** Where something was written in the manifest (1-based line and column). */
export interface SourceLocation {
  file: string;
  line: number;
  col: number;
}

/** A manifest resource's kind (a plan step's kind but a run's scorer settings and traces). */
export type Kind = DesiredResource['kind'];

/** A scorer named in an experiment or log stream: a Galileo preset (`preset:correctness`) or a manifest scorer key. */
export type ScorerRef = { type: 'preset'; name: string } | { type: 'custom'; key: string };

/**
 * A run's own settings of one scorer (`scorer_overrides`), over the scorer's: Galileo `ScorerConfig` fields of the
 * run's scorer settings. Each field left out is the scorer's own (its latest version, its model and judges).
 */
export interface ScorerOverride {
  /** `scorer_version`: the version the run scores with (pinned), instead of the latest */
  version?: number;
  /** `model_name` */
  model?: string;
  /** `num_judges` */
  judges?: number;
  /** `cot_enabled` */
  chainOfThought?: boolean;
}

/** One segment filter of a run's `sampling` (Galileo `SegmentFilter`, snake_case, defaults filled in). */
export type SegmentFilter = Record<string, unknown>;

/** The run scorer settings beyond the list (issue 23); each absent one is unmanaged: not compared, not sent. */
export interface RunScorerSettings {
  /** scorer reference as written in the run's list (`response-quality`, `preset:correctness`) → its overrides */
  scorerOverrides?: Record<string, ScorerOverride>;
  /** `segment_filters`: which share of which traces is scored (`[]`: every trace) */
  sampling?: SegmentFilter[];
}

/** A chat message, for templates given as a message list. */
export interface ChatMessage {
  role: string;
  content: string;
}

/** Galileo `PromptRunSettings` as written in the manifest (snake_case, passed through). */
export type PromptSettings = Record<string, unknown>;

/** One dataset row: column → value. CSV values are strings; JSON/JSONL values keep their JSON type. */
export type DatasetRow = Record<string, unknown>;

/** A threshold on one scorer of an experiment, e.g. `{ average: ">= 0.8" }`. Each value is `<op> <number>`. */
export interface Threshold {
  average?: string;
  share_true?: string;
  min?: string;
  max?: string;
  /** categorical: category → `<op> <count>` */
  categories?: Record<string, string>;
  /** regression gate: largest allowed drop of the average / share of true from the baseline run */
  max_drop?: number;
  /** regression gate: most rows allowed to regress from the baseline run */
  max_regressed_rows?: number;
}

/** A JSONL trace file attached to an experiment or a log stream. */
export interface TraceSource {
  /** absolute path */
  file: string;
  loc: SourceLocation;
  /** its good records, when the manifest loader counted them (plan needs no more for a run that does not exist yet) */
  records?: number;
  /** sha256 of the file's good records (each as canonical JSON), when the loader read it: a run's input */
  contentHash?: string;
}

export interface DesiredBase {
  /** manifest key (local name) */
  key: string;
  /** e.g. `scorer.response-quality`, `project.demo.experiment.nightly` */
  address: string;
  /** remote name (the `name:` field, else the key) */
  name: string;
  loc: SourceLocation;
  /** refuse delete/replace even with --prune / --allow-replace */
  protect: boolean;
  /** take over a same-named resource galctl did not create */
  adopt: boolean;
}

export interface DesiredProject extends DesiredBase {
  kind: 'project';
  description?: string;
  labels?: string[];
}

interface DesiredScorerBase extends DesiredBase {
  kind: 'scorer';
  description?: string;
  tags?: string[];
  /** Galileo `scoreable_node_types` */
  nodeTypes: string[];
  /** `scope:` who may use it (`PUT /scorers/{id}/scope`): global, or the projects of these keys; undefined: left alone */
  scope?: ScorerScope;
}

/** A scorer's access scope: global, or some projects (manifest keys in the desired resource, names in its state). */
export interface ScorerScope {
  global: boolean;
  projects: string[];
}

export interface DesiredLlmScorer extends DesiredScorerBase {
  scorerType: 'llm';
  /** Galileo `output_type`, set on the shell at creation */
  outputType: string;
  inputType?: string;
  /** `user_prompt` of the version, single-brace placeholders */
  prompt: string;
  /** `model_name` (Galileo model alias) */
  model?: string;
  /** `num_judges` */
  judges?: number;
  /** `cot_enabled` */
  chainOfThought?: boolean;
}

export interface DesiredCodeScorer extends DesiredScorerBase {
  scorerType: 'code';
  /** absolute path of the Python file */
  file: string;
  /** file contents */
  code: string;
}

export type DesiredScorer = DesiredLlmScorer | DesiredCodeScorer;

export interface DesiredDataset extends DesiredBase {
  kind: 'dataset';
  /** upload format (`?format=`) */
  format: 'csv' | 'jsonl' | 'json';
  /** absolute path when rows come from a file */
  file?: string;
  /** column names in order */
  columns: string[];
  rows: DatasetRow[];
  /** sha256 of the canonical rows (see plan/content-hash.ts); galctl stores it as the dataset version name */
  contentHash: string;
}

export interface DesiredTemplate extends DesiredBase {
  kind: 'template';
  /** project key */
  project: string;
  /** Mustache text, or a message list */
  template: string | ChatMessage[];
  settings?: PromptSettings;
}

export interface DesiredLogStream extends DesiredBase, RunScorerSettings {
  kind: 'log_stream';
  project: string;
  scorers: ScorerRef[];
  traces?: TraceSource;
}

export interface DesiredExperiment extends DesiredBase, RunScorerSettings {
  kind: 'experiment';
  project: string;
  /** dataset key (flows A and B) */
  dataset?: string;
  /** `dataset: {name, version}`: the dataset version the run reads, and where the manifest says so */
  datasetVersion?: { version: number; loc: SourceLocation };
  /** template key (flow A) */
  template?: string;
  /** `template: {global: key}`: a key under `global_templates:` (flow A with an org-wide template) */
  globalTemplate?: string;
  /** `prompt_settings` sent at creation (flow A) */
  promptSettings?: PromptSettings;
  scorers: ScorerRef[];
  /** start generation and scoring at creation (default true when a dataset is given) */
  trigger: boolean;
  /** scorer reference as written (`response-quality`, `preset:correctness`) → threshold */
  thresholds: Record<string, Threshold>;
  traces?: TraceSource;
  /**
   * The run the experiment stands for now (issue 17): set on the plan's experiment step once the desired state is
   * complete (src/runs/desired-run.ts); `name` is its Galileo name, `runName(name, fingerprint)`; `experiment` the
   * experiment's own name (the step's resource carries the run's as `name`).
   */
  run?: { name: string; fingerprint: string; inputs: RunInputs; experiment: string };
  /** `keep_runs`: the stack keeps this many runs of the experiment (the current one included), deleting older ones */
  keepRuns?: number;
  /**
   * `runner:` (issue 19): the application galctl calls once per dataset row; `dir` is the manifest's directory (the
   * command's cwd, the base of the input globs); `inputs` the hashed input files (set when the manifest is complete)
   */
  runner?: { settings: RunnerSettings; dir: string; inputs?: RunnerInputsHash };
  /** `tags`: declared run tags, key → value, written beside galctl's own run tags */
  tags?: Record<string, string>;
}

/** Any manifest resource: each kind's, as its entry of the kind map says (src/core/kind-map.ts). */
export type DesiredResource = KindMap[StepKind]['resource'];

export interface Desired {
  /** absolute path of the manifest */
  file: string;
  /** all resources, projects first, in manifest order */
  resources: DesiredResource[];
  /** sha256 (hex) of the manifest's text and of it with every file it references (set by loadManifest) */
  hashes?: { manifest: string; sources: string };
  /** `stack:`, the ownership scope (docs/ownership.md); undefined: the default stack '' (no --prune) */
  stack?: string;
  /** `prune: true`: plans delete this stack's undeclared objects without --prune */
  prune?: boolean;
  /** `moved:` renames, old address → new address */
  moved?: { from: string; to: string }[];
}
