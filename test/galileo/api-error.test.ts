import { describe, expect, it } from 'vitest';
import { ApiError, flattenErrorDetail, isAlreadyExists, isNotFound } from '../../src/galileo/api-error.js';
import { toApiError, toNetworkError } from '../../src/galileo/read-response.js';

const raw = (status: number, body: unknown, headers: Record<string, string> = {}) => ({
  status,
  headers,
  text: typeof body === 'string' ? body : JSON.stringify(body),
});

describe('flattenErrorDetail', () => {
  it.each([
    [{ detail: 'Name already exists' }, 'name already exists'],
    [{ detail: [{ loc: ['body', 'name'], msg: 'Name already exists', type: 'value_error' }] }, 'name: Name already exists'],
    [
      { detail: [{ loc: ['body', 'name'], msg: 'field required' }, { loc: ['query', 'format'], msg: 'bad' }] },
      'name: field required; query.format: bad',
    ],
    [{ standard_error: { message: 'Rate limited', user_action: 'wait' } }, 'rate limited (wait)'],
    [{ detail: 'ETag mismatch' }, 'ETag mismatch'],
  ])('%j → %s', (body, text) => {
    expect(flattenErrorDetail(body)).toBe(text);
  });

  it('takes the first characters of an HTML page, tags stripped', () => {
    const html = `<html><head><title>502 Bad Gateway</title></head><body>${'x'.repeat(500)}</body></html>`;
    const d = flattenErrorDetail(undefined, html);
    expect(d.startsWith('502 Bad Gateway')).toBe(true);
    expect(d.length).toBeLessThanOrEqual(101);
  });
});

describe('toApiError', () => {
  it('names the request and the detail', () => {
    const err = toApiError('POST', '/scorers', 'http://x', raw(422, { detail: [{ loc: ['body', 'name'], msg: 'Name already exists' }] }), false);
    expect(err).toBeInstanceOf(ApiError);
    expect(err.message).toBe('POST /scorers: 422 name: Name already exists');
    expect(isAlreadyExists(err)).toBe(true);
    expect(isNotFound(err)).toBe(false);
    expect(err.exitCode).toBe(1);
  });

  it('says what to do on 401 and 403, without the key', () => {
    const e401 = toApiError('GET', '/projects/paginated', 'https://api.example', raw(401, { detail: 'Invalid API key' }), false);
    expect(e401.message).toMatch(/^check GALILEO_API_KEY: the API at https:\/\/api\.example answered 401/);
    expect(e401.message).not.toContain('\n');
    const e403 = toApiError('DELETE', '/scorers/1', 'https://api.example', raw(403, { detail: 'forbidden' }), false);
    expect(e403.message).toContain('answered 403 to DELETE /scorers/1');
    expect(e403.hint).toBeDefined();
  });

  it.each([
    [409, { detail: 'Conflict' }, true],
    [409, {}, true],
    [422, { detail: 'Dataset with name x already exists' }, true],
    [422, { detail: [{ loc: ['body', 'name'], msg: 'Field required' }] }, false],
    [400, { detail: 'already exists' }, false],
  ])('isAlreadyExists: %i %j → %s (any 409 is a conflict, as [PY] ConflictError)', (status, body, expected) => {
    expect(isAlreadyExists(toApiError('POST', '/projects', 'http://x', raw(status, body), false))).toBe(expected);
  });

  it('marks a maybe-landed create', () => {
    const err = toApiError('POST', '/datasets', 'http://x', raw(502, '<html>bad gateway</html>'), true);
    expect(err.maybeLanded).toBe(true);
    expect(err.message).toBe('POST /datasets: 502 bad gateway');
  });
});

describe('toNetworkError', () => {
  it('connect errors say which URL cannot be reached', () => {
    const cause = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:9'), { code: 'ECONNREFUSED' });
    const err = toNetworkError('GET', '/projects', 'http://127.0.0.1:9', cause, false);
    expect(err.message).toBe('cannot reach http://127.0.0.1:9: connect ECONNREFUSED 127.0.0.1:9');
    expect(err.hint).toContain('GALILEO_API_URL');
    expect(err.status).toBe(0);
  });
});
