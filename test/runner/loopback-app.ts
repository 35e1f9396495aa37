import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { onTestFinished } from 'vitest';

export interface Received {
  headers: IncomingHttpHeaders;
  body: unknown;
}

/**
 * A loopback application: answers each POST with `answer(row)` after `delayMs`; records what it received and the
 * most requests it had in flight at once. Closed when the test ends.
 */
export async function startApp(answer: (row: Record<string, unknown>) => { status?: number; body: string; delayMs?: number }): Promise<{ url: string; received: Received[]; maxInFlight: () => number }> {
  const received: Received[] = [];
  let inFlight = 0;
  let max = 0;
  const server: Server = createServer((req, res) => {
    let text = '';
    req.on('data', (c: Buffer) => (text += c.toString('utf8')));
    inFlight += 1;
    max = Math.max(max, inFlight);
    res.on('close', () => (inFlight -= 1));
    req.on('end', () => {
      const row = JSON.parse(text) as Record<string, unknown>;
      received.push({ headers: req.headers, body: row });
      const a = answer(row);
      setTimeout(() => {
        res.writeHead(a.status ?? 200, { 'content-type': 'text/plain' });
        res.end(a.body);
      }, a.delayMs ?? 0);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  onTestFinished(() => new Promise<void>((resolve) => {
    server.closeAllConnections();
    server.close(() => resolve());
  }));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/answer`, received, maxInFlight: () => max };
}
