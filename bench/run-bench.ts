/**
 * `npm run bench` (issues 9 and 22): generates an org, starts the simulator in a child process and measures, each
 * row a process of its own against a settled simulator: apply from empty, a no-op plan, a plan after a 1% change,
 * a no-op plan at 0 ms latency (the CLI), two Terraform-style baselines side by side with galctl's plan, and trace
 * ingest against a null sink and against the simulator. Checks the targets and writes the results, every note
 * computed from the figures.
 *
 *   npm run bench                          # the large org (minutes); writes bench/RESULTS.md
 *   npm run bench -- --scale small         # 1/20 of it, under a minute; writes bench/out/RESULTS-small.md
 *   npm run bench -- --scale tiny --out F  # every kind, a handful of each, seconds (test/bench runs it)
 *
 * Options: --latency-ms N (50), --concurrency N (16), --out FILE, --json FILE (rows, targets and notes as JSON),
 * --keep (keep the generated org's directory).
 */
import { cpus, loadavg, release, tmpdir, totalmem, type } from 'node:os';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { DEFAULT_TRACE_BATCH_SIZE } from '../src/traces/ingest-traces.js';
import { baselineState } from './baseline-state.js';
import { generateOrg, SCALES, type Scale } from './generate-org.js';
import { applyBound, baselineBound, changedPlanBound, ingestBound, noOpPlanBound, refreshBound } from './lower-bound.js';
import { computeNotes } from './notes.js';
import { startNullSink } from './null-sink.js';
import { renderResults } from './render-results.js';
import { applyFromEmpty, baseline, cliPlan, traceIngest, type BenchContext } from './scenarios.js';
import { untilIdle, warmUp } from './settle.js';
import { startSimProcess, type SimTiming } from './sim-process.js';
import { evaluateTargets, type Row } from './targets.js';

const { values } = parseArgs({
  options: {
    scale: { type: 'string', default: 'large' },
    small: { type: 'boolean', default: false },
    'latency-ms': { type: 'string', default: '50' },
    concurrency: { type: 'string', default: '16' },
    out: { type: 'string' },
    json: { type: 'string' },
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
const outFile = values.out ?? (scale === 'large' ? join(ROOT, 'bench/RESULTS.md') : join(ROOT, `bench/out/RESULTS-${scale}.md`));
const log = (line: string): void => void process.stdout.write(`${line}\n`);
const secs = (ms: number): string => `${(ms / 1000).toFixed(2)} s`;
const started = performance.now();
const startedAt = new Date().toISOString().replace(/\.\d+Z$/, 'Z');
const loadStart = loadavg();

const dir = await mkdtemp(join(tmpdir(), 'galctl-bench-org-'));
log(`generating the ${scale} org in ${dir}…`);
const counts = await generateOrg(dir, sizes);
const sim = await startSimProcess(join(ROOT, 'bin/galctl.js'), timing);
log(`simulator ${sim.url}, latency ${latencyMs} ms, concurrency ${concurrency}`);
const ctx: BenchContext = { root: ROOT, dir, sim, concurrency };
const d = counts.declared;
const rows: Row[] = [];
let idleWaitMs = 0;
/** waits for an idle simulator, then measures a row */
const settled = async <T>(f: () => Promise<T>): Promise<{ value: T; load: number }> => {
  idleWaitMs += await untilIdle(sim);
  return { value: await f(), load: loadavg()[0] ?? 0 };
};
const add = (row: Row): void => {
  rows.push(row);
  log(`${row.scenario}: ${secs(row.m.wallMs)}, ${row.m.requests} requests, ${row.m.retries} retries, peak RSS ${row.m.peakRssMb} MB, CPU ${secs(row.m.cpuMs)}` +
    `${row.tracesPerS === undefined ? '' : `, ${row.tracesPerS} traces/s`}`);
};

try {
  const apply = await settled(() => applyFromEmpty(ctx));
  add({ key: 'apply', scenario: '`galctl apply` from empty', m: apply.value, resources: d, latencyMs, load: apply.load, bound: applyBound(counts, latencyMs, concurrency, DEFAULT_TRACE_BATCH_SIZE) });
  const warm = await warmUp(sim, timing);
  log(`warm-up read: ${warm.requests} requests, ${secs(warm.wallMs)}`);

  const noop = await settled(() => cliPlan(ctx, 'galileo.yaml', 0));
  add({ key: 'noop', scenario: '`galctl plan`, no-op', m: noop.value.m, resources: d, latencyMs, load: noop.load, bound: noOpPlanBound(counts, latencyMs, concurrency) });
  const changed = await settled(() => cliPlan(ctx, 'galileo.changed.yaml', 2));
  add({ key: 'changed', scenario: '`galctl plan` after a 1% change', m: changed.value.m, resources: d, latencyMs, load: changed.load, bound: changedPlanBound(counts, latencyMs, concurrency) });
  await sim.setLatency(0);
  const noop0 = await settled(() => cliPlan(ctx, 'galileo.yaml', 0));
  await sim.setLatency(latencyMs);
  add({ key: 'noop0', scenario: '`galctl plan`, no-op, 0 ms latency', m: noop0.value.m, resources: d, latencyMs: 0, load: noop0.load, bound: noOpPlanBound(counts, 0, concurrency) });

  const stateFile = join(dir, 'baseline-state.json');
  await writeFile(stateFile, JSON.stringify(await baselineState(sim)));
  const gets = await settled(() => baseline(ctx, 'gets', stateFile));
  add({ key: 'gets', scenario: 'baseline: 1 GET per resource', m: gets.value, resources: d, latencyMs, load: gets.load, bound: baselineBound(counts, latencyMs, concurrency) });
  const refresh = await settled(() => baseline(ctx, 'refresh', stateFile));
  add({ key: 'refresh', scenario: 'baseline: Terraform-style refresh, galctl\'s information', m: refresh.value, resources: d, latencyMs, load: refresh.load, bound: refreshBound(counts, latencyMs, concurrency) });

  const sink = await startNullSink();
  try {
    const ingest = await settled(() => traceIngest(ctx, ingestCount, { sink }));
    add({ key: 'ingestSink', scenario: `trace ingest of ${ingestCount.toLocaleString('en-US')}, null sink`, m: ingest.value.m, resources: ingestCount, latencyMs: 0, load: ingest.load, bound: ingestBound(ingestCount, 0, concurrency, DEFAULT_TRACE_BATCH_SIZE), tracesPerS: ingest.value.report.first_apply.traces_per_s });
  } finally {
    await sink.close();
  }
  await sim.setLatency(0);
  const ingest = await settled(() => traceIngest(ctx, ingestCount, { sim }));
  await sim.setLatency(latencyMs);
  if (!ingest.value.report.ok) throw new Error(`trace ingest against the simulator: not ok: ${JSON.stringify(ingest.value.report)}`);
  add({ key: 'ingestSim', scenario: `trace ingest of ${ingestCount.toLocaleString('en-US')}, simulator`, m: ingest.value.m, resources: ingestCount, latencyMs: 0, load: ingest.load, bound: ingestBound(ingestCount, 0, concurrency, DEFAULT_TRACE_BATCH_SIZE), tracesPerS: ingest.value.report.first_apply.traces_per_s });

  const simulatorAfter = await sim.summary();
  const loadEnd = loadavg();
  const targets = evaluateTargets(rows, d);
  const notes = computeNotes({
    rows, targets, concurrency, cores: cpus().length, scale,
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
  if (values.json !== undefined) await writeFile(values.json, `${JSON.stringify({ scale, counts, rows, targets, notes }, null, 2)}\n`);
  log(`\n${doc}\nwritten to ${outFile}`);
} finally {
  await sim.stop();
  if (values.keep) log(`org kept in ${dir}`);
  else await rm(dir, { recursive: true, force: true });
}
