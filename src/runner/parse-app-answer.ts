import { parseTraceRecord } from '../traces/parse-trace-record.js';
import type { GalileoSpan } from '../traces/types.js';
import { AppAnswerError, asStringMap, toIngestSpan } from './app-spans.js';

export type AppAnswer = { ok: true; output: string; spans: GalileoSpan[]; metadata: Record<string, string> } | { ok: false; message: string };

const ANSWER_FIELDS = new Set(['output', 'spans', 'metadata']);

/**
 * What the application answered for one row (its stdout, or the body of its HTTP answer): plain text (one trailing
 * newline dropped), or, when the text starts with `{`, a JSON object `{output, spans?, metadata?}`. An answer that
 * starts with `{` but is not such an object (bad JSON, no string output, unknown fields, spans Galileo would refuse)
 * fails the row with a message saying what is wrong.
 */
export function parseAppAnswer(text: string): AppAnswer {
  if (!text.trimStart().startsWith('{')) return { ok: true, output: text.replace(/\r?\n$/, ''), spans: [], metadata: {} };
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    return { ok: false, message: `the answer starts with "{" but is not JSON (${(err as Error).message})` };
  }
  try {
    if (value === null || typeof value !== 'object' || Array.isArray(value)) throw new AppAnswerError('the answer must be a JSON object');
    const answer = value as Record<string, unknown>;
    for (const k of Object.keys(answer)) if (!ANSWER_FIELDS.has(k)) throw new AppAnswerError(`the answer has an unknown field ${JSON.stringify(k)} (it has output, spans and metadata)`);
    if (typeof answer['output'] !== 'string') throw new AppAnswerError('the answer has no output text ("output" must be a string)');
    if (answer['spans'] !== undefined && !Array.isArray(answer['spans'])) throw new AppAnswerError('"spans" must be a list');
    const spans = ((answer['spans'] ?? []) as unknown[]).map((s, i) => toIngestSpan(s, `spans[${i}]`));
    const metadata = answer['metadata'] === undefined ? {} : asStringMap(answer['metadata'], 'metadata');
    // what Galileo would refuse is refused here, per row, rather than failing the whole ingest later
    const checked = parseTraceRecord({ type: 'trace', input: '', output: answer['output'], spans });
    if (!checked.ok) throw new AppAnswerError(`the answer's ${checked.message}`);
    return { ok: true, output: answer['output'], spans, metadata };
  } catch (err) {
    if (err instanceof AppAnswerError) return { ok: false, message: err.message };
    throw err;
  }
}
