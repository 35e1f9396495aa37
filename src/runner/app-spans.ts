import type { GalileoSpan } from '../traces/types.js';

/** Fields an application may give a span in its JSON answer (docs/runner.md). */
const APP_SPAN_FIELDS = new Set(['type', 'name', 'input', 'output', 'spans', 'metadata', 'duration_ms', 'status_code', 'model', 'temperature']);
const APP_SPAN_TYPES = new Set(['llm', 'retriever', 'tool', 'workflow', 'agent']);

/** An application's answer galctl cannot turn into spans: the message names where. */
export class AppAnswerError extends Error {}

function isObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

/** A value as text: strings as they are, anything else as JSON. */
export function asText(v: unknown): string {
  return typeof v === 'string' ? v : JSON.stringify(v) ?? '';
}

/** Metadata as Galileo takes it: an object of strings (numbers, booleans and objects written as text). */
export function asStringMap(v: unknown, where: string): Record<string, string> {
  if (!isObject(v)) throw new AppAnswerError(`${where} must be an object`);
  return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, asText(x)]));
}

function llmMessages(v: unknown): unknown {
  return typeof v === 'string' ? [{ role: 'user', content: v }] : v;
}

function llmOutput(v: unknown): unknown {
  return typeof v === 'string' ? { role: 'assistant', content: v } : v;
}

function documents(v: unknown): unknown[] {
  const list: readonly unknown[] = Array.isArray(v) ? v : [v];
  return list.map((d) => (typeof d === 'string' ? { content: d } : d));
}

/**
 * One span of an application's answer in Galileo's ingest shape: `llm` input text → a user message, output text →
 * an assistant message; `retriever` output → documents (`"text"` → `{content: "text"}`); `tool`, `workflow` and
 * `agent` input and output as text; `metadata` → `user_metadata` (values as text); `duration_ms` →
 * `metrics.duration_ns`; child `spans` mapped the same way. Unknown fields or span types are refused (a typo would
 * otherwise vanish silently); the shapes Galileo checks are checked again on the whole trace (parseTraceRecord).
 */
export function toIngestSpan(span: unknown, where: string): GalileoSpan {
  if (!isObject(span)) throw new AppAnswerError(`${where} must be an object`);
  const type = span['type'];
  if (typeof type !== 'string' || !APP_SPAN_TYPES.has(type)) throw new AppAnswerError(`${where}.type must be one of ${[...APP_SPAN_TYPES].join(', ')}, got ${JSON.stringify(type)}`);
  for (const k of Object.keys(span)) if (!APP_SPAN_FIELDS.has(k)) throw new AppAnswerError(`${where} has an unknown field ${JSON.stringify(k)} (a span has ${[...APP_SPAN_FIELDS].join(', ')})`);
  const out: GalileoSpan = { type };
  if (span['name'] !== undefined) out['name'] = asText(span['name']);
  const { input, output } = span;
  if (type === 'llm') {
    out['input'] = llmMessages(input ?? '');
    if (output !== undefined) out['output'] = llmOutput(output);
    if (span['model'] !== undefined) out['model'] = asText(span['model']);
    if (typeof span['temperature'] === 'number') out['temperature'] = span['temperature'];
  } else {
    out['input'] = asText(input ?? '');
    if (output !== undefined) out['output'] = type === 'retriever' ? documents(output) : asText(output);
  }
  if (span['metadata'] !== undefined) out['user_metadata'] = asStringMap(span['metadata'], `${where}.metadata`);
  if (span['duration_ms'] !== undefined) {
    if (typeof span['duration_ms'] !== 'number' || !(span['duration_ms'] >= 0)) throw new AppAnswerError(`${where}.duration_ms must be a number ≥ 0`);
    out['metrics'] = { duration_ns: Math.round(span['duration_ms'] * 1e6) };
  }
  if (span['status_code'] !== undefined) {
    if (!Number.isInteger(span['status_code'])) throw new AppAnswerError(`${where}.status_code must be an integer`);
    out['status_code'] = span['status_code'];
  }
  if (span['spans'] !== undefined) {
    if (!Array.isArray(span['spans'])) throw new AppAnswerError(`${where}.spans must be a list`);
    out.spans = span['spans'].map((s, i) => toIngestSpan(s, `${where}.spans[${i}]`));
  }
  return out;
}
