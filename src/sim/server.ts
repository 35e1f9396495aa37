import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { SimHttpError } from './http-error.js';
import type { Router, RouteContext, RouteResult } from './router.js';
import type { Sim } from './sim-context.js';
import type { Stats } from './stats.js';

/** Paths that need no credentials. */
const PUBLIC = new Set(['GET /healthcheck', 'POST /login/api_key', 'POST /login', 'GET /v2/healthcheck', 'POST /v2/login/api_key']);

export interface ServerDeps {
  sim: Sim;
  router: Router;
  stats: Stats;
  /** the `/__sim/*` routes (route-table.ts ADMIN_ROUTES) */
  admin: Router;
  onError?: (err: unknown) => void;
}

/** The node:http server: admin → knobs (drop, 429, 5xx, latency) → auth → route → fault-after knob → JSON. */
export function createSimServer(deps: ServerDeps): Server {
  const server = createServer((req, res) => {
    handle(req, res, deps).catch((err: unknown) => {
      deps.onError?.(err);
      if (!res.headersSent) send(res, 500, { detail: 'Internal Server Error' });
    });
  });
  server.keepAliveTimeout = 5_000;
  return server;
}

async function handle(req: IncomingMessage, res: ServerResponse, deps: ServerDeps): Promise<void> {
  const { sim, router, stats } = deps;
  const method = (req.method ?? 'GET').toUpperCase();
  const url = new URL(req.url ?? '/', 'http://sim.local');
  let path = url.pathname.replace(/\/{2,}$/, '/');
  if (path.length > 1 && path.endsWith('/')) path = path.slice(0, -1);

  if (path.startsWith('/__sim/') || path === '/__sim') {
    stats.admin();
    const rawBody = await readBody(req);
    const matched = deps.admin.match(method, path);
    if (matched === undefined) return send(res, 404, { detail: 'Not Found' });
    const ctx = makeContext(method, path, matched.params, url.searchParams, req, rawBody, '');
    try {
      return reply(res, await matched.route.handler(ctx));
    } catch (err) {
      return replyError(res, err, deps);
    }
  }

  const matched = router.match(method, path);
  stats.route(`${method} ${matched?.route.template ?? '(unmatched)'}`);

  const decision = sim.faults.decide(Date.now());
  if (decision.kind === 'drop') {
    stats.fault('dropped');
    req.socket.destroy();
    return;
  }
  if (decision.kind === 'rate-limited') {
    stats.fault('rate_limited');
    stats.status(429);
    await drain(req);
    return send(res, 429, { detail: 'Too many requests (simulated rate limit)' }, { 'retry-after': String(decision.retryAfterS) });
  }
  if (decision.kind === 'fault') {
    stats.fault('injected');
    stats.status(decision.status);
    await drain(req);
    return send(res, decision.status, { detail: `Simulated server fault (${decision.status})` });
  }

  const rawBody = await readBody(req);
  sim.requestLog.record(method, path, matched?.route.template, url.search, rawBody, req.headers['content-type'], res);
  // the latency is the answer's: it leaves delayMs after the request arrived, the work done meanwhile (as by a server
  // with a core per request: this one process would otherwise add the work of every request ahead in its queue)
  const answerAt = performance.now() + decision.delayMs;
  const latency = async (): Promise<void> => {
    const left = answerAt - performance.now();
    if (left > 0) await new Promise((r) => setTimeout(r, left));
  };

  try {
    const template = matched?.route.template;
    if (template === undefined || !PUBLIC.has(`${method} ${template}`)) sim.auth.check(req.headers);
    if (matched === undefined) {
      if (router.allowsOther(method, path)) throw new SimHttpError(405, { detail: 'Method Not Allowed' });
      throw new SimHttpError(404, { detail: 'Not Found' });
    }
    const prefix = path.startsWith('/v2/') ? '/v2' : '';
    const ctx = makeContext(method, path, matched.params, url.searchParams, req, rawBody, prefix);
    const result = await matched.route.handler(ctx);
    await latency();
    // the work is done (state changed); the fault-after knob may now lose the answer
    const lost = (result.status ?? 200) < 400 ? sim.faults.after(`${method} ${matched.route.template}`) : undefined;
    if (lost?.kind === 'drop-after') {
      stats.fault('after_dropped');
      req.socket.destroy();
      return;
    }
    if (lost?.kind === 'fault-after') {
      stats.fault('after_5xx');
      stats.status(lost.status);
      return send(res, lost.status, { detail: `Simulated server fault after processing (${lost.status})` });
    }
    stats.status(result.status ?? 200);
    reply(res, result);
  } catch (err) {
    await latency();
    stats.status(err instanceof SimHttpError ? err.status : 500);
    replyError(res, err, deps);
  }
}

function makeContext(
  method: string, path: string, params: Record<string, string>, query: URLSearchParams,
  req: IncomingMessage, rawBody: Buffer, prefix: string,
): RouteContext {
  let parsed: { v: unknown } | undefined;
  return {
    method, path, params, query, headers: req.headers, rawBody, prefix,
    json() {
      if (parsed !== undefined) return parsed.v;
      if (rawBody.length === 0) {
        parsed = { v: undefined };
        return undefined;
      }
      try {
        parsed = { v: JSON.parse(rawBody.toString('utf8')) };
      } catch (err) {
        throw new SimHttpError(422, { detail: [{ loc: ['body', 0], msg: `JSON decode error: ${(err as Error).message}`, type: 'json_invalid' }] });
      }
      return parsed.v;
    },
  };
}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(chunks.length === 1 ? (chunks[0] as Buffer) : Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

async function drain(req: IncomingMessage): Promise<void> {
  await readBody(req).catch(() => undefined);
}

function reply(res: ServerResponse, r: RouteResult): void {
  const status = r.status ?? 200;
  if (r.text !== undefined) {
    res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8', ...(r.headers ?? {}) });
    res.end(r.text);
    return;
  }
  if (r.body === undefined || status === 204) {
    res.writeHead(status, { ...(r.headers ?? {}) });
    res.end();
    return;
  }
  send(res, status, r.body, r.headers);
}

function replyError(res: ServerResponse, err: unknown, deps: ServerDeps): void {
  if (err instanceof SimHttpError) return send(res, err.status, err.body, err.headers);
  deps.onError?.(err);
  send(res, 500, { detail: 'Internal Server Error' });
}

function send(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text), ...headers });
  res.end(text);
}
