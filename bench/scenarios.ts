/**
 * The bench rows, each a process of its own (measure.ts): `galctl apply` and `galctl plan` (the real CLI, bin/ over
 * dist/), the Terraform-style baselines (baseline-refresh.ts) and trace ingest (traces-ingest.ts) against the
 * simulator or a null sink.
 */
import { join } from 'node:path';
import { DEFAULT_SIM_API_KEY } from '../src/sim/start-simulator.js';
import { measureChild, runProbed, type Measurement } from './measure.js';
import type { NullSink } from './null-sink.js';
import type { SimProcess } from './sim-process.js';
import type { IngestReport } from './traces-ingest.js';

export interface BenchContext {
  root: string;
  /** the generated org */
  dir: string;
  sim: SimProcess;
  concurrency: number;
  /** node options for the measured processes (the untimed profiling re-runs pass --cpu-prof) */
  nodeArgs?: string[];
}

/** the compiled bench scripts (this file's directory) */
const BENCH_JS = import.meta.dirname;

const cliEnv = (ctx: BenchContext): Record<string, string> => ({ GALILEO_API_KEY: DEFAULT_SIM_API_KEY, GALILEO_API_URL: ctx.sim.url, NO_COLOR: '1' });

/** Apply from empty: `galctl apply --auto-approve`, steps and requests at the bench concurrency. */
export async function applyFromEmpty(ctx: BenchContext): Promise<Measurement> {
  const { run, m } = await measureChild(ctx.sim, [
    ...(ctx.nodeArgs ?? []), join(ctx.root, 'bin/galctl.js'), 'apply', '-f', 'galileo.yaml', '--auto-approve', '--stats', '--no-color', '--concurrency', String(ctx.concurrency),
  ], { cwd: ctx.dir, env: cliEnv(ctx) });
  if (run.code !== 0) throw new Error(`galctl apply: exit ${run.code}\n${run.stderr.slice(-3000)}\n${run.stdout.slice(-3000)}`);
  return m;
}

export interface PlanSummary {
  add: number;
  change: number;
  destroy: number;
}

/** `galctl plan`, expecting the exit code given (0: no changes, 2: changes). */
export async function cliPlan(ctx: BenchContext, file: string, expectCode: 0 | 2): Promise<{ m: Measurement; summary: PlanSummary }> {
  const { run, m } = await measureChild(ctx.sim, [
    ...(ctx.nodeArgs ?? []), join(ctx.root, 'bin/galctl.js'), 'plan', '-f', file, '--format', 'json', '--detailed-exitcode', '--stats', '--concurrency', String(ctx.concurrency),
  ], { cwd: ctx.dir, env: cliEnv(ctx) });
  if (run.code !== expectCode) throw new Error(`galctl plan -f ${file}: exit ${run.code}, expected ${expectCode}\n${run.stderr.slice(0, 2000)}\n${run.stdout.slice(0, 2000)}`);
  return { m, summary: (JSON.parse(run.stdout) as { summary: PlanSummary }).summary };
}

/** A Terraform-style baseline (baseline-refresh.ts) over the ids of `stateFile`. */
export async function baseline(ctx: BenchContext, mode: 'gets' | 'refresh', stateFile: string): Promise<Measurement> {
  const { run, m } = await measureChild(ctx.sim, [
    ...(ctx.nodeArgs ?? []), join(BENCH_JS, 'baseline-refresh.js'), '--api-url', ctx.sim.url, '--state', stateFile, '--mode', mode, '--concurrency', String(ctx.concurrency),
  ], { cwd: ctx.dir, env: {} });
  if (run.code !== 0) throw new Error(`baseline --mode ${mode}: exit ${run.code}\n${run.stderr.slice(0, 2000)}`);
  const out = JSON.parse(run.stdout) as { requests: number; retries: number };
  if (out.requests !== m.requests) throw new Error(`baseline --mode ${mode}: the client counted ${out.requests} requests, the simulator ${m.requests}`);
  return { ...m, retries: out.retries };
}

/**
 * Trace ingest of `traces` traces into a new run (traces-ingest.ts), against the simulator or a null sink. The row
 * is the first ingest alone (the process also writes the file first, and against the simulator re-applies it,
 * which must send nothing): its time, its requests, the process's peak RSS.
 */
export async function traceIngest(
  ctx: BenchContext,
  traces: number,
  target: { sim: SimProcess } | { sink: NullSink },
): Promise<{ m: Measurement; report: IngestReport }> {
  const url = 'sim' in target ? target.sim.url : target.sink.url;
  const args = [...(ctx.nodeArgs ?? []), join(BENCH_JS, 'traces-ingest.js'), '--api-url', url, '--traces', String(traces), ...('sink' in target ? ['--null-sink'] : [])];
  const opts = { cwd: ctx.root, env: {} };
  const measured = 'sim' in target
    ? await measureChild(target.sim, args, opts)
    : await runProbed(args, opts).then(({ run, probe }) => ({
      run,
      m: { wallMs: 0, requests: 0, byRoute: {}, retries: 0, peakRssMb: Math.round(probe.maxRssKb / 1024), cpuMs: 0, simCpuMs: undefined, runQueueMs: probe.runQueueMs },
    }));
  const { run, m } = measured;
  if (run.code !== 0) throw new Error(`traces-ingest: exit ${run.code}\n${run.stderr.slice(0, 2000)}\n${run.stdout.slice(0, 2000)}`);
  const report = JSON.parse(run.stdout) as IngestReport;
  const first = report.first_apply;
  // the process's CPU and the simulator's cover the whole process (file write, re-apply): the row keeps the ingest's own
  return { m: { ...m, wallMs: first.ms, requests: first.requests, byRoute: {}, retries: report.retries, cpuMs: first.cpu_ms, simCpuMs: undefined, runQueueMs: first.run_queue_ms }, report };
}
