import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { ApiError } from '../../src/galileo/api-error.js';
import { createGalileoClient, type GalileoClient } from '../../src/galileo/create-client.js';
import { collect, paginate } from '../../src/galileo/paginate.js';

// Client behaviour that needs a misbehaving server (HTML pages, runaway bodies, looping tokens) runs against a
// small scripted node:http server; everything Galileo-shaped is tested against the simulator (client-sim.test.ts).

type Handler = (req: IncomingMessage, body: string, res: ServerResponse) => void;
const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const close of closers.splice(0)) await close();
});

async function serve(handler: Handler): Promise<{ url: string; seen: { method: string; url: string; headers: IncomingMessage['headers']; body: string }[] }> {
  const seen: { method: string; url: string; headers: IncomingMessage['headers']; body: string }[] = [];
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString('utf8')));
    req.on('end', () => {
      seen.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, body });
      handler(req, body, res);
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  closers.push(() => new Promise((r) => { server.closeAllConnections(); server.close(() => r()); }));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, seen };
}

function client(url: string, extra: Partial<Parameters<typeof createGalileoClient>[0]> = {}): GalileoClient {
  const c = createGalileoClient({ apiUrl: url, apiKey: 'sk-test-secret', minRetryDelayMs: 1, maxRetryDelayMs: 20, ...extra });
  closers.push(() => c.close());
  return c;
}

const json = (res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void => {
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(JSON.stringify(body));
};

describe('createGalileoClient', () => {
  it('sends the key as Galileo-API-Key and JSON bodies, and parses JSON', async () => {
    const srv = await serve((_req, body, res) => json(res, 200, { echo: JSON.parse(body) }));
    const c = client(srv.url);
    const res = await c.request<{ echo: unknown }>('POST', '/projects/paginated', { body: { a: 1 }, query: { limit: 5, x: undefined } });
    expect(res.data.echo).toEqual({ a: 1 });
    expect(srv.seen[0]?.headers['galileo-api-key']).toBe('sk-test-secret');
    expect(srv.seen[0]?.headers['content-type']).toBe('application/json');
    expect(srv.seen[0]?.url).toBe('/projects/paginated?limit=5');
  });

  it('retries an idempotent read on 503, honouring Retry-After, and counts it', async () => {
    let n = 0;
    const srv = await serve((_req, _b, res) => (++n < 3 ? json(res, 503, { detail: 'busy' }, { 'retry-after': '0' }) : json(res, 200, { ok: true })));
    const c = client(srv.url);
    const res = await c.request<{ ok: boolean }>('GET', '/projects/0b7c0f2e-7b35-4c0f-9e2a-8c8f5b8f6d11');
    expect(res.data.ok).toBe(true);
    const s = c.stats();
    expect(s.requests).toEqual({ 'GET /projects/{project_id}': 3 });
    expect(s.retries).toBe(2);
    expect(s.byStatus).toEqual({ '503': 2, '200': 1 });
  });

  it('gives up after the configured retries with the last error', async () => {
    const srv = await serve((_req, _b, res) => json(res, 502, { detail: 'bad gateway' }));
    const c = client(srv.url, { retries: 2 });
    await expect(c.request('GET', '/scorers/tags')).rejects.toThrow('GET /scorers/tags: 502 bad gateway');
    expect(srv.seen).toHaveLength(3);
  });

  it('does not re-send a create after a 500: maybeLanded', async () => {
    const srv = await serve((_req, _b, res) => json(res, 500, { detail: 'internal' }));
    const c = client(srv.url);
    const err = await c.request('POST', '/scorers', { body: { name: 'x' } }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ApiError);
    expect((err as ApiError).maybeLanded).toBe(true);
    expect(srv.seen).toHaveLength(1);
  });

  it.each([429, 503])('never re-sends a create after a %s: maybeLanded, so the caller re-reads first', async (status) => {
    let n = 0;
    const srv = await serve((_req, _b, res) => (++n === 1 ? json(res, status, { detail: 'busy' }, { 'retry-after': '0' }) : json(res, 200, { id: 'a' })));
    const c = client(srv.url);
    const err = (await c.request('POST', '/scorers', { body: { name: 'x' } }).catch((e: unknown) => e)) as ApiError;
    expect(err.maybeLanded).toBe(true);
    expect(err.status).toBe(status);
    expect(srv.seen).toHaveLength(1);
  });

  it('does not re-send a create whose connection dropped', async () => {
    const srv = await serve((req) => req.socket.destroy());
    const c = client(srv.url);
    const err = (await c.request('POST', '/datasets', { body: {} }).catch((e: unknown) => e)) as ApiError;
    expect(err.maybeLanded).toBe(true);
    expect(err.message).toMatch(/^POST \/datasets: no response from http:\/\/127\.0\.0\.1:\d+/);
    expect(srv.seen).toHaveLength(1);
  });

  it('a 404 on a retried DELETE counts as done', async () => {
    let n = 0;
    const srv = await serve((req, _b, res) => (++n === 1 ? req.socket.destroy() : json(res, 404, { detail: 'not found' })));
    const c = client(srv.url);
    const res = await c.request('DELETE', '/scorers/5b1f3c1e-1f0c-4c1e-8f5e-3f9c1b1b1b1b');
    expect(res.status).toBe(404);
  });

  it('an HTML page instead of JSON is a clear error with the first characters', async () => {
    const srv = await serve((_req, _b, res) => {
      res.writeHead(200, { 'content-type': 'text/html' });
      res.end('<html><body><h1>Galileo Console</h1>' + 'y'.repeat(1000) + '</body></html>');
    });
    const c = client(srv.url);
    await expect(c.request('GET', '/projects')).rejects.toThrow(/^GET \/projects: 200 response is not JSON: Galileo Console y+…$/);
  });

  it('a server trickling its body a byte at a time (slow loris) hits the per-request deadline', async () => {
    const timers: NodeJS.Timeout[] = [];
    const srv = await serve((_req, _b, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.write('{"a": "');
      timers.push(setInterval(() => res.write('x'), 20));
    });
    closers.push(async () => timers.forEach(clearInterval));
    const c = client(srv.url, { deadlineMs: 300, retries: 1 });
    const err = (await c.request('GET', '/projects/all').catch((e: unknown) => e)) as ApiError;
    expect(err.message).toMatch(/^GET \/projects\/all: no response from http:\/\/127\.0\.0\.1:\d+: no complete response within 0\.3 s/);
    expect(srv.seen).toHaveLength(2); // a read is retried once, then gives up
  });

  it('refuses a body over the cap', async () => {
    const srv = await serve((_req, _b, res) => json(res, 200, { big: 'z'.repeat(5000) }));
    const c = client(srv.url, { maxBodyBytes: 1000 });
    await expect(c.request('GET', '/datasets')).rejects.toThrow(/response larger than/);
  });

  it('401 is one line that says what to do and never shows the key', async () => {
    const srv = await serve((_req, _b, res) => json(res, 401, { detail: 'Invalid API key sk-test-secret' }));
    const c = client(srv.url);
    const err = (await c.request('GET', '/projects/all').catch((e: unknown) => e)) as ApiError;
    expect(err.message).toBe(`check GALILEO_API_KEY: the API at ${srv.url} answered 401 (GET /projects/all)`);
    expect(srv.seen).toHaveLength(1);
  });

  it('an unreachable URL fails fast with what to check', async () => {
    const srv = await serve(() => undefined);
    const deadUrl = srv.url;
    await closers.splice(0)[0]?.();
    const c = client(deadUrl, { retries: 5 });
    const err = (await c.request('GET', '/projects/all').catch((e: unknown) => e)) as ApiError;
    expect(err.message).toMatch(/^cannot reach http:\/\/127\.0\.0\.1:\d+: .*ECONNREFUSED/);
    expect(err.hint).toContain('--api-url');
    expect(c.stats().requests['GET /projects/all']).toBe(3); // first try + 2 connect retries
  });

  it('never runs more requests at once than the concurrency limit', async () => {
    let inFlight = 0;
    let peak = 0;
    const srv = await serve((_req, _b, res) => {
      inFlight += 1;
      peak = Math.max(peak, inFlight);
      setTimeout(() => {
        inFlight -= 1;
        json(res, 200, {});
      }, 5);
    });
    const c = client(srv.url, { concurrency: 3 });
    await Promise.all(Array.from({ length: 12 }, () => c.request('GET', '/healthcheck')));
    expect(peak).toBe(3);
    const s = c.stats();
    expect(s.requests['GET /healthcheck']).toBe(12);
    // request time excludes waiting for a slot: at most 3 requests overlap, so it is at most 3 × wall time
    expect(s.totalMs).toBeLessThanOrEqual(3 * s.wallMs + 3);
  });

  it('sends multipart forms with files', async () => {
    const srv = await serve((_req, body, res) => json(res, 200, { body }));
    const c = client(srv.url);
    const form = new FormData();
    form.append('name', 'capitals');
    form.append('file', new Blob(['input,output\nFrance,Paris\n'], { type: 'text/csv' }), 'capitals.csv');
    await c.request('POST', '/datasets', { form, query: { format: 'csv' } });
    const seen = srv.seen[0];
    expect(seen?.headers['content-type']).toMatch(/^multipart\/form-data; boundary=/);
    expect(seen?.body).toContain('name="file"; filename="capitals.csv"\r\nContent-Type: text/csv\r\n\r\ninput,output\nFrance,Paris\n');
    expect(seen?.body).toContain('name="name"\r\n\r\ncapitals\r\n');
  });
});

describe('paginate', () => {
  it('follows integer tokens in the query until null', async () => {
    const srv = await serve((req, _b, res) => {
      const u = new URL(req.url ?? '', 'http://x');
      const start = Number(u.searchParams.get('starting_token'));
      const items = [start, start + 1].filter((i) => i < 5).map((i) => ({ id: `s${i}` }));
      json(res, 200, { scorers: items, next_starting_token: start + 2 < 5 ? start + 2 : null });
    });
    const c = client(srv.url);
    const all = await collect(paginate<{ id: string }>(c, { method: 'POST', path: '/scorers/list', itemsKey: 'scorers', tokenIn: 'query', body: { filters: [] }, limit: 2 }));
    expect(all.map((s) => s.id)).toEqual(['s0', 's1', 's2', 's3', 's4']);
    expect(c.stats().requests['POST /scorers/list']).toBe(3);
  });

  it('puts the token in the body for search endpoints', async () => {
    const srv = await serve((_req, body, res) => {
      const b = JSON.parse(body) as { starting_token: number };
      json(res, 200, { log_streams: [{ id: `l${b.starting_token}` }], next_starting_token: b.starting_token === 0 ? 1 : null });
    });
    const c = client(srv.url);
    const all = await collect(paginate<{ id: string }>(c, { method: 'POST', path: '/projects/p/log_streams/search', itemsKey: 'log_streams', tokenIn: 'body', body: { filters: [] } }));
    expect(all.map((l) => l.id)).toEqual(['l0', 'l1']);
  });

  it('a token that never ends is an error, not a hang', async () => {
    const srv = await serve((req, _b, res) => {
      const start = Number(new URL(req.url ?? '', 'http://x').searchParams.get('starting_token'));
      json(res, 200, { datasets: [{ id: `d${start}` }], next_starting_token: start + 1 });
    });
    const c = client(srv.url);
    await expect(collect(paginate(c, { method: 'GET', path: '/datasets', itemsKey: 'datasets', tokenIn: 'query', maxPages: 20 }))).rejects.toThrow(
      'GET /datasets: still paging after 20 pages',
    );
  });

  it('a token that does not move forward is an error', async () => {
    const srv = await serve((_req, _b, res) => json(res, 200, { datasets: [{ id: 'd1' }], next_starting_token: 0 }));
    const c = client(srv.url);
    await expect(collect(paginate(c, { method: 'GET', path: '/datasets', itemsKey: 'datasets', tokenIn: 'query' }))).rejects.toThrow(
      /does not move past 0/,
    );
  });
});

describe('paginate refuses malformed pages (taken as empty, they would plan duplicates)', () => {
  it.each([
    ['a JSON array', [1, 2], 'expected an object with "datasets", got a list'],
    ['null', null, 'expected an object with "datasets", got null'],
    ['no items field', { next_starting_token: null }, 'no "datasets" list'],
    ['items not a list', { datasets: 'none' }, '"datasets" is a string, not a list'],
    ['an item that is a string', { datasets: ['x'] }, 'datasets[0] is a string, not an object'],
    ['an item without an id', { datasets: [{ id: 'a' }, { name: 'b' }] }, 'datasets[1].id is missing, not a string'],
    ['an id that is a number', { datasets: [{ id: 42 }] }, 'datasets[0].id is a number, not a string'],
    ['a name that is an object', { datasets: [{ id: 'a', name: { x: 1 } }] }, 'datasets[0].name is an object, not a string'],
  ])('%s', async (_name, body, message) => {
    const srv = await serve((_req, _b, res) => json(res, 200, body));
    const c = client(srv.url);
    await expect(collect(paginate(c, { method: 'POST', path: '/datasets/query', itemsKey: 'datasets', tokenIn: 'query' }))).rejects.toThrow(
      `unexpected response from POST /datasets/query: ${message}`,
    );
  });

  it('items without an id are fine when the list has none (itemId: null)', async () => {
    const srv = await serve((_req, _b, res) => json(res, 200, { versions: [{ version_index: 2, name: null }] }));
    const c = client(srv.url);
    expect(await collect(paginate(c, { method: 'POST', path: '/datasets/d/versions/query', itemsKey: 'versions', itemId: null, tokenIn: 'query' }))).toEqual([{ version_index: 2, name: null }]);
  });
});

describe('key hygiene', () => {
  it('an error body that echoes the key is redacted', async () => {
    const srv = await serve((_req, _b, res) => json(res, 403, { detail: 'key sk-test-secret may not do this' }));
    const c = client(srv.url);
    const err = (await c.request('GET', '/projects/all').catch((e: unknown) => e)) as ApiError;
    expect(err.message).toContain('key <redacted> may not do this');
    expect(JSON.stringify({ m: err.message, d: err.detail, h: err.hint })).not.toContain('sk-test-secret');
  });

  it('a 200 HTML page that echoes the key is redacted in the not-JSON error', async () => {
    const srv = await serve((_req, _b, res) => {
      res.writeHead(200, { 'content-type': 'text/html' });
      res.end('<html>key=sk-test-secret</html>');
    });
    const c = client(srv.url);
    const err = (await c.request('GET', '/projects/all').catch((e: unknown) => e)) as ApiError;
    expect(err.message).toMatch(/^GET \/projects\/all: 200 response is not JSON: key=/);
    expect(err.message).not.toContain('sk-test-secret');
  });

  it('debug lines carry method, path, status and time, never the key', async () => {
    const srv = await serve((_req, _b, res) => json(res, 200, {}));
    const lines: string[] = [];
    const c = client(srv.url, { debug: (l) => lines.push(l) });
    await c.request('GET', '/projects/all', { query: { key: 'x' } });
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^http GET \/projects\/all 200 \d+ms$/);
  });
});
