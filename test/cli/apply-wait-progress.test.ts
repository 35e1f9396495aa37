import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator, type SimulatorHandle } from '../../src/sim/start-simulator.js';
import { spawnCli } from '../helpers/run-cli.js';

// Issue 20.2: `apply --wait` without a terminal (CI) is never silent while scoring runs: a heartbeat line per run
// still scoring every GALCTL_HEARTBEAT_MS (shortened here; the simulator's jobs made slow with jobStepMs).

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const KEY = 'glk_wait_progress_key';

let sim: SimulatorHandle;
beforeAll(async () => {
  sim = await startSimulator({ port: 0, apiKey: KEY, jobStepMs: 400 });
});
afterAll(async () => {
  await sim.close();
});

describe('apply --wait without a terminal', () => {
  it('prints heartbeat lines while the runs are scoring, then finishes', async () => {
    const r = await spawnCli(['apply', '-f', 'galileo.yaml.example', '--auto-approve', '--wait'], {
      cwd: ROOT,
      env: { GALILEO_API_KEY: KEY, GALILEO_API_URL: sim.url, GALCTL_HEARTBEAT_MS: '100' },
      timeoutMs: 120_000,
    });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^waiting for scoring: project\.galctl-demo\.\S+: jobs \d+\/\d+, \d+s so far$/m);
    expect(r.stdout).toContain('scoring finished');
  }, 150_000);
});
