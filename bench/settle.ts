/**
 * A settled simulator before every timed row, so that every row measures galctl: the simulator scores ingested
 * traces lazily, on the first read of their run (jobs.ts settleRun), which would otherwise land in the first plan
 * after the apply. The warm-up waits until every scoring job is due, then reads each project's traces once
 * (`POST /projects/{id}/traces/count`, no run: it settles all of the project's runs), untimed; then, before each
 * row, the simulator's CPU time must stop growing.
 */
import { DEFAULT_SIM_API_KEY } from '../src/sim/start-simulator.js';
import type { SimProcess, SimTiming } from './sim-process.js';

export interface WarmUp {
  /** requests of the warm-up read (in no row) */
  requests: number;
  /** the simulator's CPU time during it */
  simCpuMs: number | undefined;
  wallMs: number;
}

/** The untimed warm-up read after the apply: waits out the scoring jobs, then reads every project's traces. */
export async function warmUp(sim: SimProcess, t: SimTiming): Promise<WarmUp> {
  const t0 = performance.now();
  // a job completes after two steps and its scores show metricsLagMs later (jobs.ts settleRun)
  await sleep(2 * t.jobStepMs + t.metricsLagMs + 50);
  const cpu0 = sim.cpuMs();
  const { projects = [] } = (await sim.state(['projects'])) as { projects?: { id: string }[] };
  for (const p of projects) {
    const res = await fetch(`${sim.url}/projects/${p.id}/traces/count`, {
      method: 'POST',
      body: JSON.stringify({ filters: [] }),
      headers: { 'content-type': 'application/json', 'galileo-api-key': DEFAULT_SIM_API_KEY },
    });
    if (!res.ok) throw new Error(`warm-up: POST /projects/${p.id}/traces/count: ${res.status} ${await res.text()}`);
    await res.arrayBuffer();
  }
  const cpu1 = sim.cpuMs();
  return { requests: projects.length, simCpuMs: cpu0 === undefined || cpu1 === undefined ? undefined : cpu1 - cpu0, wallMs: performance.now() - t0 };
}

/**
 * Waits until the simulator is idle: its CPU time grows by less than 10% of a 150 ms window, twice in a row (at
 * most `timeoutMs`). Without /proc it returns at once. Returns how long it waited.
 */
export async function untilIdle(sim: SimProcess, timeoutMs = 60_000): Promise<number> {
  const t0 = performance.now();
  const windowMs = 150;
  let quiet = 0;
  const first = sim.cpuMs();
  if (first === undefined) return 0;
  let last: number = first;
  while (quiet < 2 && performance.now() - t0 < timeoutMs) {
    await sleep(windowMs);
    const now: number = sim.cpuMs() ?? last;
    quiet = now - last < windowMs / 10 ? quiet + 1 : 0;
    last = now;
  }
  return performance.now() - t0;
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
