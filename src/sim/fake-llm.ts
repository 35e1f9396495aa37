import { wordSet } from './judge-heuristic.js';
import { hashHex } from './prng.js';

/**
 * The simulator's fake LLM for Flow A experiments (SPEC.md "Scores"): a deterministic answer to a rendered prompt.
 * It is an oracle that knows the dataset row's expected output and gives away as much of it as the prompt lets it:
 * the share of the row's question words (those of 4+ characters; all words when none is) that the prompt
 * contains, as a share of the expected output's words, in order. A word limit in the prompt ("in one word",
 * "one-word", "in 3 words", "at most five words") cuts the answer to that many words. So a template that drops
 * the question, or asks for one word, answers worse — deterministically — under the judge heuristic.
 */
export interface PromptedRow {
  /** the row's question (dataset `input`) */
  question: string;
  /** the row's expected output (dataset `output`), null when the row has none */
  expected: string | null;
}

const NUMBERS: Record<string, number> = { one: 1, single: 1, two: 2, three: 3, four: 4, five: 5, six: 6, seven: 7, eight: 8, nine: 9, ten: 10 };
const LIMIT = /\b(?:(one|single)[- ]word|(\d+|one|two|three|four|five|six|seven|eight|nine|ten|a single)\s+words?\b)/i;

/** The word limit a prompt sets, or null. */
export function wordLimit(prompt: string): number | null {
  const m = LIMIT.exec(prompt);
  if (m === null) return null;
  const raw = (m[1] ?? m[2] ?? '').toLowerCase().replace(/^a single$/, 'single');
  const n = /^\d+$/.test(raw) ? Number(raw) : (NUMBERS[raw] ?? null);
  return n === null || n < 1 ? null : n;
}

/** Share of the question's words that the prompt contains (1 when the question has no words). */
export function questionCoverage(prompt: string, question: string): number {
  const all = [...wordSet(question)];
  const content = all.filter((w) => w.length >= 4);
  const words = content.length > 0 ? content : all;
  if (words.length === 0) return 1;
  const inPrompt = wordSet(prompt);
  return words.filter((w) => inPrompt.has(w)).length / words.length;
}

/** The deterministic fake LLM answer for a rendered prompt and the row it was rendered from. */
export function fakeAnswer(prompt: string, model: string, row: PromptedRow): string {
  const h = hashHex('answer', model, prompt);
  const limit = wordLimit(prompt);
  const cut = (text: string): string => (limit === null ? text : text.split(/\s+/).filter((w) => w !== '').slice(0, limit).join(' '));
  if (row.expected === null || row.expected.trim() === '') {
    const question = prompt.replace(/\s+/g, ' ').trim().slice(-80);
    return cut(`Simulated answer (${model}, ${h}) to: ${question}`);
  }
  const words = row.expected.split(/\s+/).filter((w) => w !== '');
  const given = words.slice(0, Math.round(questionCoverage(prompt, row.question) * words.length));
  if (given.length === 0) return cut(`Sorry, I cannot tell from this prompt (${model}, ${h}).`);
  return limit === null ? `${given.join(' ')} (simulated ${model} answer ${h})` : cut(given.join(' '));
}
