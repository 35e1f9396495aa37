import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** What the proxy does to one response: pass it, or answer something hostile instead. */
export type Hostility = (ctx: { method: string; path: string; query: URLSearchParams; status: number; body: unknown; text: string }, res: ServerResponse) => boolean;

export interface HostileProxy {
  url: string;
  /** requests seen, by `METHOD path` */
  seen: string[];
  setHostility(h: Hostility | undefined): void;
  close(): Promise<void>;
}

/**
 * A proxy in front of the simulator that forwards every request and, when the hostility hook says so, answers
 * with something a broken or hostile API might send (missing fields, wrong types, HTML, endless bodies, endless
 * pagination). Everything else stays the simulator's real behaviour.
 */
export async function startHostileProxy(upstream: string): Promise<HostileProxy> {
  let hostility: Hostility | undefined;
  const seen: string[] = [];
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      void (async () => {
        const url = new URL(req.url ?? '/', 'http://proxy');
        seen.push(`${req.method} ${url.pathname}`);
        const headers: Record<string, string> = {};
        for (const [k, v] of Object.entries(req.headers)) if (typeof v === 'string' && k !== 'host' && k !== 'content-length') headers[k] = v;
        const body = Buffer.concat(chunks);
        const up = await fetch(`${upstream}${req.url ?? '/'}`, { method: req.method ?? 'GET', headers, ...(body.length > 0 ? { body } : {}) });
        const text = await up.text();
        let parsed: unknown;
        try {
          parsed = text === '' ? undefined : JSON.parse(text);
        } catch {
          parsed = undefined;
        }
        if (hostility?.({ method: req.method ?? 'GET', path: url.pathname, query: url.searchParams, status: up.status, body: parsed, text }, res) === true) return;
        // the ETag too: galctl edits its inventory (and datasets) only with If-Match
        const etag = up.headers.get('etag');
        res.writeHead(up.status, { 'content-type': up.headers.get('content-type') ?? 'application/json', ...(etag === null ? {} : { etag }) });
        res.end(text);
      })().catch(() => {
        if (!res.headersSent) res.writeHead(502);
        res.end();
      });
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    seen,
    setHostility: (h) => void (hostility = h),
    close: () => new Promise((r) => {
      server.closeAllConnections();
      server.close(() => r());
    }),
  };
}

export const sendJson = (res: ServerResponse, status: number, body: unknown): true => {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
  return true;
};

export const sendText = (res: ServerResponse, status: number, text: string, type = 'text/html'): true => {
  res.writeHead(status, { 'content-type': type });
  res.end(text);
  return true;
};

/** A 200 whose JSON body never ends (1 MB chunks until the client hangs up). */
export const sendEndless = (res: ServerResponse): true => {
  res.writeHead(200, { 'content-type': 'application/json' });
  const chunk = Buffer.alloc(1024 * 1024, 0x61);
  res.write('{"projects": ["');
  const pump = (): void => {
    while (!res.destroyed && res.write(chunk));
    if (!res.destroyed) res.once('drain', pump);
  };
  res.on('close', () => undefined);
  pump();
  return true;
};
