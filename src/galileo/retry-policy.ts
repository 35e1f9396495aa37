/**
 * What the client retries, and how long it waits. Pure: the client (create-client.ts) feeds it statuses and
 * headers; p-retry counts the attempts.
 *
 * Only idempotent requests are retried on ambiguous failures: GET/PUT/DELETE, and POSTs the caller marks
 * `idempotent` (list/search/query/count, validation polls, scorer/metric-settings upserts). A create (POST
 * /scorers, POST /datasets, a new version, ...) has no idempotency key in Galileo's API, so the client never
 * re-sends it: no status proves that the server did not process it (a 503 or even a 429 from a proxy may come
 * after the work was done). Only connection errors raised before a byte was sent (refused, DNS, connect timeout)
 * are retried. Any other failure of a create (connection reset, timeout, 408, 429, 5xx) may have landed: the
 * client throws ApiError with `maybeLanded: true`, and the apply engine re-reads what exists, adopts what landed
 * and sends again only what is verifiably absent (sendOrRecover in src/apply/step-context.ts).
 */

/** Statuses worth retrying on an idempotent request. https://developer.mozilla.org/en-US/docs/Web/HTTP/Status */
export const RETRYABLE_STATUS: ReadonlySet<number> = new Set([
  408, // Request Timeout: the server gave up waiting for the request
  429, // Too Many Requests: rate limited, honour Retry-After
  502, // Bad Gateway: a proxy could not reach Galileo
  503, // Service Unavailable: overloaded or deploying, honour Retry-After
  504, // Gateway Timeout: a proxy timed out
]);

/** Connection errors raised before the request reached the server: retrying them cannot duplicate anything. */
const CONNECT_ERROR_CODES: ReadonlySet<string> = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'UND_ERR_CONNECT_TIMEOUT',
]);

export function isConnectError(code: string | undefined): boolean {
  return code !== undefined && CONNECT_ERROR_CODES.has(code);
}

export type Failure =
  | { type: 'status'; status: number }
  /** `code` is the Node/undici error code (ECONNRESET, UND_ERR_SOCKET, ...) */
  | { type: 'network'; code: string | undefined };

export interface RetryDecision {
  retry: boolean;
  /** a non-idempotent request failed in a way that may have been processed */
  maybeLanded: boolean;
}

export function decideRetry(failure: Failure, idempotent: boolean): RetryDecision {
  if (failure.type === 'network') {
    if (idempotent || isConnectError(failure.code)) return { retry: true, maybeLanded: false };
    return { retry: false, maybeLanded: true };
  }
  const { status } = failure;
  if (idempotent) {
    // a 500 on a read is usually transient; on a write it may mean "half done", so only reads retry it
    return { retry: RETRYABLE_STATUS.has(status) || status === 500, maybeLanded: false };
  }
  // a create is never re-sent here, whatever the status: the caller re-reads first
  return { retry: false, maybeLanded: status >= 500 || status === 408 || status === 429 };
}

/** true for the methods HTTP defines as idempotent; POST and PATCH need the caller's word. */
export function isIdempotentMethod(method: string): boolean {
  return method === 'GET' || method === 'HEAD' || method === 'PUT' || method === 'DELETE' || method === 'OPTIONS';
}

/**
 * `Retry-After` in milliseconds: delay-seconds or an HTTP date (RFC 9110 §10.2.3). undefined when absent or
 * unreadable; never negative; capped so a hostile or broken server cannot park the CLI for an hour.
 */
export function parseRetryAfter(value: string | undefined, nowMs: number, capMs: number): number | undefined {
  if (value === undefined) return undefined;
  const v = value.trim();
  if (v === '') return undefined;
  let ms: number;
  if (/^\d+(\.\d+)?$/.test(v)) ms = Number(v) * 1000;
  else {
    const at = Date.parse(v);
    if (Number.isNaN(at)) return undefined;
    ms = at - nowMs;
  }
  return Math.min(Math.max(0, Math.round(ms)), capMs);
}

export interface BackoffOptions {
  minDelayMs: number;
  maxDelayMs: number;
}

/**
 * Exponential backoff with "full jitter" (delay uniform in [0.5, 1] × min·2^(n-1), capped): clients that failed
 * together do not retry together. `attempt` is the 1-based number of the retry; `random` ∈ [0, 1).
 */
export function backoffDelay(attempt: number, opts: BackoffOptions, random: number): number {
  const base = Math.min(opts.maxDelayMs, opts.minDelayMs * 2 ** Math.max(0, attempt - 1));
  return Math.round(base * (0.5 + random / 2));
}

/** The wait before the next attempt: the server's Retry-After when given (capped), else backoff with jitter. */
export function retryDelay(
  attempt: number,
  retryAfterMs: number | undefined,
  opts: BackoffOptions,
  random: number,
): number {
  if (retryAfterMs !== undefined) return Math.min(retryAfterMs, opts.maxDelayMs);
  return backoffDelay(attempt, opts, random);
}
