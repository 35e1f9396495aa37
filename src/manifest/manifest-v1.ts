/**
 * The manifest as written (version 1), after interpolation and schema validation: snake_case, as in
 * schemas/galileo.schema.json. Loading resolves it into `Desired` (types.ts).
 */
import type { ChatMessage, PromptSettings, Threshold } from '../core/desired-types.js';
import type { RunnerSpec } from '../runner/resolve-runner.js';

interface Managed {
  name?: string;
  protect?: boolean;
  adopt?: boolean;
}

export interface ScorerSpec extends Managed {
  type: 'llm' | 'code';
  description?: string;
  tags?: string[];
  node_types: string[];
  output_type?: string;
  input_type?: string;
  model?: string;
  judges?: number;
  chain_of_thought?: boolean;
  prompt?: string;
  prompt_file?: string;
  file?: string;
  scope?: { global?: boolean; projects?: string[] };
}

export interface DatasetSpec extends Managed {
  file?: string;
  format?: 'csv' | 'jsonl' | 'json';
  rows?: Record<string, unknown>[];
}

export interface TemplateSpec extends Managed {
  template?: string;
  messages?: ChatMessage[];
  template_file?: string;
  settings?: PromptSettings;
}

/** `scorer_overrides` and `sampling` of a log stream or an experiment (the run's scorer settings). */
export interface RunScorerSettingsSpec {
  scorer_overrides?: Record<string, { version?: number; model?: string; judges?: number; chain_of_thought?: boolean }>;
  sampling?: Record<string, unknown>[];
}

export interface LogStreamSpec extends Managed, RunScorerSettingsSpec {
  scorers?: string[];
  traces?: string;
}

export interface ExperimentSpec extends Managed, RunScorerSettingsSpec {
  /** a dataset key, or the key and a version to pin */
  dataset?: string | { name: string; version: number };
  /** a key under this project's `templates:`, or `{global: key}` for one under `global_templates:` */
  template?: string | { global: string };
  prompt_settings?: PromptSettings;
  scorers?: string[];
  trigger?: boolean;
  thresholds?: Record<string, Threshold>;
  traces?: string;
  keep_runs?: number;
  runner?: RunnerSpec;
  tags?: Record<string, string>;
}

export interface ProjectSpec extends Managed {
  description?: string;
  labels?: string[];
  templates?: Record<string, TemplateSpec>;
  log_streams?: Record<string, LogStreamSpec>;
  experiments?: Record<string, ExperimentSpec>;
}

export interface ManifestV1 {
  version: 1;
  stack?: string;
  prune?: boolean;
  moved?: { from: string; to: string }[];
  scorers?: Record<string, ScorerSpec>;
  datasets?: Record<string, DatasetSpec>;
  projects?: Record<string, ProjectSpec>;
}

/** A plain object (map), not a list or null. */
export function isRecord(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

/** `[key, value]` of a map whose values are maps; anything else is skipped (the schema reports it). */
export function mapEntries(v: unknown): [string, Record<string, unknown>][] {
  if (!isRecord(v)) return [];
  return Object.entries(v).filter((e): e is [string, Record<string, unknown>] => isRecord(e[1]));
}

/** A string field, or undefined when absent or not a string. */
/** An experiment's dataset key, written `dataset: key` or `dataset: {name: key, version}`; its path. */
export function datasetRef(e: Record<string, unknown>): { key: string; path: string[] } | undefined {
  const d = e['dataset'];
  if (typeof d === 'string') return { key: d, path: ['dataset'] };
  return isRecord(d) && typeof d['name'] === 'string' ? { key: d['name'], path: ['dataset', 'name'] } : undefined;
}

export function str(v: Record<string, unknown>, field: string): string | undefined {
  const x = v[field];
  return typeof x === 'string' ? x : undefined;
}
