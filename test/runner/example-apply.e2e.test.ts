import { spawnSync } from 'node:child_process';
import { cp, mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator, type SimulatorHandle } from '../../src/sim/start-simulator.js';
import { ROOT } from '../helpers/example-workspace.js';
import { spawnCli } from '../helpers/run-cli.js';

const KEY = 'sim-secret-5e8b1c';
/** the Python application needs python3; without it only the Node one is applied */
const hasPython = spawnSync('python3', ['--version']).status === 0;

describe('examples/app-runner applied against the simulator, offline', () => {
  let sim: SimulatorHandle;
  let dir: string;
  const cli = (argv: string[]) => spawnCli(argv, { cwd: dir, env: { GALILEO_API_KEY: KEY, GALILEO_API_URL: sim.url }, timeoutMs: 120_000 });
  const targets = hasPython ? [] : ['--target', 'project.support-app.experiment.app-answers-node'];

  beforeAll(async () => {
    sim = await startSimulator({ port: 0, apiKey: KEY });
    dir = await mkdtemp(path.join(tmpdir(), 'galctl-app-runner-'));
    await cp(path.join(ROOT, 'examples', 'app-runner'), dir, { recursive: true });
  });
  afterAll(async () => sim?.close());

  it('answers every row of each runner experiment, and a re-plan is empty', async () => {
    const r = await cli(['apply', '--auto-approve', ...targets]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('ingested 5 traces into project.support-app.experiment.app-answers-node (5 rows answered by the application)');
    if (hasPython) expect(r.stdout).toContain('ingested 5 traces into project.support-app.experiment.app-answers (5 rows answered by the application)');
    const runs = sim.state().runs.filter((x) => x.kind === 'experiment');
    expect(runs.map((x) => x.traces.length)).toEqual(runs.map(() => 5));
    const plan = await cli(['plan', '--detailed-exitcode', ...targets]);
    expect(plan.stdout).toContain('No changes.');
    expect(plan.code).toBe(0);
  });
});
