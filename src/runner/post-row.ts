import { GalctlError } from '../core/errors.js';
import { parseAppAnswer } from './parse-app-answer.js';
import { rowFailure, type RowResult } from './row-result.js';
import { MAX_ANSWER_BYTES, type CallOptions } from './run-command-row.js';
import { runnerUrlProblem } from './runner-url-problem.js';

/** Characters of an HTTP error body quoted in a failed row's message. */
const BODY_QUOTED = 500;

const elapsedNs = (start: bigint): number => Number(process.hrtime.bigint() - start);

/** The body as text, reading at most `max` bytes; undefined when it is longer. */
async function readBounded(res: Response, max: number): Promise<string | undefined> {
  if (res.body === null) return '';
  const reader: ReadableStreamDefaultReader<Uint8Array> = res.body.getReader();
  const chunks: Uint8Array[] = [];
  let bytes = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    bytes += value.byteLength;
    if (bytes > max) {
      await reader.cancel().catch(() => undefined);
      return undefined;
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/** The innermost cause's message: fetch says only "fetch failed" and keeps ECONNREFUSED in `cause`. */
function causeText(err: unknown): string {
  let e = err as { message?: string; cause?: unknown } | undefined;
  const seen: string[] = [];
  while (e !== undefined && e !== null && typeof e === 'object') {
    if (typeof e.message === 'string' && e.message !== '') seen.push(e.message);
    e = e.cause as typeof e;
  }
  return seen.length === 0 ? String(err) : seen[seen.length - 1]!;
}

/**
 * POSTs one row as JSON to the application's URL and reads its answer (parseAppAnswer; at most maxAnswerBytes).
 * Only https, or http on a loopback address (anything else throws a GalctlError `runner-url` before any request:
 * that is the manifest's mistake, not the row's). The request carries no credentials: no Galileo key, no cookies,
 * no user:password; redirects are refused. A connection error, an HTTP error status, a timeout or an unreadable
 * answer fails the row (never throws).
 */
export async function postRow(url: string, row: unknown, opts: CallOptions): Promise<RowResult> {
  const problem = runnerUrlProblem(url);
  if (problem !== undefined) throw new GalctlError('runner-url', problem.message, { hint: problem.hint });
  const startedAt = new Date();
  const start = process.hrtime.bigint();
  if (opts.signal?.aborted) return rowFailure('aborted', 'stopped before the call', startedAt, 0);
  const controller = new AbortController();
  let why: { kind: 'timeout' | 'aborted'; message: string } | undefined;
  const timer = setTimeout(() => {
    why ??= { kind: 'timeout', message: `no answer within ${opts.timeoutMs} ms (timeout)` };
    controller.abort();
  }, opts.timeoutMs);
  const onAbort = (): void => {
    why ??= { kind: 'aborted', message: 'stopped (interrupted)' };
    controller.abort();
  };
  opts.signal?.addEventListener('abort', onAbort, { once: true });
  try {
    const res = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json, text/plain' },
      body: JSON.stringify(row),
      redirect: 'error',
      credentials: 'omit',
      signal: controller.signal,
    });
    const body = await readBounded(res, opts.maxAnswerBytes ?? MAX_ANSWER_BYTES);
    const durationNs = elapsedNs(start);
    if (body === undefined) return rowFailure('too-large', `the answer is longer than ${opts.maxAnswerBytes ?? MAX_ANSWER_BYTES} bytes`, startedAt, durationNs);
    if (!res.ok) {
      const quoted = body.trim().slice(0, BODY_QUOTED);
      return rowFailure('http', `the application answered HTTP ${res.status}${quoted === '' ? '' : `: ${quoted}`}`, startedAt, durationNs);
    }
    const answer = parseAppAnswer(body);
    if (!answer.ok) return rowFailure('bad-answer', answer.message, startedAt, durationNs);
    return { ok: true, output: answer.output, spans: answer.spans, metadata: answer.metadata, startedAt, durationNs };
  } catch (err) {
    const durationNs = elapsedNs(start);
    if (why !== undefined) return rowFailure(why.kind, why.message, startedAt, durationNs);
    return rowFailure('http', `cannot reach ${new URL(url).origin}: ${causeText(err)}`, startedAt, durationNs);
  } finally {
    clearTimeout(timer);
    opts.signal?.removeEventListener('abort', onAbort);
  }
}
