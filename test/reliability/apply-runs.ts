import { startSimulator, type SimStats, type SimulatorHandle } from '../../src/sim/start-simulator.js';
import { runCli, spawnCli, type CliResult } from '../helpers/run-cli.js';
import { progressLines, spawnAndSignal } from '../helpers/signal-on-output.js';
import { compareCounts, countObjects } from './sim-audit.js';

export const SOAK_KEY = 'glk_soak_key_0c4e';

/**
 * The fault mix: 10% 5xx, 5% 429 with Retry-After, 2% dropped connections, latency jitter; and 5% of the
 * requests that got through processed and then answered 502/503/504 or dropped (issue 14: the answer lost after
 * the work was done).
 */
export const FAULT_MIX = { faultRate: 0.1, throttleRate: 0.05, dropRate: 0.02, latencyMs: 1, jitterMs: 15, faultAfterRate: 0.05 };

export interface Target {
  /** manifest path (absolute, or relative to cwd) */
  manifest: string;
  cwd: string;
}

export function simEnv(sim: { url: string }): Record<string, string> {
  return { GALILEO_API_KEY: SOAK_KEY, GALILEO_API_URL: sim.url };
}

export async function startSoakSim(seed: number): Promise<SimulatorHandle> {
  return startSimulator({ port: 0, apiKey: SOAK_KEY, seed, jobStepMs: 5 });
}

export async function applyOnce(t: Target, sim: { url: string }, extra: string[] = []): Promise<CliResult> {
  return runCli(['apply', '-f', t.manifest, '--auto-approve', '--no-color', ...extra], { cwd: t.cwd, env: simEnv(sim) });
}

/** `plan --detailed-exitcode`, retried (like a CI retry) while it exits 1; 0 = nothing to change. */
export async function replan(t: Target, sim: { url: string }, attempts = 3): Promise<CliResult> {
  let r: CliResult = { code: 1, stdout: '', stderr: '' };
  for (let i = 0; i < attempts && (i === 0 || r.code === 1); i++) {
    r = await runCli(['plan', '-f', t.manifest, '--detailed-exitcode', '--no-color'], { cwd: t.cwd, env: simEnv(sim) });
  }
  return r;
}

/** What a fault-free apply of the target creates: the baseline that audits compare against. */
export async function baselineCounts(t: Target): Promise<Record<string, number>> {
  const sim = await startSoakSim(1);
  try {
    const r = await applyOnce(t, sim);
    if (r.code !== 0) throw new Error(`baseline apply failed: ${r.stderr}`);
    return countObjects(sim.state());
  } finally {
    await sim.close();
  }
}

/**
 * How long an uninterrupted apply of `t` takes under the crash runs' latency (80 ± 40 ms per request), so kill
 * points can be chosen inside it whatever galctl's speed.
 */
export async function applyDurationMs(t: Target): Promise<number> {
  const sim = await startSoakSim(2);
  try {
    sim.setFaults({ latencyMs: 80, jitterMs: 40 });
    const started = performance.now();
    const r = await spawnCli(['apply', '-f', t.manifest, '--auto-approve', '--no-color'], { cwd: t.cwd, env: simEnv(sim), timeoutMs: 120_000 });
    if (r.code !== 0) throw new Error(`timing apply failed: ${r.stderr}`);
    return performance.now() - started;
  } finally {
    await sim.close();
  }
}

export interface RunReport {
  /** apply invocations until one exited 0 (or the limit) */
  attempts: number;
  converged: boolean;
  replanCode: number;
  faults: SimStats['faults'];
  requests: number;
  duplicates: string[];
  missing: string[];
  failures: string[];
}

/**
 * One seeded fault run: a fresh simulator with the fault mix, apply retried up to `maxAttempts` times while it
 * exits 1 (a CI retry), then a re-plan (faults still on) that must be empty, then an audit of /__sim/state
 * against the baseline.
 */
export async function faultRun(t: Target, seed: number, baseline: Record<string, number>, maxAttempts = 6): Promise<RunReport> {
  const sim = await startSoakSim(seed);
  try {
    sim.setFaults(FAULT_MIX);
    const failures: string[] = [];
    let attempts = 0;
    let last: CliResult | undefined;
    while (attempts < maxAttempts) {
      attempts += 1;
      last = await applyOnce(t, sim);
      if (last.code === 0) break;
      failures.push(last.stderr.split('\n').filter((l) => /FAILED|error:/.test(l)).slice(0, 3).join(' | '));
    }
    const re = await replan(t, sim);
    const stats = sim.stats();
    const audit = compareCounts(countObjects(sim.state()), baseline);
    return {
      attempts, converged: last?.code === 0, replanCode: re.code, faults: stats.faults, requests: stats.total,
      duplicates: audit.duplicates, missing: audit.missing, failures: re.code === 0 ? failures : [...failures, `re-plan: ${re.stdout.slice(0, 400)} ${re.stderr.slice(0, 400)}`],
    };
  } finally {
    await sim.close();
  }
}

/** How many steps an uninterrupted apply of `t` finishes (its progress lines), so kill points can be chosen inside it. */
export async function applyStepCount(t: Target): Promise<number> {
  const sim = await startSoakSim(2);
  try {
    const r = await applyOnce(t, sim);
    if (r.code !== 0) throw new Error(`counting apply failed: ${r.stderr}`);
    return progressLines(r.stdout);
  } finally {
    await sim.close();
  }
}

/**
 * Crash and resume: on a fresh simulator with latency, the built binary applies and is killed with SIGKILL once it
 * has finished `killAfterSteps` steps (progress lines); then an apply (no latency) finishes the job, the re-plan must
 * be empty and the audit clean.
 */
export async function crashRun(t: Target, seed: number, killAfterSteps: number, baseline: Record<string, number>): Promise<{ killed: boolean; resumed: CliResult; replanCode: number; duplicates: string[]; missing: string[] }> {
  const sim = await startSoakSim(seed);
  try {
    sim.setFaults({ latencyMs: 80, jitterMs: 40 });
    const first = await spawnAndSignal(['apply', '-f', t.manifest, '--auto-approve', '--no-color'], { cwd: t.cwd, env: simEnv(sim), signal: 'SIGKILL', count: killAfterSteps, guardMs: 120_000 });
    sim.setFaults({ latencyMs: 0, jitterMs: 0 });
    // the dead process's requests are still sleeping in the simulator's latency and land after it died; a re-run
    // that starts while they are in flight is a concurrent run (see concurrentRun), so let them settle first, as a
    // CI re-run minutes later would
    await new Promise((r) => setTimeout(r, 400));
    const resumed = await applyOnce(t, sim);
    const re = await replan(t, sim);
    const audit = compareCounts(countObjects(sim.state()), baseline);
    return { killed: first.signal === 'SIGKILL', resumed, replanCode: re.code, duplicates: audit.duplicates, missing: audit.missing };
  } finally {
    await sim.close();
  }
}

/** Two applies of the same manifest at once (in-process, racing on one simulator), then a settling apply. */
export async function concurrentRun(t: Target, seed: number, baseline: Record<string, number>): Promise<{ codes: number[]; settleCode: number; replanCode: number; duplicates: string[]; missing: string[] }> {
  const sim = await startSoakSim(seed);
  try {
    sim.setFaults({ latencyMs: 2, jitterMs: 10 });
    const both = await Promise.all([applyOnce(t, sim), applyOnce(t, sim)]);
    sim.setFaults({ latencyMs: 0, jitterMs: 0 });
    // one of the two may lose a race and exit 1; a re-run (as CI would) must finish, and never duplicate
    const settle = await applyOnce(t, sim);
    const re = await replan(t, sim);
    const audit = compareCounts(countObjects(sim.state()), baseline);
    return { codes: both.map((r) => r.code), settleCode: settle.code, replanCode: re.code, duplicates: audit.duplicates, missing: audit.missing };
  } finally {
    await sim.close();
  }
}
