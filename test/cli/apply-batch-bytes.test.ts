import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startSimulator, type SimulatorHandle } from '../../src/sim/start-simulator.js';
import { ROOT } from '../helpers/example-workspace.js';
import { runCli } from '../helpers/run-cli.js';

const INGEST = 'POST /projects/:project_id/traces';
const MANIFEST = path.join(ROOT, 'examples/raw-traces/galileo.yaml');
let sim: SimulatorHandle | undefined;

afterEach(async () => {
  await sim?.close();
  sim = undefined;
});

describe('galctl apply --batch-bytes', () => {
  it('bounds each ingest request by bytes: the raw-traces example goes out as one request by default, several under a small cap', async () => {
    for (const [args, one] of [[[], true], [['--batch-bytes', '1500'], false]] as const) {
      sim = await startSimulator({ jobStepMs: 10 });
      const res = await runCli(['apply', '-f', MANIFEST, '--auto-approve', ...args], { env: { GALILEO_API_URL: sim.url, GALILEO_API_KEY: 'sim-key' }, cwd: ROOT });
      expect(res.stderr).toBe('');
      expect(res.code).toBe(0);
      expect(res.stdout).toContain('ingested 4 traces');
      const ingests = sim.stats().by_route[INGEST] ?? 0;
      if (one) expect(ingests).toBe(1);
      else expect(ingests).toBeGreaterThanOrEqual(2);
      await sim.close();
      sim = undefined;
    }
  });

  it('refuses a cap that is not a whole number of at least 1, before anything is read', async () => {
    const res = await runCli(['apply', '-f', MANIFEST, '--auto-approve', '--batch-bytes', '0'], { env: { GALILEO_API_URL: 'http://127.0.0.1:9', GALILEO_API_KEY: 'sim-key' }, cwd: ROOT });
    expect(res.code).toBe(1);
    expect(res.stderr).toContain('--batch-bytes "0" is not a whole number of at least 1');
  });
});
