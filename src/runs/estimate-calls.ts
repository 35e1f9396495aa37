import { PRESET_MODEL_TYPES } from '../galileo/preset-names.js';
import type { RunInputs, ScorerInput } from '../core/run-inputs.js';

/**
 * Judges of an LLM scorer whose version does not say: the spec's `GeneratedScorerConfiguration.num_judges`
 * default, the JS SDK's `createCustomLlmMetric` default, and what Galileo's LLM-judged presets run with.
 */
export const DEFAULT_JUDGES = 3;

/**
 * Whether a preset is judged by an LLM (galileo/preset-names.ts PRESET_MODEL_TYPES). A preset missing from it
 * counts as judged unless it is a Luna (small model) one: an estimate should err high rather than hide calls
 * someone pays for.
 */
function isJudgedPreset(name: string): boolean {
  const known = PRESET_MODEL_TYPES[name];
  return known === undefined ? !name.endsWith('_luna') : known === 'llm';
}

/** LLM calls one scorer makes per row: its judges when an LLM judges it, else none. */
export function judgesPerRow(scorer: ScorerInput): number {
  if (scorer.type === 'code') return 0;
  // a run's `judges` override (scorer_overrides) applies to a judged preset too
  if (scorer.type === 'preset') return isJudgedPreset(scorer.name) ? (scorer.content?.judges ?? DEFAULT_JUDGES) : 0;
  return scorer.content?.judges ?? DEFAULT_JUDGES;
}

export interface CallEstimate {
  /** rows × Σ judges of each LLM-judged scorer */
  judgeCalls: number;
  /** one generation per row when a template drives the run, else none */
  generationCalls: number;
  /** a runner experiment: one call of the application per row, else none */
  applicationCalls: number;
}

/**
 * The LLM calls a new run will make over `rowCount` rows (dataset rows, or traces for a trace experiment): one
 * judge call per row per judge of every LLM-judged scorer, plus one generation per row when a template is used,
 * or one application call per row for a runner.
 * An estimate: scorers of span node types may score more than one span per trace.
 */
export function estimateCalls(inputs: RunInputs, rowCount: number): CallEstimate {
  const judges = inputs.scorers.reduce((sum, s) => sum + judgesPerRow(s), 0);
  return { judgeCalls: rowCount * judges, generationCalls: inputs.template === undefined ? 0 : rowCount, applicationCalls: inputs.runner === undefined ? 0 : rowCount };
}
