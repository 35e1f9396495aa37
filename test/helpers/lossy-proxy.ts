import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { onTestFinished } from 'vitest';

/** What the proxy does with one request: pass it on, drop it unsent, or send it and drop the answer. */
export type ProxyFate = 'pass' | 'drop-before' | 'drop-after';

/** Hooks of startProxy: `fate` as a request arrives; `answered` once the simulator answered it, before the relay. */
export interface ProxyHooks {
  fate?(method: string, path: string): ProxyFate | Promise<ProxyFate>;
  answered?(method: string, path: string): void | Promise<void>;
}

/** A loopback HTTP proxy in front of the simulator, its hooks deciding each request's fate; closed when the current test finishes. */
export async function startProxy(upstream: string, hooks: ProxyHooks): Promise<string> {
  const server = createServer((req, res) => {
    void (async () => {
      const body = await readAll(req);
      const method = req.method ?? 'GET';
      const path = req.url ?? '/';
      const what = (await hooks.fate?.(method, path)) ?? 'pass';
      if (what === 'drop-before') {
        req.socket.destroy();
        return;
      }
      const headers: Record<string, string> = {};
      for (const [k, v] of Object.entries(req.headers)) if (typeof v === 'string' && !['host', 'connection', 'content-length', 'transfer-encoding', 'keep-alive'].includes(k)) headers[k] = v;
      const up = await fetch(upstream + path, { method, headers, ...(body.length > 0 ? { body } : {}) });
      const text = Buffer.from(await up.arrayBuffer());
      await hooks.answered?.(method, path);
      if (what === 'drop-after') {
        req.socket.destroy();
        return;
      }
      const out: Record<string, string> = {};
      up.headers.forEach((v, k) => {
        if (k !== 'content-length' && k !== 'transfer-encoding' && k !== 'connection' && k !== 'keep-alive') out[k] = v;
      });
      res.writeHead(up.status, { ...out, 'content-length': String(text.length) });
      res.end(text);
    })().catch(() => req.socket.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  onTestFinished(
    () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  );
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

/**
 * A loopback HTTP proxy in front of the simulator that loses chosen requests the way a network does: `drop-before`
 * closes the connection without forwarding (nothing landed), `drop-after` forwards, lets the simulator process the
 * request, then closes the connection instead of answering (it landed, the client cannot know). Closed when the
 * current test finishes.
 */
export function startLossyProxy(upstream: string, fate: (method: string, path: string) => ProxyFate): Promise<string> {
  return startProxy(upstream, { fate });
}

function readAll(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}
