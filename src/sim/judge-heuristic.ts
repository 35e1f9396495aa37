import { hashUnit } from './prng.js';

/**
 * The simulator's stand-in for an LLM judge: a deterministic heuristic over a trace's content (SPEC.md "Scores").
 * Same content and same judge → same score, in every process; an answer that contains less of the expected
 * output scores lower. O(length of the texts).
 */
export interface JudgedContent {
  input: string;
  output: string;
  /** the expected output (dataset `output` / ground truth), null when the trace has none */
  expected: string | null;
}

const WORD = /[\p{L}\p{N}]+/gu;

/** The distinct lower-case words (letters and digits) of a text. */
export function wordSet(text: string): Set<string> {
  return new Set(text.toLowerCase().match(WORD) ?? []);
}

function round3(x: number): number {
  return Math.round(x * 1000) / 1000;
}

/**
 * The judge's share in [0, 1]. With an expected output: recall (share of its distinct words found in the answer)
 * × (0.85 + 0.15 × precision), so the answer's coverage dominates and padding costs a little. Without one: a
 * length signal (full at 8 distinct words) × (0.6 + 0.4 × a hash of input and output). An empty answer is 0.
 * `nudge` (judgeNudge) moves a non-zero share by at most ±0.05.
 */
export function judgeShare(c: JudgedContent, nudge: number): number {
  const out = wordSet(c.output);
  if (out.size === 0) return 0;
  const expected = c.expected === null ? new Set<string>() : wordSet(c.expected);
  let share: number;
  if (expected.size > 0) {
    let hit = 0;
    for (const w of expected) if (out.has(w)) hit++;
    share = (hit / expected.size) * (0.85 + 0.15 * (hit / out.size));
  } else {
    share = Math.min(1, out.size / 8) * (0.6 + 0.4 * hashUnit('judge-content', c.input, c.output));
  }
  if (share === 0) return 0;
  return round3(Math.min(1, Math.max(0, share + nudge)));
}

/** The judge's nudge in [-0.05, 0.05] from what identifies it (prompt, model, judges), so a changed prompt moves scores. */
export function judgeNudge(judgeKey: string): number {
  return (hashUnit('judge-prompt', judgeKey) - 0.5) * 0.1;
}

const CATEGORIES = ['positive', 'neutral', 'negative'];

/** A judge's share as a value of the scorer's output type. */
export function shareValue(share: number, outputType: string): string | number | boolean {
  switch (outputType) {
    case 'percentage': return share;
    case 'count':
    case 'discrete': return Math.round(share * 5);
    case 'categorical': return share >= 2 / 3 ? 'positive' : share >= 1 / 3 ? 'neutral' : 'negative';
    case 'freeform': return `simulated judge: ${(share * 100).toFixed(1)}% of the expected answer found`;
    default: return share >= 0.5;
  }
}

/** A value of the output type from a stable unit draw u in [0, 1) (the hash-based paths). */
export function unitValue(u: number, outputType: string, freeformTag: string): string | number | boolean {
  switch (outputType) {
    case 'percentage': return round3(0.4 + 0.6 * u);
    case 'count':
    case 'discrete': return Math.floor(u * 6);
    case 'categorical': return CATEGORIES[Math.floor(u * CATEGORIES.length)] as string;
    case 'freeform': return `simulated ${freeformTag}`;
    default: return u < 0.75;
  }
}

/**
 * Preset scorers that detect a risk in one text (toxicity, sexism, PII, prompt injection, tone, uncertainty) rather
 * than judge the answer's quality: they are scored by a hash of that text (input or output), with the old
 * distribution; the name says which text.
 */
export function riskPresetText(presetName: string, c: JudgedContent): string | null {
  if (!/toxicity|sexist|pii|prompt_injection|tone|uncertainty/.test(presetName)) return null;
  return presetName.startsWith('input_') || presetName.startsWith('prompt_injection') ? c.input : c.output;
}
