import { describe, expect, it } from 'vitest';
import { backoffDelay, decideRetry, parseRetryAfter, retryDelay } from '../../src/galileo/retry-policy.js';

describe('decideRetry', () => {
  it.each([
    // [failure, idempotent, retry, maybeLanded]
    [{ type: 'status', status: 503 }, true, true, false],
    [{ type: 'status', status: 429 }, true, true, false],
    [{ type: 'status', status: 408 }, true, true, false],
    [{ type: 'status', status: 500 }, true, true, false],
    [{ type: 'status', status: 502 }, true, true, false],
    [{ type: 'status', status: 422 }, true, false, false],
    [{ type: 'status', status: 404 }, true, false, false],
    [{ type: 'status', status: 409 }, true, false, false],
    // creates: never re-sent by the client on any status; a 429 or 503 may come after the work was done
    [{ type: 'status', status: 429 }, false, false, true],
    [{ type: 'status', status: 503 }, false, false, true],
    [{ type: 'status', status: 408 }, false, false, true],
    [{ type: 'status', status: 500 }, false, false, true],
    [{ type: 'status', status: 502 }, false, false, true],
    [{ type: 'status', status: 504 }, false, false, true],
    [{ type: 'status', status: 422 }, false, false, false],
    [{ type: 'network', code: 'ECONNRESET' }, true, true, false],
    [{ type: 'network', code: 'ECONNRESET' }, false, false, true],
    [{ type: 'network', code: 'UND_ERR_SOCKET' }, false, false, true],
    [{ type: 'network', code: 'ECONNREFUSED' }, false, true, false],
  ] as const)('%j idempotent=%s → retry %s, maybeLanded %s', (failure, idempotent, retry, maybeLanded) => {
    expect(decideRetry(failure, idempotent)).toEqual({ retry, maybeLanded });
  });
});

describe('parseRetryAfter', () => {
  const now = Date.parse('2026-01-01T00:00:00Z');
  it.each([
    [undefined, undefined],
    ['', undefined],
    ['soon', undefined],
    ['0', 0],
    ['2', 2000],
    ['1.5', 1500],
    ['3600', 30_000], // capped
    ['Thu, 01 Jan 2026 00:00:05 GMT', 5000],
    ['Wed, 31 Dec 2025 23:59:00 GMT', 0], // in the past
  ])('%j → %j', (header, ms) => {
    expect(parseRetryAfter(header, now, 30_000)).toBe(ms);
  });
});

describe('backoff', () => {
  const opts = { minDelayMs: 100, maxDelayMs: 1000 };
  it('doubles per attempt with jitter between half and full, capped', () => {
    expect([1, 2, 3, 4, 5].map((n) => backoffDelay(n, opts, 0.999999))).toEqual([100, 200, 400, 800, 1000]);
    expect([1, 2, 3, 4, 5].map((n) => backoffDelay(n, opts, 0))).toEqual([50, 100, 200, 400, 500]);
  });
  it('prefers Retry-After, capped by the max delay', () => {
    expect(retryDelay(1, 700, opts, 0)).toBe(700);
    expect(retryDelay(1, 5000, opts, 0)).toBe(1000);
    expect(retryDelay(3, undefined, opts, 0)).toBe(200);
  });
});
