/**
 * What one experiment run consumes, as plain data. Deliberately not galctl's Desired* types (they are being
 * restructured): the caller (plan) fills this from the desired state and the live state it read. Everything here
 * is known at plan time, before apply creates anything: versions are for display only and never move the
 * fingerprint (see fingerprint-inputs.ts).
 */

/** One dataset row: column → value (CSV strings, JSON values). */
export type InputRow = Record<string, unknown>;

export interface DatasetInput {
  /** Galileo name of the dataset */
  name: string;
  /** sha256 of the dataset's content (plan/content-hash.ts hashDatasetContent); ignored when a version is pinned */
  contentHash?: string;
  /** a version pinned in the manifest: the run reads that version, whatever the dataset's content is now */
  pinnedVersion?: number;
  /** the Galileo version index the run will read (display only: `v4 → v5`) */
  version?: number;
  /** the rows, for row counts in reasons and for call estimates (not hashed: contentHash stands for them) */
  rows?: { columns: string[]; rows: InputRow[] };
}

export interface TemplateInput {
  /** Galileo name of the prompt template */
  name: string;
  /** Mustache text, or a message list (canonicalized with plan/canonical-template.ts) */
  text: string | readonly { role: string; content: string }[];
  /** the template's settings (model alias, temperature, …) */
  settings?: Record<string, unknown>;
  /** the template version the run will use (display only: `v1 → v2`) */
  version?: number;
}

/** The content of a custom scorer's current version; each field is one aspect a reason can name. */
export interface ScorerContent {
  prompt?: string;
  model?: string;
  judges?: number;
  chainOfThought?: boolean;
  code?: string;
  /** the version the run pins (`scorer_overrides.<ref>.version`): it stands for the prompt / code, whatever the latest is */
  pin?: number;
}

export interface ScorerInput {
  /** the reference as written in the experiment's scorer list: `helpfulness`, `preset:correctness` */
  key: string;
  type: 'llm' | 'code' | 'preset';
  /** Galileo name of the scorer */
  name: string;
  /** content of the current version (custom scorers; presets are Galileo's and have none) */
  content?: ScorerContent;
  /** Galileo version number of that content (display only) */
  version?: number;
}

export interface TraceFileInput {
  /** path as written in the manifest (display only: moving an unchanged file is no new run) */
  path: string;
  /**
   * sha256 of the file's records, canonical (e.g. stableStringify of each parsed record), not of its bytes: a
   * CRLF checkout of the same traces must not make a new run
   */
  contentHash: string;
}

/** A runner as galctl uses it (issue 19): `runner:` from the manifest, defaults filled in (src/runner/resolve-runner.ts). */
export interface RunnerSettings {
  /** program and arguments (exactly one of command and url) */
  command?: readonly string[];
  url?: string;
  /** globs of the files the answers depend on, relative to the manifest's directory */
  inputs: readonly string[];
  concurrency: number;
  timeoutMs: number;
  /** variables set for the application, over the inherited environment */
  env: Readonly<Record<string, string>>;
  /** pass GALILEO_API_KEY (and galctl's other credentials) on to the application */
  galileoKey: boolean;
}

/** One input file of a runner: its path relative to the manifest's directory (`/`-separated) and content hash. */
export interface RunnerFile {
  path: string;
  /** sha256 (hex) of the content, line endings of text files read as LF */
  hash: string;
}

/** The files a runner's `inputs:` globs match (src/runner/runner-inputs-hash.ts). */
export interface RunnerInputsHash {
  /** sha256 (hex) over every file's path and content hash, in path order */
  hash: string;
  /** the files the globs matched, sorted by path, each once */
  files: RunnerFile[];
  /** globs that matched no file (the plan warns: a typo would leave the application out of the fingerprint) */
  unmatched: string[];
}

export interface RunInputs {
  dataset?: DatasetInput;
  template?: TemplateInput;
  /** the experiment's `prompt_settings` */
  promptSettings?: Record<string, unknown>;
  /** the experiment's scorer list (a set: order does not matter) */
  scorers: readonly ScorerInput[];
  /** trace experiments: the trace file */
  traceFile?: TraceFileInput;
  /** runner experiments: how the application is called and the content of its input files */
  runner?: { settings: RunnerSettings; inputs: RunnerInputsHash };
  /** the run's `sampling` (segment filters, normalized), when it samples: fewer rows scored is another measurement */
  sampling?: readonly Record<string, unknown>[];
}
