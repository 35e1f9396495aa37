/**
 * Scale benchmark for trace ingest (issue 6): writes an N-trace JSONL file, ingests it into a run, re-applies it
 * (must send nothing) and checks the run holds exactly N traces.
 *
 *   npx tsc -p bench/tsconfig.json                       # compiles bench + src into bench/out/ (git-ignored)
 *   node bench/out/bench/traces-ingest.js                # simulator in the same process
 *
 * To measure galctl's own peak memory, run the simulator in another process:
 *
 *   node bench/out/bench/traces-ingest.js --serve-sim &  # prints the simulator URL
 *   /usr/bin/time -v node bench/out/bench/traces-ingest.js --api-url http://127.0.0.1:<port>
 *
 * Options: --traces N (default 100000), --batch-size N (default 500), --spans-per-trace N (default 1, simple rows).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { createGalileoClient } from '../src/galileo/create-client.js';
import { startSimulator } from '../src/sim/start-simulator.js';
import { ingestTraces } from '../src/traces/ingest-traces.js';
import { postVia } from '../src/traces/post-via.js';
import { traceIdScope } from '../src/traces/trace-id.js';
import { writeTraces } from './generate-org.js';

const { values } = parseArgs({
  options: {
    traces: { type: 'string', default: '100000' },
    'batch-size': { type: 'string', default: '500' },
    'api-url': { type: 'string' },
    'serve-sim': { type: 'boolean', default: false },
  },
});

if (values['serve-sim']) {
  const sim = await startSimulator({ port: 0 });
  process.stdout.write(`${sim.url}\n`);
  process.on('SIGTERM', () => void sim.close().then(() => process.exit(0)));
  process.on('SIGINT', () => void sim.close().then(() => process.exit(0)));
} else {
  await bench(Number(values.traces), Number(values['batch-size']), values['api-url']);
}


async function bench(n: number, batchSize: number, apiUrl: string | undefined): Promise<void> {
  const sim = apiUrl === undefined ? await startSimulator({ port: 0 }) : undefined;
  const url = apiUrl ?? sim!.url;
  const dir = await mkdtemp(join(tmpdir(), 'galctl-bench-'));
  const client = createGalileoClient({ apiUrl: url, apiKey: 'sim-key' });
  try {
    const file = join(dir, 'traces.jsonl');
    await writeTraces(file, n);
    const post = postVia(client);
    const suffix = Date.now().toString(36);
    const project = (await post('/projects', { name: `bench-${suffix}`, type: 'gen_ai' })) as { id: string };
    const run = (await post(`/projects/${project.id}/experiments`, { name: 'replay', task_type: 16 })) as { id: string };
    const destination = { experiment_id: run.id };
    const idScope = traceIdScope(`bench-${suffix}`, 'experiment', 'replay');

    const requestCount = (): number => Object.values(client.stats().requests).reduce((a, b) => a + b, 0);
    const r0 = requestCount();
    const t0 = performance.now();
    const first = await ingestTraces({ post, projectId: project.id, destination, file, idScope, batchSize });
    const t1 = performance.now();
    const r1 = requestCount();
    const again = await ingestTraces({ post, projectId: project.id, destination, file, idScope, batchSize });
    const t2 = performance.now();
    const res = (await post(`/projects/${project.id}/traces/count`, { ...destination, filters: [] })) as { total_count: number };

    const seconds = (t1 - t0) / 1000;
    const report = {
      traces: n,
      batch_size: batchSize,
      first_apply: { sent: first.sent, batches: first.batches, requests: r1 - r0, seconds: round(seconds), traces_per_s: Math.round(first.sent / seconds) },
      re_apply: { sent: again.sent, present: again.present, batches: again.batches, seconds: round((t2 - t1) / 1000) },
      run_holds: res.total_count,
      retries: client.stats().retries,
      ok: first.sent === n && again.sent === 0 && res.total_count === n,
      max_rss_mb: Math.round(process.resourceUsage().maxRSS / 1024),
      simulator: sim === undefined ? 'separate process' : 'in process',
    };
    process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
    if (!report.ok) process.exitCode = 1;
  } finally {
    await client.close();
    await sim?.close();
    await rm(dir, { recursive: true, force: true });
  }
}

function round(x: number): number {
  return Math.round(x * 100) / 100;
}
