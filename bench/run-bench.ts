/**
 * `npm run bench` (issues 9 and 22): generates an org, starts the simulator in a child process and measures, each
 * row a process of its own against a settled simulator: apply from empty, a no-op plan, a plan after a 1% change,
 * a no-op plan at 0 ms latency (the CLI), two Terraform-style baselines side by side with galctl's plan, and trace
 * ingest against a null sink and against the simulator. Checks the targets and writes the results, every note
 * computed from the figures.
 *
 *   npm run bench                          # the large org (minutes); writes bench/RESULTS.md and README's figures
 *   npm run bench -- --scale small         # 1/20 of it, under a minute; writes bench/out/RESULTS-small.md
 *   npm run bench -- --scale tiny --out F  # every kind, a handful of each, seconds (test/bench runs it)
 *
 * Options: --latency-ms N (50), --concurrency N (16), --out FILE, --json FILE (rows, targets and notes as JSON),
 * --profile-limit N (profile at most N rows of missed targets; all by default), --runs N (runs of each row but the
 * apply, which needs an empty simulator, in rounds: every row once, then again; the row is its run of median wall
 * time; default 3, tiny 1), --keep (keep the generated org).
 */
import { cpus, loadavg, release, tmpdir, totalmem, type } from 'node:os';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { DEFAULT_TRACE_BATCH_SIZE } from '../src/traces/ingest-traces.js';
import { baselineState } from './baseline-state.js';
import { generateOrg, SCALES, type Scale } from './generate-org.js';
import { countRunWrites } from './run-writes.js';
import { applyBound, baselineBound, changedPlanBound, ingestBound, noOpPlanBound, refreshBound } from './lower-bound.js';
import { describeProfile, summariseProfiles } from './cpu-profile.js';
import { computeNotes } from './notes.js';
import { startNullSink } from './null-sink.js';
import { renderResults, targetsTable } from './render-results.js';
import { withReadmeFigures } from './readme-figures.js';
import { applyFromEmpty, baseline, cliPlan, traceIngest, type BenchContext } from './scenarios.js';
import { untilIdle, warmUp } from './settle.js';
import { startSimProcess, type SimTiming } from './sim-process.js';
import { evaluateTargets, type Row, type RowKey } from './targets.js';
import { medianRun } from './median-run.js';
import type { Measurement } from './measure.js';

const { values } = parseArgs({
  options: {
    scale: { type: 'string', default: 'large' },
    small: { type: 'boolean', default: false },
    'latency-ms': { type: 'string', default: '50' },
    concurrency: { type: 'string', default: '16' },
    out: { type: 'string' },
    json: { type: 'string' },
    'profile-limit': { type: 'string' },
    runs: { type: 'string' },
    keep: { type: 'boolean', default: false },
  },
});

/** bench/out/bench/run-bench.js → the repository root */
const ROOT = fileURLToPath(new URL('../../../', import.meta.url)).replace(/\/$/, '');
const scale = (values.small ? 'small' : values.scale) as Scale;
if (!(scale in SCALES)) throw new Error(`--scale ${scale}: one of ${Object.keys(SCALES).join(', ')}`);
const sizes = SCALES[scale];
const latencyMs = Number(values['latency-ms']);
const concurrency = Number(values.concurrency);
/** the tiny org's jobs are quick, so that its warm-up waits milliseconds */
const timing: SimTiming = scale === 'tiny' ? { latencyMs, jobStepMs: 50, metricsLagMs: 100 } : { latencyMs, jobStepMs: 300, metricsLagMs: 1000 };
const ingestCount = { large: 100_000, small: 20_000, tiny: 2_000 }[scale];
const runs = Number(values.runs ?? (scale === 'tiny' ? 1 : 3));
if (!Number.isInteger(runs) || runs < 1) throw new Error(`--runs ${values.runs}: a whole number ≥ 1`);
const outFile = values.out ?? (scale === 'large' ? join(ROOT, 'bench/RESULTS.md') : join(ROOT, `bench/out/RESULTS-${scale}.md`));
const log = (line: string): void => void process.stdout.write(`${line}\n`);
const secs = (ms: number): string => `${(ms / 1000).toFixed(2)} s`;
const started = performance.now();
const startedAt = new Date().toISOString().replace(/\.\d+Z$/, 'Z');
const loadStart = loadavg();

const dir = await mkdtemp(join(tmpdir(), 'galctl-bench-org-'));
log(`generating the ${scale} org in ${dir}…`);
const counts = await generateOrg(dir, sizes);
const runWrites = await countRunWrites(ROOT, join(dir, 'galileo.yaml'), dir);
const sim = await startSimProcess(join(ROOT, 'bin/galctl.js'), timing);
log(`simulator ${sim.url}, latency ${latencyMs} ms, concurrency ${concurrency}`);
const ctx: BenchContext = { root: ROOT, dir, sim, concurrency };
const d = counts.declared;
const stateFile = join(dir, 'baseline-state.json');
const rows: Row[] = [];
let idleWaitMs = 0;
/** at `ms` latency meanwhile, then back to the bench's */
const atLatency = async <T>(c: BenchContext, ms: number, f: () => Promise<T>): Promise<T> => {
  await c.sim.setLatency(ms);
  try {
    return await f();
  } finally {
    await c.sim.setLatency(latencyMs);
  }
};
/** One run of a row, once the simulator is idle, with the 1-minute load average as it starts. */
const settled = async <T>(c: BenchContext, f: () => Promise<T>, measurementOf: (v: T) => Measurement): Promise<{ value: T; load: number; wallsMs: number[] }> => {
  idleWaitMs += await untilIdle(c.sim);
  const load = loadavg()[0] ?? 0;
  const value = await f();
  return { value, load, wallsMs: [measurementOf(value).wallMs] };
};
const own = (m: Measurement): Measurement => m;
const mOf = (v: { m: Measurement }): Measurement => v.m;
const ingestRow = (key: 'ingestSink' | 'ingestSim', scenario: string, value: Awaited<ReturnType<typeof traceIngest>>, load: number, wallsMs: number[]): Row => ({
  key, scenario, m: value.m, resources: ingestCount, latencyMs: 0, load, wallsMs,
  bound: ingestBound(ingestCount, 0, concurrency, DEFAULT_TRACE_BATCH_SIZE), tracesPerS: value.report.first_apply.traces_per_s,
});
const traces = ingestCount.toLocaleString('en-US');
/** how each row is measured, in the order they run (the profiling re-runs use the same) */
const runners: Record<RowKey, (c: BenchContext) => Promise<Row>> = {
  apply: async (c) => {
    // once: it needs an empty simulator
    const { value, load, wallsMs } = await settled(c, () => applyFromEmpty(c), own);
    return { key: 'apply', scenario: '`galctl apply` from empty', m: value, resources: d, latencyMs, load, wallsMs, bound: applyBound(counts, runWrites, latencyMs, concurrency, DEFAULT_TRACE_BATCH_SIZE) };
  },
  noop: async (c) => {
    const { value, load, wallsMs } = await settled(c, () => cliPlan(c, 'galileo.yaml', 0), mOf);
    return { key: 'noop', scenario: '`galctl plan`, no-op', m: value.m, resources: d, latencyMs, load, wallsMs, bound: noOpPlanBound(counts, latencyMs, concurrency) };
  },
  changed: async (c) => {
    const { value, load, wallsMs } = await settled(c, () => cliPlan(c, 'galileo.changed.yaml', 2), mOf);
    return { key: 'changed', scenario: '`galctl plan` after a 1% change', m: value.m, resources: d, latencyMs, load, wallsMs, bound: changedPlanBound(counts, latencyMs, concurrency) };
  },
  noop0: async (c) => {
    const { value, load, wallsMs } = await atLatency(c, 0, () => settled(c, () => cliPlan(c, 'galileo.yaml', 0), mOf));
    return { key: 'noop0', scenario: '`galctl plan`, no-op, 0 ms latency', m: value.m, resources: d, latencyMs: 0, load, wallsMs, bound: noOpPlanBound(counts, 0, concurrency) };
  },
  // galctl's local cache (.galctl/cache: the manifest's parse, file digests, dataset hashes, trace ids) removed first:
  // what a CI job that does not keep the folder between runs measures; the rows above run with it warm
  noopCold: async (c) => {
    const { value, load, wallsMs } = await settled(c, async () => {
      await rm(join(c.dir, '.galctl', 'cache'), { recursive: true, force: true });
      return cliPlan(c, 'galileo.yaml', 0);
    }, mOf);
    return { key: 'noopCold', scenario: '`galctl plan`, no-op, local cache removed', m: value.m, resources: d, latencyMs, load, wallsMs, bound: noOpPlanBound(counts, latencyMs, concurrency) };
  },
  gets: async (c) => {
    const { value, load, wallsMs } = await settled(c, () => baseline(c, 'gets', stateFile), own);
    return { key: 'gets', scenario: 'baseline: 1 GET per resource', m: value, resources: d, latencyMs, load, wallsMs, bound: baselineBound(counts, latencyMs, concurrency) };
  },
  refresh: async (c) => {
    const { value, load, wallsMs } = await settled(c, () => baseline(c, 'refresh', stateFile), own);
    return { key: 'refresh', scenario: 'baseline: Terraform-style refresh, galctl\'s information', m: value, resources: d, latencyMs, load, wallsMs, bound: refreshBound(counts, latencyMs, concurrency) };
  },
  ingestSink: async (c) => {
    const sink = await startNullSink();
    try {
      const { value, load, wallsMs } = await settled(c, () => traceIngest(c, ingestCount, { sink }), mOf);
      return ingestRow('ingestSink', `trace ingest of ${traces}, null sink`, value, load, wallsMs);
    } finally {
      await sink.close();
    }
  },
  ingestSim: async (c) => {
    const { value, load, wallsMs } = await atLatency(c, 0, () => settled(c, () => traceIngest(c, ingestCount, { sim: c.sim }), mOf));
    if (!value.report.ok) throw new Error(`trace ingest against the simulator: not ok: ${JSON.stringify(value.report)}`);
    return ingestRow('ingestSim', `trace ingest of ${traces}, simulator`, value, load, wallsMs);
  },
};
const add = (row: Row): void => {
  rows.push(row);
  log(`${row.scenario}: ${secs(row.m.wallMs)}, ${row.m.requests} requests, ${row.m.retries} retries, peak RSS ${row.m.peakRssMb} MB, CPU ${secs(row.m.cpuMs)}` +
    `${row.tracesPerS === undefined ? '' : `, ${row.tracesPerS} traces/s`}`);
};

/**
 * Each row once per round, `runs` rounds, the rows in turn (A B C, A B C, …): a slow spell of the machine (its load
 * comes and goes) falls on one run of each row, not on every run of one row. Each row is its run of median wall time,
 * with the largest peak RSS of its runs (medianRun) and the load as its first run started.
 */
async function inRounds(keys: readonly RowKey[]): Promise<void> {
  const byKey = new Map<RowKey, Row[]>(keys.map((key) => [key, []]));
  for (let round = 1; round <= runs; round++) {
    for (const key of keys) {
      const row = await runners[key](ctx);
      byKey.get(key)!.push(row);
      if (runs > 1) log(`  round ${round}/${runs}, ${row.scenario}: ${secs(row.m.wallMs)}`);
    }
  }
  for (const key of keys) {
    const all = byKey.get(key)!;
    const { median, wallsMs } = medianRun(all, (row) => row.m);
    add({ ...median, wallsMs, load: all[0]!.load });
  }
}
/**
 * The row again under the CPU profiler, untimed, summarised. Apply runs against a fresh simulator of its own (it
 * needs an empty one); the others against the bench's.
 */
async function profileRow(key: RowKey): Promise<string> {
  const profDir = await mkdtemp(join(tmpdir(), 'galctl-bench-prof-'));
  const fresh = key === 'apply' ? await startSimProcess(join(ROOT, 'bin/galctl.js'), timing) : undefined;
  try {
    await runners[key]({ ...ctx, sim: fresh ?? sim, nodeArgs: ['--cpu-prof', '--cpu-prof-dir', profDir] });
    return describeProfile(await summariseProfiles(profDir));
  } finally {
    await fresh?.stop();
    await rm(profDir, { recursive: true, force: true });
  }
}

try {
  add(await runners.apply(ctx));
  const warm = await warmUp(sim, timing);
  log(`warm-up read: ${warm.requests} requests, ${secs(warm.wallMs)}`);
  // the cold plan last in each round: the next round's plans find the cache it filled again
  await inRounds(['noop', 'changed', 'noop0', 'noopCold']);
  await writeFile(stateFile, JSON.stringify(await baselineState(sim.url, dir, sizes, new Set(counts.projectNames))));
  await inRounds(['gets', 'refresh', 'ingestSink', 'ingestSim']);
  const targets = evaluateTargets(rows, d);
  // the CPU profile behind each missed time target, after every timed row (the re-runs add to the simulator)
  const profiles: Partial<Record<RowKey, string>> = {};
  const toProfile = [...new Set(targets.filter((t) => !t.met && t.unit !== 'req/resource' && t.unit !== 'MB').flatMap((t) => t.rows))];
  for (const key of toProfile.slice(0, values['profile-limit'] === undefined ? undefined : Number(values['profile-limit']))) {
    log(`profiling ${key}…`);
    profiles[key] = await profileRow(key);
  }

  const simulatorAfter = await sim.summary();
  const loadEnd = loadavg();
  const notes = computeNotes({
    rows, targets, concurrency, cores: cpus().length, scale, profiles,
    load: { start: loadStart[0] ?? 0, end: loadEnd[0] ?? 0 },
    warmUp: { requests: warm.requests, simCpuMs: warm.simCpuMs, idleWaitMs },
  });
  const doc = renderResults({
    scale,
    machine: { cores: cpus().length, cpu: cpus()[0]?.model.trim() ?? 'unknown', memoryGb: Math.round(totalmem() / 2 ** 30), node: process.version, os: `${type()} ${release()}` },
    load: { start: loadStart, end: loadEnd },
    settings: { latencyMs, concurrency, traceBatch: DEFAULT_TRACE_BATCH_SIZE, jobStepMs: timing.jobStepMs, metricsLagMs: timing.metricsLagMs },
    sizes,
    counts,
    rows,
    targets,
    notes,
    simulatorAfter,
    startedAt,
    totalMs: performance.now() - started,
  });
  await writeFile(outFile, doc);
  if (values.out === undefined && scale === 'large') {
    // the README's figures are this run's (readme-figures.ts)
    const readme = join(ROOT, 'README.md');
    await writeFile(readme, withReadmeFigures(await readFile(readme, 'utf8'), { startedAt, cores: cpus().length, loadStart: loadStart[0] ?? 0 }, targetsTable(targets)));
  }
  if (values.json !== undefined) await writeFile(values.json, `${JSON.stringify({ scale, counts, rows, targets, notes }, null, 2)}\n`);
  log(`\n${doc}\nwritten to ${outFile}`);
} finally {
  await sim.stop();
  if (values.keep) log(`org kept in ${dir}`);
  else await rm(dir, { recursive: true, force: true });
}
