import { describe, expect, it, onTestFinished } from 'vitest';
import { GalctlError } from '../../src/core/errors.js';
import { createGalileoClient } from '../../src/galileo/create-client.js';
import { startSimulator } from '../../src/sim/start-simulator.js';
import { ingestTraces } from '../../src/traces/ingest-traces.js';
import { postVia } from '../../src/traces/post-via.js';
import { traceIdScope } from '../../src/traces/trace-id.js';
import type { PostJson } from '../../src/traces/types.js';
import { startLossyProxy, type ProxyFate } from '../helpers/lossy-proxy.js';
import { startSimRun } from './sim-run.js';
import { simpleRows, writeTraceFile } from './trace-files.js';

const INGEST = 'POST /projects/:project_id/traces';
const MB = 1_000_000;

/** n rows with an output of `bytes` (a trace carries it twice: on the trace and on its llm span). */
function bigRows(n: number, bytes: number): object[] {
  return Array.from({ length: n }, (_, i) => ({ input: `big ${i}?`, output: `${i} `.padEnd(bytes, 'x') }));
}

describe('trace batches bounded by bytes', () => {
  it('keeps every ingest request under the byte cap (8 MB by default) though the count cap would allow one request', async () => {
    const run = await startSimRun();
    const sizes: number[] = [];
    const post: PostJson = (path, body, o) => {
      if (path.endsWith('/traces')) sizes.push(Buffer.byteLength(JSON.stringify(body)));
      return run.post(path, body, o);
    };
    // 10 traces of 0.9 MB: 9 MB in all, far below 500 traces per batch
    const file = writeTraceFile(bigRows(10, 450_000));
    const result = await ingestTraces({ post, projectId: run.projectId, destination: run.destination, file, idScope: run.idScope });
    expect(result).toMatchObject({ total: 10, sent: 10 });
    expect(sizes.reduce((a, b) => a + b, 0)).toBeGreaterThan(8 * MB);
    expect(sizes.length).toBe(2);
    for (const s of sizes) expect(s).toBeLessThanOrEqual(8 * MB);
    expect(run.ingestBodies.map((b) => b.is_complete)).toEqual([...sizes.slice(1).map(() => false), true]);
    expect(await run.countRun()).toBe(10);
  });

  it('on a 413 splits the batch and sends the halves; is_complete stays on the very last request', async () => {
    const run = await startSimRun();
    // a cap above the simulator's 10 MB limit: the first request (6 traces of 1.8 MB = 10.8 MB) is refused
    const file = writeTraceFile(bigRows(6, 900_000));
    const result = await ingestTraces({ post: run.post, projectId: run.projectId, destination: run.destination, file, idScope: run.idScope, maxBatchBytes: 50 * MB });
    expect(result).toMatchObject({ total: 6, sent: 6 });
    expect(run.ingestBodies.map((b) => [b.traces.length, b.is_complete])).toEqual([
      [6, true], // 413
      [3, false], // 5.4 MB: accepted
      [3, true],
    ]);
    expect(await run.countRun()).toBe(6);
  });

  it('a single trace too large for any request is a GalctlError naming it', async () => {
    const run = await startSimRun();
    const file = writeTraceFile([...simpleRows(3), ...bigRows(1, 5.5 * MB)]);
    const err = await ingestTraces({ post: run.post, projectId: run.projectId, destination: run.destination, file, idScope: run.idScope, maxBatchBytes: 50 * MB }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(GalctlError);
    expect((err as GalctlError).code).toBe('trace-too-large');
    expect((err as GalctlError).message).toMatch(/^trace [0-9a-f-]{36} \(\d+ bytes as JSON\) is too large/);
  });
});

describe('re-ingesting after an ambiguous failure', () => {
  it('asks the run which traces landed and sends only the others, never a batch twice', async () => {
    const sim = await startSimulator({ port: 0 });
    onTestFinished(() => sim.close());
    let ingests = 0;
    const fates: ProxyFate[] = ['pass', 'drop-after', 'drop-before', 'pass'];
    const proxy = await startLossyProxy(sim.url, (method, path) => {
      if (method !== 'POST' || !/^\/projects\/[^/]+\/traces$/.test(path)) return 'pass';
      return fates[ingests++] ?? 'pass';
    });
    const client = createGalileoClient({ apiUrl: proxy, apiKey: 'sim-key', minRetryDelayMs: 1 });
    onTestFinished(() => client.close());
    const post = postVia(client);
    const project = (await post('/projects', { name: 'demo', type: 'gen_ai' })) as { id: string };
    const exp = (await post(`/projects/${project.id}/experiments`, { name: 'replay', task_type: 16 })) as { id: string };
    const destination = { experiment_id: exp.id };

    const file = writeTraceFile(simpleRows(1000));
    const result = await ingestTraces({ post, projectId: project.id, destination, file, idScope: traceIdScope('demo', 'experiment', 'replay'), batchSize: 300, concurrency: 1 });
    expect(result).toMatchObject({ total: 1000, sent: 1000, present: 0 });

    const stats = (await (await fetch(`${sim.url}/__sim/stats`)).json()) as { by_route: Record<string, number> };
    // 4 batches reached the simulator once each: the one whose answer was lost was counted, not re-sent; the one
    // that never arrived was sent again after the count found it missing
    expect(stats.by_route[INGEST]).toBe(4);
    // one count for the file's ids, then one per ambiguous failure
    expect(stats.by_route['POST /projects/:project_id/traces/count']).toBe(3);
    const count = (await post(`/projects/${project.id}/traces/count`, { ...destination, filters: [] })) as { total_count: number };
    expect(count.total_count).toBe(1000);
  });
});
