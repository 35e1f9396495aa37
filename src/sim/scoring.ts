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

const CATEGORIES = ['positive', 'neutral', 'negative'];

/** A deterministic fake score for (scorer, trace), seeded: the same run gives the same numbers. */
export function fakeScore(seed: number, scorerId: string, traceId: string, outputType: string): string | number | boolean {
  const u = hashUnit(String(seed), scorerId, traceId);
  switch (outputType) {
    case 'percentage': return Math.round((0.4 + 0.6 * u) * 1000) / 1000;
    case 'count':
    case 'discrete': return Math.floor(u * 6);
    case 'categorical': return CATEGORIES[Math.floor(u * CATEGORIES.length)] as string;
    case 'freeform': return `simulated ${hashHex(String(seed), scorerId, traceId)}`;
    default: return u < 0.75;
  }
}

/** A `MetricSuccess` entry for `metric_info` [SPEC]; LLM-judged scorers get the judge fields [GUIDE]. */
export function metricSuccess(s: ScorerRec, v: ScorerVersionRec | undefined, value: string | number | boolean, traceId: string): Obj {
  const judged = s.scorer_type === 'llm' || (s.scorer_type === 'preset' && s.model_type === 'llm');
  if (!judged) return { status_type: 'success', scorer_type: s.model_type === 'slm' ? 'Luna' : null, value, display_value: String(value) };
  const inTok = 300 + Math.floor(hashUnit('in', s.id, traceId) * 500);
  const outTok = 40 + Math.floor(hashUnit('out', s.id, traceId) * 80);
  const pct = typeof value === 'number' ? `${(value * 100).toFixed(2)}%` : String(value);
  return {
    status_type: 'success', scorer_type: 'Plus', value, display_value: String(value),
    explanation: `The response has a ${pct} chance of fitting criteria (simulated).`,
    rationale: 'Simulated judge rationale.', cost: Math.round((inTok * 0.15 + outTok * 0.6) / 10) / 1e5,
    model_alias: v?.model_name ?? 'gpt-4.1-mini', num_judges: v?.num_judges ?? 1,
    input_tokens: inTok, output_tokens: outTok, total_tokens: inTok + outTok,
  };
}

/** Mustache-style `{{col}}` substitution with a dataset row (unknown columns render empty). */
export function renderMustache(template: string, row: Record<string, unknown>): string {
  return template.replace(/\{\{\{?\s*([\w.-]+)\s*\}?\}\}/g, (_m, key: string) => {
    const v = row[key];
    if (v === null || v === undefined) return '';
    return typeof v === 'object' ? JSON.stringify(v) : String(v);
  });
}

/** The deterministic fake LLM answer for a prompt. */
export function fakeAnswer(prompt: string, model: string): string {
  const h = hashHex('answer', model, prompt);
  const question = prompt.replace(/\s+/g, ' ').trim().slice(-80);
  return `Simulated answer (${model}, ${h}) to: ${question}`;
}
