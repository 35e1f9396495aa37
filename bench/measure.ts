/**
 * How a row is measured: its command runs as a child process with bench/rss-probe.ts preloaded (wall time seen from
 * here; peak RSS and CPU time of that process alone), with the simulator's request counters and CPU time read
 * before and after.
 */
import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { SimStats } from '../src/sim/start-simulator.js';
import type { SimProcess } from './sim-process.js';

export interface Measurement {
  wallMs: number;
  /** requests the simulator answered during the row (admin calls not included) */
  requests: number;
  /** per route, most first */
  byRoute: Record<string, number>;
  retries: number;
  /** peak RSS of the measured process alone */
  peakRssMb: number;
  /** CPU time (user + system) of the measured process */
  cpuMs: number;
  /** CPU time the simulator used meanwhile; undefined without /proc (or against the null sink) */
  simCpuMs: number | undefined;
  /** how long the measured process's main thread waited for a CPU (run queue); undefined without /proc */
  runQueueMs: number | undefined;
}

/** Requests the simulator counted between two snapshots, per route. */
export function statsDelta(before: SimStats, after: SimStats): { total: number; byRoute: Record<string, number> } {
  const byRoute: Record<string, number> = {};
  for (const [route, n] of Object.entries(after.by_route)) {
    const d = n - (before.by_route[route] ?? 0);
    if (d > 0) byRoute[route] = d;
  }
  const sorted = Object.fromEntries(Object.entries(byRoute).sort(([, a], [, b]) => b - a));
  return { total: after.total - before.total, byRoute: sorted };
}

export interface ChildRun {
  code: number;
  stdout: string;
  stderr: string;
}

interface Probe {
  maxRssKb: number;
  userMs: number;
  systemMs: number;
  runQueueMs?: number;
}

const PROBE = pathToFileURL(join(import.meta.dirname, 'rss-probe.js')).href;

/** Runs `node <args>` with the probe preloaded; its own peak RSS and CPU time, and its wall time from here. */
export async function runProbed(args: string[], opts: { cwd: string; env: Record<string, string> }): Promise<{ run: ChildRun; wallMs: number; probe: Probe }> {
  const dir = await mkdtemp(join(tmpdir(), 'galctl-bench-probe-'));
  try {
    const file = join(dir, 'probe.json');
    const t0 = performance.now();
    const run = await runChild(process.execPath, ['--import', PROBE, ...args], { cwd: opts.cwd, env: { ...opts.env, BENCH_PROBE_FILE: file } });
    const wallMs = performance.now() - t0;
    const probe = JSON.parse(await readFile(file, 'utf8').catch(() => {
      throw new Error(`${args.join(' ')}: exit ${run.code} without a probe report\n${run.stderr.slice(-2000)}`);
    })) as Probe;
    return { run, wallMs, probe };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/**
 * Measures `node <args>` against the simulator. `retries` is read from the `--stats` footer the child printed
 * ("total N requests, R retries").
 */
export async function measureChild(
  sim: SimProcess,
  args: string[],
  opts: { cwd: string; env: Record<string, string> },
): Promise<{ run: ChildRun; m: Measurement }> {
  const before = await sim.stats();
  const cpu0 = sim.cpuMs();
  const { run, wallMs, probe } = await runProbed(args, opts);
  const cpu1 = sim.cpuMs();
  const delta = statsDelta(before, await sim.stats());
  const retries = Number(/total \d+ requests?, (\d+) retr/.exec(run.stderr)?.[1] ?? 0);
  return {
    run,
    m: {
      wallMs,
      requests: delta.total,
      byRoute: delta.byRoute,
      retries,
      peakRssMb: Math.round(probe.maxRssKb / 1024),
      cpuMs: probe.userMs + probe.systemMs,
      simCpuMs: cpu0 === undefined || cpu1 === undefined ? undefined : cpu1 - cpu0,
      runQueueMs: probe.runQueueMs,
    },
  };
}

function runChild(cmd: string, args: string[], opts: { cwd: string; env: Record<string, string> }): Promise<ChildRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { cwd: opts.cwd, env: { ...process.env, ...opts.env }, stdio: ['ignore', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (b: Buffer) => out.push(b));
    child.stderr.on('data', (b: Buffer) => err.push(b));
    child.once('error', reject);
    child.once('close', (code) => resolve({ code: code ?? -1, stdout: Buffer.concat(out).toString('utf8'), stderr: Buffer.concat(err).toString('utf8') }));
  });
}
