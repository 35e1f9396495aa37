import { type JudgedContent, unitValue } from './judge-heuristic.js';
import { hashHex, hashUnit } from './prng.js';
import type { Obj, ScorerRec, ScorerVersionRec } from './types.js';

/** The output type a scorer's values have: scorer-level output_type first, then defaults, then the code's score_type. */
export function outputTypeOf(s: ScorerRec, v: ScorerVersionRec | undefined): string {
  const d = s.defaults?.['output_type'];
  if (s.output_type !== null) return s.output_type;
  if (typeof d === 'string') return d;
  if (s.scorer_type === 'code') {
    switch (v?.score_type) {
      case 'bool': return 'boolean';
      case 'int': return 'count';
      case 'str': return 'categorical';
      default: return 'percentage';
    }
  }
  return 'boolean';
}

/** The content-blind fallback: a deterministic score per (seed, scorer, trace), for scorers nothing else applies to. */
export function fakeScore(seed: number, scorerId: string, traceId: string, outputType: string): string | number | boolean {
  return unitValue(hashUnit(String(seed), scorerId, traceId), outputType, hashHex(String(seed), scorerId, traceId));
}

/** Whether an LLM judges this scorer's scores (custom llm scorers, llm presets): they carry the judge fields [GUIDE]. */
export function isJudged(s: ScorerRec): boolean {
  return s.scorer_type === 'llm' || (s.scorer_type === 'preset' && s.model_type === 'llm');
}

/**
 * A `MetricSuccess` entry for `metric_info` [SPEC]; LLM-judged scorers get the judge fields [GUIDE], with token
 * counts from the content's length (about 4 characters a token) so that they too are the same for the same content.
 */
export function metricSuccess(s: ScorerRec, v: ScorerVersionRec | undefined, value: string | number | boolean, content: JudgedContent): Obj {
  if (!isJudged(s)) return { status_type: 'success', scorer_type: s.model_type === 'slm' ? 'Luna' : null, value, display_value: String(value) };
  const chars = content.input.length + content.output.length + (content.expected?.length ?? 0) + (v?.user_prompt?.length ?? 0);
  const inTok = 120 + Math.ceil(chars / 4);
  const outTok = 40 + Math.floor(hashUnit('out', content.input, content.output) * 80);
  const pct = typeof value === 'number' ? `${(value * 100).toFixed(2)}%` : String(value);
  const basis = content.expected !== null && content.expected.trim() !== ''
    ? "how much of the expected output's words the response contains" : "the response's length and content";
  return {
    status_type: 'success', scorer_type: 'Plus', value, display_value: String(value),
    explanation: `Simulated judge: ${pct}, scored by ${basis}.`,
    rationale: 'Simulated judge rationale.', cost: Math.round((inTok * 0.15 + outTok * 0.6) / 10) / 1e5,
    model_alias: v?.model_name ?? 'gpt-4.1-mini', num_judges: v?.num_judges ?? 1,
    input_tokens: inTok, output_tokens: outTok, total_tokens: inTok + outTok,
  };
}

/** A `MetricError` entry [SPEC]: the scorer ran on this trace and failed (a code scorer raised, timed out, …). */
export function metricError(message: string): Obj {
  return { status_type: 'error', scorer_type: null, metric_key_alias: null, message, ems_error_code: null, standard_error: null };
}

/** Mustache-style `{{col}}` substitution with a dataset row (unknown columns render empty). */
export function renderMustache(template: string, row: Record<string, unknown>): string {
  return template.replace(/\{\{\{?\s*([\w.-]+)\s*\}?\}\}/g, (_m, key: string) => {
    const v = row[key];
    if (v === null || v === undefined) return '';
    return typeof v === 'object' ? JSON.stringify(v) : String(v);
  });
}
