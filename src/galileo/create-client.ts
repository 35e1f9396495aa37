import { setMaxListeners } from 'node:events';
import { Agent, exchange } from './undici-agent.js';
import pRetry, { AbortError } from 'p-retry';
import { ApiError, snippet } from './api-error.js';
import { createLaneLimiter, type Lane } from './concurrency-limit.js';
import { createStatsRecorder, routeTemplate, type ClientStats } from './request-stats.js';
import { decideRetry, isConnectError, isIdempotentMethod, parseRetryAfter, retryDelay } from './retry-policy.js';
import { encodeMultipart } from './encode-multipart.js';
import { encodeJsonBody } from './json-text.js';
import { maskText, parseJsonMasked, secretPattern } from '../core/mask-secrets.js';
import { bodyTooLarge, toApiError, toNetworkError, type RawResponse } from './read-response.js';
import { DEFAULT_READ_LIMITS, type ReadLimits } from './read-limits.js';

export type { ClientStats } from './request-stats.js';

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export type QueryValue = string | number | boolean | null | undefined | readonly (string | number)[];

export interface RequestOptions {
  query?: Record<string, QueryValue>;
  /** JSON body (a JsonText is sent as it is) */
  body?: unknown;
  /** multipart body (takes precedence over `body`) */
  form?: FormData;
  headers?: Record<string, string>;
  /** safe to re-send after an ambiguous failure; default true for GET/PUT/DELETE, false for POST/PATCH */
  idempotent?: boolean;
  /** how to read a 2xx body; default 'json' (an empty body gives `undefined`) */
  expect?: 'json' | 'text' | 'none';
  /**
   * 'bulk': trace ingest, which has its own share of the concurrency; 'first': a page of a list the rest of a read
   * waits for, or a run's trace count, which takes the next free slot (concurrency-limit.ts)
   */
  lane?: Lane;
}

export interface ApiResponse<T> {
  status: number;
  /** lower-case header names */
  headers: Record<string, string>;
  data: T;
  /** size of the body as received, for the read limits (read-limits.ts) */
  bytes: number;
}

export interface GalileoClient {
  readonly apiUrl: string;
  /** how much one read (a whole paginated list) may accumulate */
  readonly readLimits: ReadLimits;
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
  /** longest backoff between attempts; default 20 s (a Retry-After is honoured as long as the budget allows) */
  maxRetryDelayMs?: number;
  /** silence allowed while waiting for the headers, and between two chunks of the body; default 60 s */
  timeoutMs?: number;
  /** the whole exchange (send, headers, body) of one attempt; default: what is left of the budget */
  deadlineMs?: number;
  /**
   * the time one request may take, all its attempts and the waits between them together, counted from its first
   * attempt (waiting for a free connection slot is not counted); default 2 min (DEFAULT_REQUEST_BUDGET_MS)
   */
  budgetMs?: number;
  /** how much one paginated read may accumulate; default DEFAULT_READ_LIMITS */
  readLimits?: Partial<ReadLimits>;
  /** largest response body accepted; default 64 MB */
  maxBodyBytes?: number;
  signal?: AbortSignal;
  /** one line per request/response (GALCTL_DEBUG=http); never headers, never the key */
  debug?: (line: string) => void;
  userAgent?: string;
  /** where apiUrl came from (describeApiUrlOrigin): an unreachable URL's error names it */
  apiUrlOrigin?: { from: string; hint: string };
}

/** Connection errors (refused, DNS) are retried at most this often: an unreachable URL should fail fast. */
const MAX_CONNECT_RETRIES = 2;

/** The default time budget of one request, retries included: a stuck call fails after about this long. */
export const DEFAULT_REQUEST_BUDGET_MS = 120_000;

export function createGalileoClient(opts: CreateClientOptions): GalileoClient {
  const apiUrl = opts.apiUrl.replace(/\/+$/, '');
  const concurrency = opts.concurrency ?? 8;
  const retries = opts.retries ?? 5;
  const backoff = { minDelayMs: opts.minRetryDelayMs ?? 250, maxDelayMs: opts.maxRetryDelayMs ?? 20_000 };
  const timeoutMs = opts.timeoutMs ?? 60_000;
  // every request in flight listens to the caller's signal until it ends (up to `concurrency` of them at once)
  if (opts.signal !== undefined) setMaxListeners(0, opts.signal);
  const maxBodyBytes = opts.maxBodyBytes ?? 64 * 1024 * 1024;
  const budgetMs = opts.budgetMs ?? DEFAULT_REQUEST_BUDGET_MS;
  const deadlineMs = opts.deadlineMs ?? budgetMs;
  const readLimits: ReadLimits = { ...DEFAULT_READ_LIMITS, ...opts.readLimits };
  // trace ingest (lane 'bulk') owns a quarter of the slots: it overlaps the creates instead of queueing behind them
  const limit = createLaneLimiter(concurrency, Math.max(1, Math.floor(concurrency / 4)));
  const recorder = createStatsRecorder();
  const dispatcher = new Agent({ connections: concurrency, headersTimeout: timeoutMs, bodyTimeout: timeoutMs });
  const baseHeaders: Record<string, string> = {
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

  /**
   * How requests authenticate: the key in `Galileo-API-Key`, or (once a 401 made the client log in the way the
   * official SDKs always do, `POST /login/api_key`) `Authorization: Bearer <token>`. See relogin.
   */
  let bearer: string | undefined;
  let login: { for: string | undefined; token: Promise<string | undefined> } | undefined;
  const authHeaders = (token: string | undefined): Record<string, string> => (token === undefined ? { 'galileo-api-key': opts.apiKey } : { authorization: `Bearer ${token}` });

  /**
   * After a 401 to a request sent with `used` (undefined: the key header): logs in with the key once (the SDKs'
   * `/login/api_key` → Bearer flow; some deployments take only tokens), or once more when the token `used` has
   * expired. Concurrent 401s share the one login. true: send again with the new token; false: the 401 stands.
   */
  async function relogin(used: string | undefined): Promise<boolean> {
    if (bearer !== used) return bearer !== undefined; // another request logged in meanwhile
    if (login === undefined || login.for !== used) login = { for: used, token: loginWithKey() };
    const token = await login.token;
    if (token !== undefined && bearer === used) bearer = token;
    return token !== undefined;
  }

  async function loginWithKey(): Promise<string | undefined> {
    const route = 'POST /login/api_key';
    try {
      const started = performance.now();
      const raw = await limit(() => sendOnce('POST', '/login/api_key', { body: { api_key: opts.apiKey } }, budgetMs, {}));
      recorder.record(route, raw.status, performance.now() - started, false, started, performance.now());
      debug?.(`http ${route} ${raw.status} ${Math.round(performance.now() - started)}ms`);
      if (raw.status < 200 || raw.status >= 300) return undefined;
      const token = (JSON.parse(raw.text) as { access_token?: unknown } | null)?.access_token;
      // a token that cannot go in a header would leave requests unsettled (like a bad key): not a token
      return typeof token === 'string' && /^[\x21-\x7e]+$/.test(token) ? token : undefined;
    } catch {
      return undefined; // no login: the 401 stands
    }
  }

  /** One attempt, given at most `limitMs` for the whole exchange, authenticated with `auth`. */
  async function sendOnce(method: HttpMethod, path: string, ro: RequestOptions, limitMs: number, auth: Record<string, string>): Promise<RawResponse> {
    const url = `${apiUrl}${path}${queryString(ro.query)}`;
    const headers: Record<string, string> = { ...baseHeaders, ...auth, ...ro.headers };
    // undici refuses such a value and, with other requests in flight, may leave the request unsettled forever
    for (const [name, value] of Object.entries(headers)) {
      if (!/^[\t\x20-\x7e\x80-\xff]*$/.test(value)) {
        throw new ApiError({ method, route: path, status: 0, detail: '', code: 'api-bad-header', message: `${method} ${path}: the ${name} header would carry a character HTTP does not allow; not sent` });
      }
    }
    let body: string | Buffer | undefined;
    if (ro.form !== undefined) {
      const encoded = await encodeMultipart(ro.form);
      body = encoded.body;
      headers['content-type'] = encoded.contentType;
    } else if (ro.body !== undefined) {
      body = encodeJsonBody(ro.body);
      headers['content-type'] = 'application/json';
    }
    // one deadline for the whole exchange: undici's body timeout is per chunk, so a server trickling a byte at a
    // time (slow loris) would otherwise hold the request open forever
    const allowed = Math.max(1, Math.floor(Math.min(deadlineMs, limitMs)));
    // one controller, one timer (AbortSignal.timeout + AbortSignal.any cost ~50 µs per request in profiles)
    const controller = new AbortController();
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      controller.abort(new DOMException(`no complete response within ${seconds(allowed)}`, 'TimeoutError'));
    }, allowed);
    const onAbort = (): void => controller.abort(opts.signal?.reason);
    if (opts.signal?.aborted === true) onAbort();
    else opts.signal?.addEventListener('abort', onAbort, { once: true });
    const idle = Math.min(timeoutMs, allowed);
    try {
      return await exchange(dispatcher, new URL(url), {
        method,
        headers,
        ...(body === undefined ? {} : { body }),
        signal: controller.signal,
        headersTimeout: idle,
        bodyTimeout: idle,
        maxBytes: maxBodyBytes,
        tooLarge: (status) => bodyTooLarge(status, maxBodyBytes),
      });
    } catch (err) {
      if (timedOut && opts.signal?.aborted !== true) {
        throw Object.assign(new Error(`no complete response within ${seconds(allowed)}`), { code: 'UND_ERR_BODY_TIMEOUT', cause: err });
      }
      throw err;
    } finally {
      clearTimeout(timer);
      opts.signal?.removeEventListener('abort', onAbort);
    }
  }

  async function request<T>(method: HttpMethod, path: string, ro: RequestOptions = {}): Promise<ApiResponse<T>> {
    const idempotent = ro.idempotent ?? isIdempotentMethod(method);
    const route = `${method} ${routeTemplate(path)}`;
    const retryAfter = new WeakMap<Error, number>();
    let connectRetries = 0;
    let reauthenticated = false;
    // the budget's clock starts when the first attempt gets a connection slot
    let firstStart: number | undefined;
    const left = (): number => (firstStart === undefined ? budgetMs : budgetMs - (performance.now() - firstStart));
    const outOfBudget = (err: ApiError, why: string): AbortError =>
      new AbortError(
        new ApiError({
          method, route: path, status: err.status, detail: err.detail, maybeLanded: err.maybeLanded, cause: err,
          code: 'api-timeout',
          message: `${method} ${path}: gave up after ${seconds(budgetMs - left())} (${why}); last: ${err.message.replace(`${method} ${path}: `, '')}`,
          hint: `each request may take ${seconds(budgetMs)} in all, retries included: raise it with --request-timeout or GALCTL_REQUEST_TIMEOUT if the API is just slow`,
        }),
      );

    const attempt = async (attemptNumber: number): Promise<ApiResponse<T>> => {
      const isRetry = attemptNumber > 1;
      // timed inside the limiter: waiting for a free slot is not request time
      let started = performance.now();
      // ended inside the slot too: the next request's time starts only once this one's has ended
      let ended = started;
      let raw: RawResponse;
      const token = bearer;
      try {
        raw = await limit(async () => {
          started = performance.now();
          firstStart ??= started;
          try {
            return await sendOnce(method, path, ro, left(), authHeaders(token));
          } finally {
            ended = performance.now();
          }
        }, ro.lane);
      } catch (err) {
        if (opts.signal?.aborted === true) throw new AbortError(asError(opts.signal.reason));
        if (err instanceof ApiError) throw new AbortError(err); // body too large
        recorder.record(route, 'network', ended - started, isRetry, started, ended);
        const code = (err as { code?: string }).code;
        const decision = decideRetry({ type: 'network', code }, idempotent);
        const apiErr = toNetworkError(method, path, apiUrl, err, decision.maybeLanded, opts.apiUrlOrigin);
        debug?.(`http ${method} ${path} network ${code ?? 'error'} ${Math.round(ended - started)}ms${isRetry ? ` retry ${attemptNumber - 1}` : ''}`);
        if (!decision.retry) throw new AbortError(apiErr);
        if (left() <= 0) throw outOfBudget(apiErr, 'its time budget ran out');
        if (isConnectError(code)) {
          connectRetries += 1;
          if (connectRetries > MAX_CONNECT_RETRIES) throw new AbortError(apiErr);
        }
        throw apiErr;
      }
      recorder.record(route, raw.status, ended - started, isRetry, started, ended);
      debug?.(`http ${method} ${path} ${raw.status} ${Math.round(ended - started)}ms${isRetry ? ` retry ${attemptNumber - 1}` : ''}`);
      // refused credentials were not processed: after a login, the same request (even a create) goes again, once
      if (raw.status === 401 && !reauthenticated && (await relogin(token))) {
        reauthenticated = true;
        return attempt(attemptNumber);
      }
      if (raw.status >= 200 && raw.status < 300) {
        return { status: raw.status, headers: raw.headers, data: parseSuccess<T>(method, path, raw, ro.expect ?? 'json', keyPattern), bytes: raw.bytes };
      }
      // a DELETE whose earlier attempt may have landed: "not found" now means done
      if (isRetry && method === 'DELETE' && raw.status === 404) {
        return { status: raw.status, headers: raw.headers, data: undefined as T, bytes: raw.bytes };
      }
      const decision = decideRetry({ type: 'status', status: raw.status }, idempotent);
      // a server that echoes the request back in its error must not put the key into our output
      const redacted = { ...raw, text: redact(raw.text) };
      const apiErr = toApiError(method, path, apiUrl, redacted, decision.maybeLanded);
      if (!decision.retry) throw new AbortError(apiErr);
      const wait = parseRetryAfter(raw.headers['retry-after'], Date.now(), Number.POSITIVE_INFINITY);
      // asked to come back later than the budget allows: waiting would only end in the same error
      if (wait !== undefined && wait >= left()) throw outOfBudget(apiErr, `the server asked to retry after ${seconds(wait)}, more than the ${seconds(Math.max(0, left()))} left`);
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
        const wait = retryDelay(retriesConsumed + 1, retryAfter.get(error), backoff, Math.random());
        if (wait >= left()) throw error instanceof ApiError ? outOfBudget(error, 'its time budget ran out').originalError : error;
        await sleep(wait, opts.signal);
        return true;
      },
    });
  }

  return {
    apiUrl,
    readLimits,
    request,
    stats: () => recorder.snapshot(),
    close: () => dispatcher.close(),
  };
}

function parseSuccess<T>(method: string, path: string, raw: RawResponse, expect: 'json' | 'text' | 'none', keyPattern: RegExp | undefined): T {
  const redact = (text: string): string => maskText(text, keyPattern);
  if (expect === 'none') return undefined as T;
  if (expect === 'text') return redact(raw.text) as T;
  if (raw.text.trim() === '') {
    // "no content" is an answer only where nothing was asked for: an empty 200 to a list or a create is not "none"
    if (raw.status === 204 || method === 'DELETE') return undefined as T;
    throw new AbortError(
      new ApiError({
        method, route: path, status: raw.status, detail: '', code: 'api-bad-response',
        message: `${method} ${path}: ${raw.status} response has an empty body where Galileo sends JSON`,
        hint: 'check that GALILEO_API_URL / --api-url points at the Galileo API (not a proxy or the console), or retry later',
      }),
    );
  }
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

function seconds(ms: number): string {
  return `${Math.round(ms / 100) / 10} s`;
}

function asError(reason: unknown): Error {
  return reason instanceof Error ? reason : new Error(String(reason ?? 'aborted'));
}
