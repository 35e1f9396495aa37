/**
 * Trace ingest of one N-trace JSONL file into a new run (issue 6), as a process of its own so that its peak RSS is
 * the ingest's: writes the file (untimed), ingests it (timed), and against the simulator re-applies it (must send
 * nothing) and checks the run holds exactly N traces. Prints a JSON report. run-bench.ts runs it twice: against
 * the simulator and against a null sink (null-sink.ts, `--null-sink`: no re-apply, no check, the sink keeps nothing).
 *
 *   node bench/out/bench/traces-ingest.js --api-url http://127.0.0.1:<port> [--traces N] [--batch-size N] [--null-sink]
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { createGalileoClient } from '../src/galileo/create-client.js';
import { DEFAULT_SIM_API_KEY } from '../src/sim/start-simulator.js';
import { ingestTraces } from '../src/traces/ingest-traces.js';
import { postVia } from '../src/traces/post-via.js';
import { traceIdScope } from '../src/traces/trace-id.js';
import { writeTraces } from './generate-org.js';
import { runQueueMs } from './proc-stats.js';

const { values } = parseArgs({
  options: {
    traces: { type: 'string', default: '100000' },
    'batch-size': { type: 'string', default: '500' },
    'api-url': { type: 'string' },
    'null-sink': { type: 'boolean', default: false },
  },
});

export interface IngestReport {
  traces: number;
  batch_size: number;
  /** the timed first ingest; cpu_ms: this process's CPU time during it; run_queue_ms: its main thread's wait for a CPU */
  first_apply: { sent: number; batches: number; requests: number; ms: number; cpu_ms: number; run_queue_ms?: number; traces_per_s: number };
  /** against the simulator only */
  re_apply?: { sent: number; present: number; batches: number; ms: number };
  /** against the simulator only: the run's trace count afterwards */
  run_holds?: number;
  retries: number;
  ok: boolean;
}

const apiUrl = values['api-url'];
if (apiUrl === undefined) throw new Error('--api-url is required');
await bench(Number(values.traces), Number(values['batch-size']), apiUrl, values['null-sink']);

async function bench(n: number, batchSize: number, url: string, nullSink: boolean): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), 'galctl-bench-ingest-'));
  const client = createGalileoClient({ apiUrl: url, apiKey: DEFAULT_SIM_API_KEY });
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
    const c0 = process.cpuUsage();
    const q0 = runQueueMs();
    const t0 = performance.now();
    const first = await ingestTraces({ post, projectId: project.id, destination, file, idScope, batchSize });
    const t1 = performance.now();
    const cpu = process.cpuUsage(c0);
    const q1 = runQueueMs();
    const report: IngestReport = {
      traces: n,
      batch_size: batchSize,
      first_apply: { sent: first.sent, batches: first.batches, requests: requestCount() - r0, ms: t1 - t0, cpu_ms: (cpu.user + cpu.system) / 1000, ...(q0 === undefined || q1 === undefined ? {} : { run_queue_ms: q1 - q0 }), traces_per_s: Math.round(first.sent / ((t1 - t0) / 1000)) },
      retries: client.stats().retries,
      ok: first.sent === n,
    };
    if (!nullSink) {
      const again = await ingestTraces({ post, projectId: project.id, destination, file, idScope, batchSize });
      report.re_apply = { sent: again.sent, present: again.present, batches: again.batches, ms: performance.now() - t1 };
      const res = (await post(`/projects/${project.id}/traces/count`, { ...destination, filters: [] })) as { total_count: number };
      report.run_holds = res.total_count;
      report.ok = first.sent === n && again.sent === 0 && res.total_count === n;
    }
    process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
    if (!report.ok) process.exitCode = 1;
  } finally {
    await client.close();
    await rm(dir, { recursive: true, force: true });
  }
}
