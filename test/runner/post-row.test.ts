import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { GalctlError } from '../../src/core/errors.js';
import { postRow } from '../../src/runner/post-row.js';
import { runnerUrlProblem } from '../../src/runner/runner-url-problem.js';
import { startApp } from './loopback-app.js';

describe('postRow: the url form, a real loopback server', () => {
  it('POSTs the row as JSON and reads a plain-text answer; no galctl credentials are sent', async () => {
    const app = await startApp((row) => ({ body: `you asked ${String(row['input'])}\n` }));
    const r = await postRow(app.url, { input: 'q1', output: 'a1' }, { timeoutMs: 10_000 });
    expect(r).toMatchObject({ ok: true, output: 'you asked q1', spans: [] });
    expect(app.received[0]?.body).toEqual({ input: 'q1', output: 'a1' });
    const headers = app.received[0]?.headers ?? {};
    expect(headers['content-type']).toBe('application/json');
    for (const h of ['galileo-api-key', 'authorization', 'cookie']) expect(headers[h]).toBeUndefined();
  });

  it('reads a JSON answer with spans', async () => {
    const app = await startApp(() => ({ body: JSON.stringify({ output: 'ok', spans: [{ type: 'retriever', input: 'q', output: ['doc'] }] }) }));
    const r = await postRow(app.url, { input: 'q' }, { timeoutMs: 10_000 });
    expect(r).toMatchObject({ ok: true, output: 'ok', spans: [{ type: 'retriever', input: 'q', output: [{ content: 'doc' }] }] });
  });

  it('an HTTP error status fails the row with the status and the body', async () => {
    const app = await startApp(() => ({ status: 500, body: 'model crashed' }));
    expect((await postRow(app.url, { input: 'q' }, { timeoutMs: 10_000 })).error).toEqual({ kind: 'http', message: 'the application answered HTTP 500: model crashed' });
  });

  it('bad JSON and timeouts fail the row', async () => {
    const app = await startApp((row) => (row['input'] === 'slow' ? { body: 'late', delayMs: 5000 } : { body: '{"output": ' }));
    expect((await postRow(app.url, { input: 'q' }, { timeoutMs: 10_000 })).error?.kind).toBe('bad-answer');
    expect((await postRow(app.url, { input: 'slow' }, { timeoutMs: 300 })).error).toEqual({ kind: 'timeout', message: 'no answer within 300 ms (timeout)' });
  });

  it('a server that is not there fails the row, naming the cause', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const r = await postRow(`http://127.0.0.1:${port}/answer`, { input: 'q' }, { timeoutMs: 10_000 });
    expect(r.error).toMatchObject({ kind: 'http', message: expect.stringMatching(new RegExp(`^cannot reach http://127\\.0\\.0\\.1:${port}: .*ECONNREFUSED`)) });
  });

  it('refuses plain http to a host that is not loopback, before any request', async () => {
    await expect(postRow('http://example.com/answer', { input: 'q' }, { timeoutMs: 1000 })).rejects.toThrow(GalctlError);
    await expect(postRow('http://example.com/answer', { input: 'q' }, { timeoutMs: 1000 })).rejects.toThrow('runner url http://example.com is plain http to a host that is not loopback');
  });
});

describe('runnerUrlProblem', () => {
  it.each([
    ['http://127.0.0.1:8080/answer', undefined],
    ['http://localhost/a', undefined],
    ['http://[::1]:9/a', undefined],
    ['https://app.example.com/answer', undefined],
    ['http://10.0.0.5/answer', 'plain http to a host that is not loopback'],
    ['http://127.evil.com/', 'plain http to a host that is not loopback'],
    ['ftp://127.0.0.1/x', 'is not http or https'],
    ['not a url', 'is not a URL'],
    ['https://user:pw@app.example.com/', 'holds a user name or password'],
  ])('%s', (url, problem) => {
    const p = runnerUrlProblem(url);
    if (problem === undefined) expect(p).toBeUndefined();
    else expect(p?.message).toContain(problem);
  });
});
