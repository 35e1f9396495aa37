import { isUuidV4 } from './trace-id.js';
import type { GalileoSpan } from './types.js';

/** A trace as read from a file: Galileo `Trace` JSON whose ids may still be missing. */
export interface TraceRecord {
  type: 'trace';
  id?: string;
  spans: GalileoSpan[];
  [field: string]: unknown;
}

export type ParsedTraceRecord = { ok: true; trace: TraceRecord } | { ok: false; message: string; hint?: string };

/** Fields of a simple row; anything else is an error. */
export const SIMPLE_ROW_FIELDS = ['input', 'output', 'dataset_output', 'metadata', 'tags', 'created_at', 'id'] as const;

/** Top-level fields of Galileo's `Trace` schema (galileo-openapi.yaml `Trace`). */
const TRACE_FIELDS = new Set([
  'type', 'input', 'redacted_input', 'output', 'redacted_output', 'name', 'created_at', 'user_metadata', 'tags',
  'status_code', 'metrics', 'external_id', 'dataset_input', 'dataset_output', 'dataset_metadata', 'id', 'session_id',
  'trace_id', 'step_number', 'parent_id', 'spans',
]);

/** Span types that may nest child spans (`LlmSpan` and `ControlSpan` have no `spans`). */
const SPAN_TYPES_WITH_CHILDREN = new Set(['workflow', 'agent', 'tool', 'retriever']);
const SPAN_TYPES = new Set([...SPAN_TYPES_WITH_CHILDREN, 'llm', 'control']);

const FULL_TRACE_HINT = 'see docs/traces.md for the full-trace and simple-row record formats';

/**
 * How deep spans may nest under a trace (a trace's own spans are level 1). Galileo documents no limit; real agent
 * traces are a few levels deep, and every later step (ids, digests, JSON bodies) walks the tree recursively, so a
 * record nested thousands deep would end in a raw RangeError. choice: 100.
 */
export const MAX_SPAN_DEPTH = 100;

/** How deep any JSON value of a record may nest (objects and arrays), spans included (two levels per span). */
export const MAX_JSON_DEPTH = 2 * MAX_SPAN_DEPTH + 40;

class RecordError extends Error {
  constructor(
    message: string,
    readonly hint?: string,
  ) {
    super(message);
  }
}

/** The deepest nesting of objects and arrays in `value` (iterative: a recursive walk would overflow the stack). */
function nestingDepth(value: unknown, limit: number): number {
  let max = 0;
  const stack: Array<[unknown, number]> = [[value, 1]];
  while (stack.length > 0) {
    const [v, d] = stack.pop()!;
    if (v === null || typeof v !== 'object') continue;
    if (d > max) max = d;
    if (max > limit) return max;
    for (const child of Array.isArray(v) ? v : Object.values(v)) if (child !== null && typeof child === 'object') stack.push([child, d + 1]);
  }
  return max;
}

function kindOf(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return typeof value === 'object' ? 'an object' : `${typeof value} ${JSON.stringify(value)}`;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function fail(path: string, expected: string, value: unknown, hint?: string): never {
  throw new RecordError(`${path} must be ${expected}, got ${kindOf(value)}`, hint);
}

function checkStringMap(value: unknown, path: string): void {
  if (!isObject(value)) fail(path, 'an object of string values', value);
  for (const [k, v] of Object.entries(value)) {
    if (typeof v !== 'string') fail(`${path}.${k}`, 'a string', v, 'metadata values are strings; quote numbers and booleans');
  }
}

function checkTags(value: unknown, path: string): void {
  if (!Array.isArray(value)) fail(path, 'a list of strings', value);
  value.forEach((t, i) => typeof t === 'string' || fail(`${path}[${i}]`, 'a string', t));
}

function checkId(value: unknown, path: string): void {
  if (!isUuidV4(value)) {
    throw new RecordError(`${path} ${JSON.stringify(value)} is not a uuid v4`, 'Galileo accepts only UUID v4 ids; remove the id to let galctl derive one from the record');
  }
}

function checkCreatedAt(value: unknown, path: string): void {
  if (typeof value !== 'string' || Number.isNaN(Date.parse(value))) fail(path, 'an ISO 8601 date-time string', value);
}

function checkMessage(value: unknown, path: string): void {
  if (!isObject(value)) fail(path, 'a message {role, content}', value);
  if (typeof value.role !== 'string') fail(`${path}.role`, 'a string', value.role);
  if (typeof value.content !== 'string' && !Array.isArray(value.content)) fail(`${path}.content`, 'a string or a list of content parts', value.content);
}

function checkMessages(value: unknown, path: string): void {
  if (!Array.isArray(value)) fail(path, 'a list of messages', value);
  value.forEach((m, i) => checkMessage(m, `${path}[${i}]`));
}

/** Checks the fields every trace and span shares. */
function checkCommon(node: Record<string, unknown>, path: string): void {
  const at = (f: string): string => (path === '' ? f : `${path}.${f}`);
  if (node.id !== undefined) checkId(node.id, at('id'));
  if (node.user_metadata !== undefined) checkStringMap(node.user_metadata, at('user_metadata'));
  if (node.dataset_metadata !== undefined) checkStringMap(node.dataset_metadata, at('dataset_metadata'));
  if (node.tags !== undefined) checkTags(node.tags, at('tags'));
  if (node.created_at !== undefined) checkCreatedAt(node.created_at, at('created_at'));
  if (node.name !== undefined && typeof node.name !== 'string') fail(at('name'), 'a string', node.name);
}

function checkSpans(value: unknown, path: string, depth: number): void {
  if (!Array.isArray(value)) fail(path, 'a list of spans', value);
  if (value.length > 0 && depth > MAX_SPAN_DEPTH) {
    throw new RecordError(`spans nest more than ${MAX_SPAN_DEPTH} levels deep`, `flatten the trace: at most ${MAX_SPAN_DEPTH} levels of spans under a trace`);
  }
  value.forEach((span, i) => checkSpan(span, `${path}[${i}]`, depth));
}

function checkSpan(span: unknown, path: string, depth: number): void {
  if (!isObject(span)) fail(path, 'a span object', span);
  if (typeof span.type !== 'string' || !SPAN_TYPES.has(span.type)) {
    fail(`${path}.type`, `one of ${[...SPAN_TYPES].join(', ')}`, span.type);
  }
  checkCommon(span, path);
  if (span.type === 'llm') {
    checkMessages(span.input, `${path}.input`);
    if (span.output !== undefined && span.output !== null) checkMessage(span.output, `${path}.output`);
  }
  if (span.spans !== undefined) {
    if (!SPAN_TYPES_WITH_CHILDREN.has(span.type)) {
      throw new RecordError(`${path}.spans: a ${span.type} span cannot have child spans`, 'nest child spans under a workflow or agent span');
    }
    checkSpans(span.spans, `${path}.spans`, depth + 1);
  }
}

function parseFullTrace(value: Record<string, unknown>): TraceRecord {
  if (value.type !== 'trace') fail('type', '"trace" (or leave type out for a simple row)', value.type, FULL_TRACE_HINT);
  for (const key of Object.keys(value)) {
    if (!TRACE_FIELDS.has(key)) throw new RecordError(`unknown trace field ${JSON.stringify(key)}`, `a trace has only the fields of Galileo's Trace schema: ${[...TRACE_FIELDS].join(', ')}`);
  }
  checkCommon(value, '');
  if (value.input !== undefined && typeof value.input !== 'string' && !Array.isArray(value.input)) {
    fail('input', 'a string or a list of content parts', value.input);
  }
  if (value.dataset_output !== undefined && value.dataset_output !== null && typeof value.dataset_output !== 'string') {
    fail('dataset_output', 'a string', value.dataset_output);
  }
  const spans = value.spans ?? [];
  checkSpans(spans, 'spans', 1);
  return { ...value, type: 'trace', spans: spans as GalileoSpan[] };
}

/** A simple row `{input, output, ...}` becomes a trace with one llm span. */
function parseSimpleRow(value: Record<string, unknown>): TraceRecord {
  const allowed: readonly string[] = SIMPLE_ROW_FIELDS;
  for (const key of Object.keys(value)) {
    if (!allowed.includes(key)) {
      throw new RecordError(
        `unknown field ${JSON.stringify(key)} in a simple row`,
        `a simple row has only ${SIMPLE_ROW_FIELDS.join(', ')}; for other fields write a full trace with "type": "trace" (${FULL_TRACE_HINT})`,
      );
    }
  }
  const { input, output } = value;
  if (input === undefined) throw new RecordError('missing field "input"', 'a simple row needs "input" (a string or a list of messages) and "output" (a string)');
  if (typeof input !== 'string') checkMessages(input, 'input');
  if (output === undefined) throw new RecordError('missing field "output"', 'a simple row needs "input" (a string or a list of messages) and "output" (a string)');
  if (typeof output !== 'string') fail('output', 'a string', output);
  if (value.dataset_output !== undefined && typeof value.dataset_output !== 'string') fail('dataset_output', 'a string', value.dataset_output);
  if (value.metadata !== undefined) checkStringMap(value.metadata, 'metadata');
  if (value.tags !== undefined) checkTags(value.tags, 'tags');
  if (value.created_at !== undefined) checkCreatedAt(value.created_at, 'created_at');
  if (value.id !== undefined) checkId(value.id, 'id');

  // choice: fields in sorted order, the order of the canonical JSON ids are derived from (canonicalJson, trace-id.ts),
  // so that it takes these objects as they are instead of copying them sorted (issue 22: a quarter of a trace's work)
  const trace = {} as TraceRecord;
  if (value.created_at !== undefined) trace.created_at = value.created_at;
  if (value.dataset_output !== undefined) trace.dataset_output = value.dataset_output;
  if (value.id !== undefined) trace.id = value.id as string;
  trace.input = typeof input === 'string' ? input : JSON.stringify(input);
  trace.output = output;
  const span = {} as GalileoSpan;
  if (value.created_at !== undefined) span.created_at = value.created_at;
  span.input = typeof input === 'string' ? [{ content: input, role: 'user' }] : input;
  span.output = { content: output, role: 'assistant' };
  span.type = 'llm';
  trace.spans = [span];
  if (value.tags !== undefined) trace.tags = value.tags;
  trace.type = 'trace';
  if (value.metadata !== undefined) trace.user_metadata = value.metadata;
  return trace;
}

/**
 * One parsed JSONL value → a Galileo trace (ids not filled in yet), or what is wrong with it. A value with `type` is a
 * full trace (Galileo's Log Traces shape); a value without is a simple row.
 */
export function parseTraceRecord(value: unknown): ParsedTraceRecord {
  try {
    if (!isObject(value)) fail('a record', 'a JSON object', value, FULL_TRACE_HINT);
    if (nestingDepth(value, MAX_JSON_DEPTH) > MAX_JSON_DEPTH) {
      const spanHint = `flatten the record: at most ${MAX_SPAN_DEPTH} levels of spans, and metadata, messages and metrics a few levels deep`;
      throw new RecordError(`the record nests objects and arrays more than ${MAX_JSON_DEPTH} levels deep`, spanHint);
    }
    const trace = value.type === undefined ? parseSimpleRow(value) : parseFullTrace(value);
    return { ok: true, trace };
  } catch (err) {
    if (!(err instanceof RecordError)) throw err;
    return err.hint === undefined ? { ok: false, message: err.message } : { ok: false, message: err.message, hint: err.hint };
  }
}
