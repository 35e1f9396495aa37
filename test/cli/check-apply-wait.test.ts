import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createGalileoClient, type GalileoClient } from '../../src/galileo/create-client.js';
import { readLiveState } from '../../src/engine/read/read-live-state.js';
import { listJobs } from '../../src/galileo/runs.js';
import { startSimulator, type SimulatorHandle } from '../../src/sim/start-simulator.js';
import { EXPERIMENT, FLAKY_ERROR, gateManifest, loadDesired, writeManifest } from '../check/scored-experiment.js';
import { runCli } from '../helpers/run-cli.js';

const KEY = 'sim-key';
let sim: SimulatorHandle;
let client: GalileoClient;
const cleanups: (() => void)[] = [];

beforeAll(async () => {
  // the default metrics lag (about 1 s): the CI flow must wait it out
  sim = await startSimulator({ jobStepMs: 100, scorerFailures: { flaky: FLAKY_ERROR } });
  client = createGalileoClient({ apiUrl: sim.url, apiKey: KEY });
});

afterAll(async () => {
  await client?.close();
  await sim?.close();
  for (const c of cleanups) c();
});

const env = (): Record<string, string> => ({ GALILEO_API_URL: sim.url, GALILEO_API_KEY: KEY });

describe('galctl apply --wait, then galctl check (the CI flow)', () => {
  it('apply --wait returns only after every job is terminal and metrics are readable; check then gates on thresholds', async () => {
    const m = writeManifest(gateManifest([
      '          quality: { average: ">= 0.1" }',
      '          grounded: { share_true: ">= 0" }',
    ].join('\n')));
    cleanups.push(m.cleanup);

    const applied = await runCli(['apply', '-f', m.file, '--auto-approve', '--wait', '--timeout', '2m'], { env: env(), cwd: m.dir });
    expect(applied.stderr).toBe('');
    expect(applied.code).toBe(0);
    expect(applied.stdout).toContain('waiting for scoring of 2 runs (timeout 2m)');
    expect(applied.stdout).toContain(`${EXPERIMENT}: jobs 5/5`);
    expect(applied.stdout).toContain(`${EXPERIMENT}: job log_stream_scorer (scorer flaky) error: ${FLAKY_ERROR}`);
    expect(applied.stdout).toContain('scoring finished');
    expect(applied.stdout).not.toContain('metrics not readable yet');

    // after apply returned: no job of any run is still running
    const live = await readLiveState(client, await loadDesired(m.file));
    for (const address of [EXPERIMENT, 'project.gate.experiment.untested']) {
      const run = live.resources[address]!;
      const jobs = await listJobs(client, String(run.refs?.['projectId'] ?? live.resources['project.gate']!.id), run.id);
      expect(jobs.length).toBeGreaterThan(0);
      expect(jobs.filter((j) => j.status === 'unstarted' || j.status === 'in_progress')).toEqual([]);
    }

    const passed = await runCli(['check', '-f', m.file], { env: env(), cwd: m.dir });
    expect(passed.code).toBe(0);
    expect(passed.stdout).toContain('all 2 thresholds passed');

    const strict = writeManifest(gateManifest('          quality: { average: ">= 0.999" }'));
    cleanups.push(strict.cleanup);
    const failed = await runCli(['check', '-f', strict.file], { env: env(), cwd: strict.dir });
    expect(failed.code).toBe(3);
    expect(failed.stdout).toMatch(/average 0\.\d+ is not >= 0\.999/);
  });

  it('--timeout without --wait, or a bad duration, is a usage error (exit 1) before anything is read', async () => {
    const m = writeManifest(gateManifest(''));
    cleanups.push(m.cleanup);
    const noWait = await runCli(['apply', '-f', m.file, '--auto-approve', '--timeout', '5m'], { env: env(), cwd: m.dir });
    expect(noWait.code).toBe(1);
    expect(noWait.stderr).toMatch(/--timeout only applies with --wait/);
    const bad = await runCli(['apply', '-f', m.file, '--auto-approve', '--wait', '--timeout', 'soon'], { env: env(), cwd: m.dir });
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/--timeout "soon" is not a duration/);
  });
});
