import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator, type SimulatorHandle } from '../../src/sim/start-simulator.js';
import { runCli } from '../helpers/run-cli.js';

// A deployment that refuses the raw Galileo-API-Key header (the simulator's bearerOnly knob): galctl logs in with
// the key the way both official SDKs always do (POST /login/api_key → Authorization: Bearer), once, before it gives
// up on a 401 (issue 13.6).

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const KEY = 'glk_bearer_only_key_7c1d';

let sim: SimulatorHandle;
let open: SimulatorHandle;
beforeAll(async () => {
  sim = await startSimulator({ port: 0, apiKey: KEY, jobStepMs: 5, bearerOnly: true });
  open = await startSimulator({ port: 0, apiKey: KEY, jobStepMs: 5 });
});
afterAll(async () => {
  await sim.close();
  await open.close();
});

const logins = (s: SimulatorHandle): number => s.stats().by_route['POST /login/api_key'] ?? 0;

describe('a 401 to the key header', () => {
  it('apply logs in once with the key, goes on with the Bearer token, and converges', async () => {
    const env = { GALILEO_API_KEY: KEY, GALILEO_API_URL: sim.url };
    const applied = await runCli(['apply', '-f', 'galileo.yaml.example', '--auto-approve'], { cwd: ROOT, env });
    expect(applied.stderr).toBe('');
    expect(applied.code).toBe(0);
    expect(logins(sim)).toBe(1);
    const again = await runCli(['plan', '-f', 'galileo.yaml.example', '--detailed-exitcode'], { cwd: ROOT, env });
    expect(again.stdout).toMatch(/No changes\./);
    expect(again.code).toBe(0);
    expect(logins(sim)).toBe(2);
    expect(applied.stdout + again.stdout).not.toContain(KEY);
  });

  it('a wrong key: the login is tried once, then the 401 stands as one clear error', async () => {
    const before = logins(sim);
    const r = await runCli(['plan', '-f', 'galileo.yaml.example'], { cwd: ROOT, env: { GALILEO_API_KEY: 'glk_wrong_key', GALILEO_API_URL: sim.url } });
    expect(r.stderr).toMatch(/^error: check GALILEO_API_KEY: the API at http:\/\/127\.0\.0\.1:\d+ answered 401 \([A-Z]+ \/[^)]+\)\n {2}hint: /);
    expect(r.code).toBe(1);
    expect(logins(sim) - before).toBe(1);
  });

  it('a deployment that takes the key header needs no login', async () => {
    const r = await runCli(['plan', '-f', 'galileo.yaml.example'], { cwd: ROOT, env: { GALILEO_API_KEY: KEY, GALILEO_API_URL: open.url } });
    expect(r.code).toBe(0);
    expect(logins(open)).toBe(0);
  });
});
