/**
 * A null sink for the client-side ingest row: an HTTP server on loopback that reads and drops every request body
 * and answers at once with one small JSON object that satisfies every call the ingest makes (an `id` for the project
 * and run creates, `total_count: 0` for the id counts, so every trace is sent). It keeps no state, so what the row
 * measures is galctl's side: reading the file, deriving ids, batching, encoding, HTTP.
 */
import { createServer } from 'node:http';
import { once } from 'node:events';
import type { AddressInfo } from 'node:net';

export interface NullSink {
  url: string;
  /** requests answered so far */
  requests(): number;
  close(): Promise<void>;
}

const ANSWER = JSON.stringify({ id: '00000000-0000-4000-8000-000000000000', total_count: 0, records: [], next_starting_token: null });

export async function startNullSink(): Promise<NullSink> {
  let requests = 0;
  const server = createServer((req, res) => {
    req.resume();
    req.once('end', () => {
      requests++;
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(ANSWER) });
      res.end(ANSWER);
    });
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests: () => requests,
    close: async () => {
      server.closeAllConnections();
      server.close();
      await once(server, 'close');
    },
  };
}
