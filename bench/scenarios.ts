/**
 * The bench scenarios, each returning its measurement: apply from empty and galctl's plan in this process (the
 * `galctl apply` pipeline: load, read, plan, applyPlan), the CLI's `galctl plan` as a child process, the
 * per-resource baseline, and trace ingest through bench/traces-ingest.ts.
 */
import { makePlan } from '../src/pipeline/make-plan.js';
import { createGalileoClient, type GalileoClient } from '../src/galileo/create-client.js';
import { loadManifestStaged } from '../src/manifest/load-manifest.js';
import type { Desired } from '../src/core/desired-types.js';
import type { LiveState, Plan } from '../src/core/plan-types.js';
import { DEFAULT_SIM_API_KEY } from '../src/sim/start-simulator.js';
import { baselinePlan } from './baseline-plan.js';
import { measureChild, measureInProcess, type Measurement } from './measure.js';
import type { SimProcess } from './sim-process.js';

export interface BenchContext {
  root: string;
  /** the generated org */
  dir: string;
  sim: SimProcess;
  concurrency: number;
}

const client = (ctx: BenchContext): GalileoClient =>
  createGalileoClient({ apiUrl: ctx.sim.url, apiKey: DEFAULT_SIM_API_KEY, concurrency: ctx.concurrency });

/** What `galctl plan` does, in this process: load, then makePlan (live state and trace counts, the plan). */
async function planWith(c: GalileoClient, ctx: BenchContext, file: string): Promise<{ desired: Desired; live: LiveState; plan: Plan }> {
  // as the CLI does (loadDesired): the live read starts once the names are known, while the dataset files are parsed
  const staged = await loadManifestStaged(file, { cwd: ctx.dir, env: {} });
  if (!('contents' in staged)) throw new Error(`${file}: ${JSON.stringify(staged.problems.slice(0, 3))}`);
  const complete = staged.contents.then((loaded) => {
    if (loaded.desired === undefined) throw new Error(`${file}: ${JSON.stringify(loaded.problems.slice(0, 3))}`);
    return loaded.desired;
  });
  return makePlan(c, staged.names, { prune: false, targets: [], manifestPath: file, apiUrl: ctx.sim.url, complete });
}

/** Apply from empty: `galctl apply --auto-approve` as a child process (its own peak RSS), steps and requests at the bench concurrency. */
export async function applyFromEmpty(ctx: BenchContext): Promise<{ m: Measurement; note: string }> {
  const { run, m } = await measureChild(ctx.sim, [
    `${ctx.root}/bin/galctl.js`, 'apply', '-f', 'galileo.yaml', '--auto-approve', '--stats', '--no-color', '--concurrency', String(ctx.concurrency),
  ], { cwd: ctx.dir, env: { GALILEO_API_KEY: DEFAULT_SIM_API_KEY, GALILEO_API_URL: ctx.sim.url, NO_COLOR: '1' } });
  if (run.code !== 0) throw new Error(`galctl apply: exit ${run.code}\n${run.stderr.slice(-3000)}\n${run.stdout.slice(-3000)}`);
  const summary = run.stdout.trim().split('\n').filter((l) => /\b(succeeded|changed|applied|created)\b/i.test(l)).pop() ?? '';
  return { m, note: summary.trim() };
}

/** `galctl plan` as a child process (its own peak RSS), expecting the exit code given. */
export async function cliPlan(ctx: BenchContext, file: string, expectCode: 0 | 2): Promise<{ m: Measurement; summary: Plan['summary'] }> {
  const { run, m } = await measureChild(ctx.sim, [
    `${ctx.root}/bin/galctl.js`, 'plan', '-f', file, '--format', 'json', '--detailed-exitcode', '--stats', '--concurrency', String(ctx.concurrency),
  ], { cwd: ctx.dir, env: { GALILEO_API_KEY: DEFAULT_SIM_API_KEY, GALILEO_API_URL: ctx.sim.url, NO_COLOR: '1' } });
  if (run.code !== expectCode) throw new Error(`galctl plan -f ${file}: exit ${run.code}, expected ${expectCode}\n${run.stderr.slice(0, 2000)}\n${run.stdout.slice(0, 2000)}`);
  const plan = JSON.parse(run.stdout) as Plan;
  return { m, summary: plan.summary };
}

/**
 * In this process against the same simulator: galctl's no-op plan, then the per-resource baseline (ids from the
 * state galctl just read, as Terraform takes them from its state file).
 */
export async function planVersusBaseline(ctx: BenchContext): Promise<{ galctl: Measurement; baseline: Measurement; reads: number }> {
  const c1 = client(ctx);
  let state: { desired: Desired; live: LiveState };
  let galctl: Measurement;
  try {
    const r = await measureInProcess(ctx.sim, async () => ({ value: await planWith(c1, ctx, 'galileo.yaml'), retries: c1.stats().retries }));
    const changes = r.value.plan.changes.filter((x) => x.action !== 'no-op').length;
    if (changes > 0) throw new Error(`in-process no-op plan has ${changes} changes`);
    state = r.value;
    galctl = r.m;
  } finally {
    await c1.close();
  }
  const c2 = client(ctx);
  try {
    const r = await measureInProcess(ctx.sim, async () => ({ value: await baselinePlan(c2, state.desired, state.live), retries: c2.stats().retries }));
    return { galctl, baseline: r.m, reads: r.value };
  } finally {
    await c2.close();
  }
}

export interface IngestReport {
  traces: number;
  first_apply: { sent: number; batches: number; requests: number; seconds: number; traces_per_s: number };
  re_apply: { sent: number; seconds: number };
  ok: boolean;
  retries?: number;
}

/** bench/traces-ingest.ts as a child process against the simulator (its latency set to `latencyMs` meanwhile). */
export async function traceIngest(ctx: BenchContext, traces: number, latencyMs: number, restoreLatencyMs: number): Promise<{ m: Measurement; report: IngestReport }> {
  await ctx.sim.setLatency(latencyMs);
  try {
    const { run, m } = await measureChild(ctx.sim, [
      `${ctx.root}/bench/out/bench/traces-ingest.js`, '--api-url', ctx.sim.url, '--traces', String(traces),
    ], { cwd: ctx.root, env: {} });
    if (run.code !== 0) throw new Error(`traces-ingest: exit ${run.code}\n${run.stderr.slice(0, 2000)}`);
    const report = JSON.parse(run.stdout) as IngestReport;
    if (!report.ok) throw new Error(`traces-ingest: not ok: ${run.stdout}`);
    // the row is the first ingest alone (the child also writes the file and re-applies it, which must send nothing)
    const first = report.first_apply;
    return { m: { ...m, wallMs: first.seconds * 1000, requests: first.requests, byRoute: {}, retries: report.retries ?? m.retries }, report };
  } finally {
    await ctx.sim.setLatency(restoreLatencyMs);
  }
}
