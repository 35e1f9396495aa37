import { afterEach, describe, expect, it } from 'vitest';
import { formatDuration, waitForRuns } from '../../src/engine/apply/wait-for-runs.js';
import { GalctlError } from '../../src/core/errors.js';
import { createGalileoClient, type GalileoClient } from '../../src/galileo/create-client.js';
import { getExperimentMetrics } from '../../src/kinds/experiment/api.js';
import { listJobs } from '../../src/galileo/runs.js';
import { startSimulator, type SimulatorHandle, type SimulatorOptions } from '../../src/sim/start-simulator.js';
import { createAndTrigger, FLAKY_ERROR, gateManifest, loadDesired, writeManifest, type ScoredRun } from '../check/scored-experiment.js';

let sim: SimulatorHandle | undefined;
let client: GalileoClient | undefined;
const cleanups: (() => void)[] = [];

afterEach(async () => {
  await client?.close();
  await sim?.close();
  for (const c of cleanups.splice(0)) c();
  sim = undefined;
  client = undefined;
});

async function setup(opts: SimulatorOptions): Promise<ScoredRun[]> {
  sim = await startSimulator({ scorerFailures: { flaky: FLAKY_ERROR }, ...opts });
  client = createGalileoClient({ apiUrl: sim.url, apiKey: 'sim-key', minRetryDelayMs: 5 });
  const m = writeManifest(gateManifest(''));
  cleanups.push(m.cleanup);
  return createAndTrigger(client, await loadDesired(m.file));
}

describe('waitForRuns against the simulator', () => {
  it('returns only after every job of every run is terminal, with progress per run and the failed jobs', async () => {
    const runs = await setup({ jobStepMs: 500 });
    const before = await listJobs(client!, runs[0]!.projectId, runs[0]!.runId);
    expect(before.some((j) => j.status === 'unstarted' || j.status === 'in_progress')).toBe(true);

    const progress: string[] = [];
    const results = await waitForRuns({
      client: client!,
      runs,
      timeoutMs: 30_000,
      pollMs: 20,
      metricsLagMs: 5_000,
      onProgress: (address, done, total) => progress.push(`${address} ${done}/${total}`),
    });

    // read the jobs again after it returned: none is running
    for (const r of runs) {
      const jobs = await listJobs(client!, r.projectId, r.runId);
      expect(jobs.length).toBeGreaterThan(0);
      expect(jobs.every((j) => ['completed', 'error'].includes(j.status))).toBe(true);
    }
    expect(results.map((r) => r.address)).toEqual(runs.map((r) => r.address));
    const evalRun = results.find((r) => r.address.endsWith('.eval'))!;
    // prompt_run + quality + grounded-check + flaky + correctness
    expect(evalRun.jobs).toHaveLength(5);
    expect(evalRun.errors).toEqual([expect.objectContaining({ scorer: 'flaky', status: 'error', message: FLAKY_ERROR })]);
    expect(evalRun.metricsMissing).toEqual([]);
    // progress starts at 0/5 and ends at 5/5 for that run
    const mine = progress.filter((p) => p.startsWith(evalRun.address + ' '));
    expect(mine[0]).toBe(`${evalRun.address} 0/5`);
    expect(mine.at(-1)).toBe(`${evalRun.address} 5/5`);
  });

  it('waits past the jobs for the metrics lag until the scorers show up in the aggregate', async () => {
    const runs = await setup({ jobStepMs: 20, metricsLagMs: 400 });
    const evalRun = runs.find((r) => r.address.endsWith('.eval'))!;
    const [result] = await waitForRuns({ client: client!, runs: [evalRun], timeoutMs: 30_000, pollMs: 20, metricsLagMs: 10_000 });
    expect(result!.metricsMissing).toEqual([]);
    const names = (await getExperimentMetrics(client!, evalRun.projectId, evalRun.runId)).metrics.map((m) => m.name);
    expect(names).toEqual(expect.arrayContaining(['quality', 'grounded-check', 'correctness']));
    expect(names).not.toContain('flaky');
  });

  it('gives up on metrics after the bounded lag and names the scorers still missing', async () => {
    const runs = await setup({ jobStepMs: 10, metricsLagMs: 60_000 });
    const evalRun = runs.find((r) => r.address.endsWith('.eval'))!;
    const [result] = await waitForRuns({ client: client!, runs: [evalRun], timeoutMs: 30_000, pollMs: 20, metricsLagMs: 100 });
    expect(result!.metricsMissing).toEqual(['correctness', 'grounded-check', 'quality']);
  });

  it('times out with a GalctlError naming the run and its job count', async () => {
    const runs = await setup({ jobStepMs: 60_000 });
    const err = await waitForRuns({ client: client!, runs, timeoutMs: 150, pollMs: 30 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(GalctlError);
    expect((err as GalctlError).code).toBe('wait-timeout');
    expect((err as GalctlError).message).toMatch(/project\.gate\.experiment\.eval \(jobs 0\/5\)/);
    expect((err as GalctlError).hint).toMatch(/--timeout/);
  });

  it('stops with the abort reason when the signal fires', async () => {
    const runs = await setup({ jobStepMs: 60_000 });
    const controller = new AbortController();
    const reason = new GalctlError('interrupted', 'interrupted by SIGINT', { exitCode: 130 });
    setTimeout(() => controller.abort(reason), 50);
    const err = await waitForRuns({ client: client!, runs, timeoutMs: 60_000, pollMs: 20, signal: controller.signal }).catch((e: unknown) => e);
    expect(err).toBe(reason);
  });

  it('a run without jobs is done after the grace period', async () => {
    sim = await startSimulator({ jobStepMs: 10 });
    client = createGalileoClient({ apiUrl: sim.url, apiKey: 'sim-key' });
    const p = (await client.request<{ id: string }>('POST', '/projects', { body: { name: 'empty', type: 'gen_ai' } })).data;
    const e = (await client.request<{ id: string }>('POST', `/projects/${p.id}/experiments`, { body: { name: 'nothing', task_type: 16 } })).data;
    const progress: string[] = [];
    const [r] = await waitForRuns({
      client,
      runs: [{ address: 'project.empty.experiment.nothing', projectId: p.id, runId: e.id }],
      timeoutMs: 10_000,
      pollMs: 10,
      noJobsGraceMs: 50,
      onProgress: (a, d, t) => progress.push(`${d}/${t}`),
    });
    expect(r!.jobs).toEqual([]);
    expect(progress).toEqual(['0/0']);
  });
});

describe('formatDuration', () => {
  it.each([
    [90_000, '1m30s'],
    [45_000, '45s'],
    [1_800_000, '30m'],
    [3_600_000, '1h'],
    [5_400_000, '1h30m'],
  ])('%i ms → %s', (ms, text) => {
    expect(formatDuration(ms)).toBe(text);
  });
});
