/**
 * How a scenario is measured: in this process (wall time, client stats, RSS sampled every 20 ms) or as a child
 * process under `/usr/bin/time -v` (wall time, peak RSS of that process alone), with the simulator's request
 * counters read before and after either way.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import type { SimStats } from '../src/sim/start-simulator.js';
import type { SimProcess } from './sim-process.js';

export interface Measurement {
  wallMs: number;
  /** requests the simulator answered during the scenario */
  requests: number;
  /** per route, most first */
  byRoute: Record<string, number>;
  retries: number;
  peakRssMb: number;
  /** where the peak RSS comes from */
  rssSource: string;
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

/** Samples this process's RSS every `everyMs` until stopped; returns the peak in MB. */
export function sampleRss(everyMs = 20): () => number {
  let peak = process.memoryUsage.rss();
  const timer = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage.rss());
  }, everyMs);
  timer.unref();
  return () => {
    clearInterval(timer);
    return Math.round(Math.max(peak, process.memoryUsage.rss()) / 2 ** 20);
  };
}

/** Runs `task` in this process and measures it. `retries` comes from the task's own client. */
export async function measureInProcess<T>(sim: SimProcess, task: () => Promise<{ value: T; retries: number }>): Promise<{ value: T; m: Measurement }> {
  (globalThis as { gc?: () => void }).gc?.();
  const before = await sim.stats();
  const stopRss = sampleRss();
  const t0 = performance.now();
  const { value, retries } = await task();
  const wallMs = performance.now() - t0;
  const peakRssMb = stopRss();
  const delta = statsDelta(before, await sim.stats());
  return { value, m: { wallMs, requests: delta.total, byRoute: delta.byRoute, retries, peakRssMb, rssSource: 'bench process, sampled every 20 ms' } };
}

export interface ChildRun {
  code: number;
  stdout: string;
  stderr: string;
}

/**
 * Runs `node <args>` as a child (under `/usr/bin/time -v` when present: peak RSS of the child) and measures it.
 * `retries` is read from the `--stats` footer the child printed ("total N requests, R retries").
 */
export async function measureChild(
  sim: SimProcess,
  args: string[],
  opts: { cwd: string; env: Record<string, string> },
): Promise<{ run: ChildRun; m: Measurement }> {
  const timeBin = existsSync('/usr/bin/time') ? '/usr/bin/time' : undefined;
  const before = await sim.stats();
  const t0 = performance.now();
  const run = await runChild(timeBin ?? process.execPath, timeBin === undefined ? args : ['-v', process.execPath, ...args], opts);
  const wallMs = performance.now() - t0;
  const delta = statsDelta(before, await sim.stats());
  const kb = /Maximum resident set size \(kbytes\): (\d+)/.exec(run.stderr)?.[1];
  const retries = Number(/total \d+ requests?, (\d+) retr/.exec(run.stderr)?.[1] ?? 0);
  return {
    run,
    m: {
      wallMs,
      requests: delta.total,
      byRoute: delta.byRoute,
      retries,
      peakRssMb: kb === undefined ? Number.NaN : Math.round(Number(kb) / 1024),
      rssSource: kb === undefined ? 'not measured (/usr/bin/time missing)' : 'child process, /usr/bin/time -v',
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
