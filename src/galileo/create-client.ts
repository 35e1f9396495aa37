import { Agent, request as undiciRequest } from 'undici';
import pRetry, { AbortError } from 'p-retry';
import { ApiError, snippet } from './api-error.js';
import { createLimiter } from './concurrency-limit.js';
import { createStatsRecorder, routeTemplate, type ClientStats } from './request-stats.js';
import { decideRetry, isConnectError, isIdempotentMethod, parseRetryAfter, retryDelay } from './retry-policy.js';
import { encodeMultipart } from './encode-multipart.js';
import { maskText, parseJsonMasked, secretPattern } from '../mask-secrets.js';
import { readResponse, toApiError, toNetworkError, type RawResponse } from './read-response.js';

export type { ClientStats } from './request-stats.js';

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export type QueryValue = string | number | boolean | null | undefined | readonly (string | number)[];

export interface RequestOptions {
  query?: Record<string, QueryValue>;
  /** JSON body */
  body?: unknown;
  /** multipart body (takes precedence over `body`) */
  form?: FormData;
  headers?: Record<string, string>;
  /** safe to re-send after an ambiguous failure; default true for GET/PUT/DELETE, false for POST/PATCH */
  idempotent?: boolean;
  /** how to read a 2xx body; default 'json' (an empty body gives `undefined`) */
  expect?: 'json' | 'text' | 'none';
}

export interface ApiResponse<T> {
  status: number;
  /** lower-case header names */
  headers: Record<string, string>;
  data: T;
}

export interface GalileoClient {
  readonly apiUrl: string;
  request<T>(method: HttpMethod, path: string, opts?: RequestOptions): Promise<ApiResponse<T>>;
  stats(): ClientStats;
  /** closes idle keep-alive connections */
  close(): Promise<void>;
}

export interface CreateClientOptions {
  apiUrl: string;
  apiKey: string;
  /** requests in flight at once, across everything this client does; default 8 */
  concurrency?: number;
  /** retries after the first attempt; default 5 */
  retries?: number;
  /** first backoff delay; default 250 ms */
  minRetryDelayMs?: number;
  /** longest wait between attempts, Retry-After included; default 20 s */
  maxRetryDelayMs?: number;
  /** per request (headers and body each); default 60 s */
  timeoutMs?: number;
  /** the whole exchange (send, headers, body) of one attempt; default 5 min (uploads of large datasets fit) */
  deadlineMs?: number;
  /** largest response body accepted; default 64 MB */
  maxBodyBytes?: number;
  signal?: AbortSignal;
  /** one line per request/response (GALCTL_DEBUG=http); never headers, never the key */
  debug?: (line: string) => void;
  userAgent?: string;
}

/** Connection errors (refused, DNS) are retried at most this often: an unreachable URL should fail fast. */
const MAX_CONNECT_RETRIES = 2;

export function createGalileoClient(opts: CreateClientOptions): GalileoClient {
  const apiUrl = opts.apiUrl.replace(/\/+$/, '');
  const concurrency = opts.concurrency ?? 8;
  const retries = opts.retries ?? 5;
  const backoff = { minDelayMs: opts.minRetryDelayMs ?? 250, maxDelayMs: opts.maxRetryDelayMs ?? 20_000 };
  const timeoutMs = opts.timeoutMs ?? 60_000;
  const maxBodyBytes = opts.maxBodyBytes ?? 64 * 1024 * 1024;
  const deadlineMs = opts.deadlineMs ?? 300_000;
  const limit = createLimiter(concurrency);
  const recorder = createStatsRecorder();
  const dispatcher = new Agent({ connections: concurrency, headersTimeout: timeoutMs, bodyTimeout: timeoutMs });
  const baseHeaders: Record<string, string> = {
    'galileo-api-key': opts.apiKey,
    accept: 'application/json',
    'user-agent': opts.userAgent ?? 'galctl',
  };
  const debug = opts.debug;
  /**
   * a server that echoes the request back (in an error, an HTML page or a 2xx body; JSON-escaped, URL-encoded or in
   * base64) must not put the key into our output: masked in the raw text, and again in the decoded JSON
   */
  const keyPattern = secretPattern([opts.apiKey]);
  const redact = (text: string): string => maskText(text, keyPattern);

  async function sendOnce(method: HttpMethod, path: string, ro: RequestOptions): Promise<RawResponse> {
    const url = `${apiUrl}${path}${queryString(ro.query)}`;
    const headers: Record<string, string> = { ...baseHeaders, ...ro.headers };
    let body: string | Buffer | undefined;
    if (ro.form !== undefined) {
      const encoded = await encodeMultipart(ro.form);
      body = encoded.body;
      headers['content-type'] = encoded.contentType;
    } else if (ro.body !== undefined) {
      body = JSON.stringify(ro.body);
      headers['content-type'] = 'application/json';
    }
    // one deadline for the whole exchange: undici's body timeout is per chunk, so a server trickling a byte at a
    // time (slow loris) would otherwise hold the request open forever
    const deadline = AbortSignal.timeout(deadlineMs);
    const signal = opts.signal === undefined ? deadline : AbortSignal.any([opts.signal, deadline]);
    try {
      const res = await undiciRequest(url, { method, headers, body, dispatcher, signal });
      return await readResponse(res, maxBodyBytes);
    } catch (err) {
      if (deadline.aborted && opts.signal?.aborted !== true) {
        throw Object.assign(new Error(`no complete response within ${deadlineMs / 1000} s`), { code: 'UND_ERR_BODY_TIMEOUT', cause: err });
      }
      throw err;
    }
  }

  async function request<T>(method: HttpMethod, path: string, ro: RequestOptions = {}): Promise<ApiResponse<T>> {
    const idempotent = ro.idempotent ?? isIdempotentMethod(method);
    const route = `${method} ${routeTemplate(path)}`;
    const retryAfter = new WeakMap<Error, number>();
    let connectRetries = 0;

    const attempt = async (attemptNumber: number): Promise<ApiResponse<T>> => {
      const isRetry = attemptNumber > 1;
      // timed inside the limiter: waiting for a free slot is not request time
      let started = performance.now();
      let raw: RawResponse;
      try {
        raw = await limit(() => {
          started = performance.now();
          return sendOnce(method, path, ro);
        });
      } catch (err) {
        const ended = performance.now();
        if (opts.signal?.aborted === true) throw new AbortError(asError(opts.signal.reason));
        if (err instanceof ApiError) throw new AbortError(err); // body too large
        recorder.record(route, 'network', ended - started, isRetry, started, ended);
        const code = (err as { code?: string }).code;
        const decision = decideRetry({ type: 'network', code }, idempotent);
        const apiErr = toNetworkError(method, path, apiUrl, err, decision.maybeLanded);
        debug?.(`http ${method} ${path} network ${code ?? 'error'} ${Math.round(ended - started)}ms${isRetry ? ` retry ${attemptNumber - 1}` : ''}`);
        if (!decision.retry) throw new AbortError(apiErr);
        if (isConnectError(code)) {
          connectRetries += 1;
          if (connectRetries > MAX_CONNECT_RETRIES) throw new AbortError(apiErr);
        }
        throw apiErr;
      }
      const ended = performance.now();
      recorder.record(route, raw.status, ended - started, isRetry, started, ended);
      debug?.(`http ${method} ${path} ${raw.status} ${Math.round(ended - started)}ms${isRetry ? ` retry ${attemptNumber - 1}` : ''}`);
      if (raw.status >= 200 && raw.status < 300) {
        return { status: raw.status, headers: raw.headers, data: parseSuccess<T>(method, path, raw, ro.expect ?? 'json', keyPattern) };
      }
      // a DELETE whose earlier attempt may have landed: "not found" now means done
      if (isRetry && method === 'DELETE' && raw.status === 404) {
        return { status: raw.status, headers: raw.headers, data: undefined as T };
      }
      const decision = decideRetry({ type: 'status', status: raw.status }, idempotent);
      // a server that echoes the request back in its error must not put the key into our output
      const redacted = { ...raw, text: redact(raw.text) };
      const apiErr = toApiError(method, path, apiUrl, redacted, decision.maybeLanded);
      if (!decision.retry) throw new AbortError(apiErr);
      const wait = parseRetryAfter(raw.headers['retry-after'], Date.now(), backoff.maxDelayMs);
      if (wait !== undefined) retryAfter.set(apiErr, wait);
      throw apiErr;
    };

    return pRetry(attempt, {
      retries,
      // p-retry only counts attempts; the wait (Retry-After or backoff with jitter) happens in shouldRetry
      minTimeout: 0,
      factor: 1,
      ...(opts.signal === undefined ? {} : { signal: opts.signal }),
      shouldRetry: async ({ error, retriesConsumed }) => {
        await sleep(retryDelay(retriesConsumed + 1, retryAfter.get(error), backoff, Math.random()), opts.signal);
        return true;
      },
    });
  }

  return {
    apiUrl,
    request,
    stats: () => recorder.snapshot(),
    close: () => dispatcher.close(),
  };
}

function parseSuccess<T>(method: string, path: string, raw: RawResponse, expect: 'json' | 'text' | 'none', keyPattern: RegExp | undefined): T {
  const redact = (text: string): string => maskText(text, keyPattern);
  if (expect === 'none') return undefined as T;
  if (expect === 'text') return redact(raw.text) as T;
  if (raw.text.trim() === '') return undefined as T;
  try {
    return parseJsonMasked(raw.text, keyPattern) as T;
  } catch (cause) {
    throw new AbortError(
      new ApiError({
        method,
        route: path,
        status: raw.status,
        detail: '',
        code: 'api-bad-response',
        message: `${method} ${path}: ${raw.status} response is not JSON: ${snippet(redact(raw.text)) || '(empty)'}`,
        hint: 'check that GALILEO_API_URL / --api-url points at the Galileo API, not the console',
        cause,
      }),
    );
  }
}

export function queryString(query: Record<string, QueryValue> | undefined): string {
  if (query === undefined) return '';
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) {
    if (v === undefined || v === null) continue;
    if (Array.isArray(v)) for (const item of v) params.append(k, String(item));
    else params.append(k, String(v));
  }
  const s = params.toString();
  return s === '' ? '' : `?${s}`;
}

function sleep(ms: number, signal: AbortSignal | undefined): Promise<void> {
  if (ms <= 0) return Promise.resolve();
  return new Promise((resolve, reject) => {
    if (signal?.aborted === true) return reject(asError(signal.reason));
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(asError(signal?.reason));
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

function asError(reason: unknown): Error {
  return reason instanceof Error ? reason : new Error(String(reason ?? 'aborted'));
}
