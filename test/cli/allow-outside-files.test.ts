import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator, type SimulatorHandle } from '../../src/sim/start-simulator.js';
import { runCli } from '../helpers/run-cli.js';
import { simCounts } from './sim-counts.js';

// A trusted manifest in manifest/ whose dataset lives in a sibling directory: plan and apply refuse it like validate
// does, and take it with --allow-outside-files like validate does.
describe('plan and apply --allow-outside-files', () => {
  let sim: SimulatorHandle;
  let root: string;
  let work: string;
  const env = (): Record<string, string> => ({ GALILEO_API_KEY: 'sim-key', GALILEO_API_URL: sim.url });
  const cli = (...argv: string[]) => runCli(argv, { env: env(), cwd: work });

  beforeAll(async () => {
    sim = await startSimulator({ port: 0 });
    root = await mkdtemp(path.join(tmpdir(), 'galctl-outside-'));
    work = path.join(root, 'manifest');
    await mkdir(work);
    await mkdir(path.join(root, 'shared'));
    await writeFile(path.join(root, 'shared', 'capitals.csv'), 'input,output\nWhat is the capital of France?,Paris\n');
    await writeFile(path.join(work, 'galileo.yaml'), 'version: 1\ndatasets:\n  capitals:\n    file: ../shared/capitals.csv\n');
  });

  afterAll(async () => {
    await sim?.close();
    if (root) await rm(root, { recursive: true, force: true });
  });

  it('without the flag, plan and apply report the located outside-file problem, exit 1, and send nothing', async () => {
    for (const argv of [['plan'], ['apply', '--auto-approve']]) {
      const r = await cli(...argv, '-f', 'galileo.yaml');
      expect(r.code, argv.join(' ')).toBe(1);
      expect(r.stderr).toMatch(/galileo\.yaml:4:11: .*file "\.\.\/shared\/capitals\.csv" is outside the manifest's directory/);
      expect(r.stderr).toMatch(/--allow-outside-files/);
    }
    expect(sim.stats().total).toBe(0);
  });

  it('with the flag, plan shows the dataset to create and apply creates it; the re-plan is empty', async () => {
    const plan = await cli('plan', '-f', 'galileo.yaml', '--allow-outside-files', '--detailed-exitcode', '--no-color');
    expect(plan.stderr).toBe('');
    expect(plan.code).toBe(2);
    expect(plan.stdout).toMatch(/\+ dataset\.capitals/);
    const apply = await cli('apply', '-f', 'galileo.yaml', '--allow-outside-files', '--auto-approve', '--no-color');
    expect(apply.stderr).toBe('');
    expect(apply.code).toBe(0);
    expect(simCounts(sim.state()).datasets).toEqual(['capitals v1 galctl:sha256']);
    expect((await cli('plan', '-f', 'galileo.yaml', '--allow-outside-files', '--detailed-exitcode')).code).toBe(0);
  });

  it('plan and apply --help mention the flag as validate does', async () => {
    for (const command of ['plan', 'apply', 'validate']) {
      expect((await cli(command, '--help')).stdout).toMatch(/--allow-outside-files\n\s+allow file references outside the manifest's directory/);
    }
  });
});
