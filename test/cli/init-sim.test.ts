import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { INIT_FLOWS, SCAFFOLD_ACTION_REF, SCAFFOLD_SCHEMA_PATH } from '../../src/cli/commands/init.js';
import { startSimulator, type SimulatorHandle } from '../../src/sim/start-simulator.js';
import { filesUnder } from '../helpers/files-under.js';
import { runCli } from '../helpers/run-cli.js';

describe('galctl init', () => {
  let sim: SimulatorHandle;
  let root: string;
  const env = (): Record<string, string> => ({ GALILEO_API_KEY: 'sim-key', GALILEO_API_URL: sim.url });

  beforeAll(async () => {
    sim = await startSimulator({ port: 0, jobStepMs: 20, metricsLagMs: 0 });
    root = await mkdtemp(path.join(tmpdir(), 'galctl-init-'));
  });

  afterAll(async () => {
    await sim?.close();
    if (root) await rm(root, { recursive: true, force: true });
  });

  it.each(Object.keys(INIT_FLOWS))('--flow %s scaffolds a manifest that validates, applies against the simulator and re-plans empty', async (flow) => {
    const init = await runCli(['init', flow, '--flow', flow], { cwd: root });
    expect(init.stderr).toBe('');
    expect(init.code).toBe(0);
    const dir = path.join(root, flow);
    const manifest = await readFile(path.join(dir, 'galileo.yaml'), 'utf8');
    expect(manifest.split('\n')[0]).toBe(`# yaml-language-server: $schema=${SCAFFOLD_SCHEMA_PATH}`);
    expect(manifest).not.toContain('examples/');
    // its own stack (the directory's name): the flows share one simulator, and none may see another's objects
    expect(manifest).toMatch(new RegExp(`^stack: ${flow}$`, 'm'));
    const workflow = await readFile(path.join(dir, '.github/workflows/galctl.yml'), 'utf8');
    expect(workflow).toMatch(/^name: /m);
    // the example's `uses: ./` means galctl's own repository; a scaffold names the action to pin instead
    expect(workflow).not.toMatch(/uses: \.\/\s*$/m);
    expect(workflow).toContain(`uses: ${SCAFFOLD_ACTION_REF}`);

    const validate = await runCli(['validate'], { cwd: dir });
    expect(validate.stderr).toBe('');
    expect(validate.code).toBe(0);
    const apply = await runCli(['apply', '--auto-approve'], { cwd: dir, env: env() });
    expect(apply.stderr).toBe('');
    expect(apply.code).toBe(0);
    const replan = await runCli(['plan', '--detailed-exitcode'], { cwd: dir, env: env() });
    expect(replan.stdout + replan.stderr).toContain('No changes');
    expect(replan.code).toBe(0);
  });

  it('overwrites nothing: with one scaffold file present it lists it, writes nothing and exits 1', async () => {
    const dir = path.join(root, 'taken');
    await runCli(['init', dir, '--flow', 'raw-traces']); // absolute DIR
    const mine = path.join(dir, 'galileo.yaml');
    await writeFile(mine, 'version: 1\n# mine\n');
    await rm(path.join(dir, 'traces'), { recursive: true });
    const before = filesUnder(dir).sort();
    const again = await runCli(['init', dir, '--flow', 'raw-traces']);
    expect(again.code).toBe(1);
    expect(again.stderr).toContain('already exist');
    expect(again.stderr).toContain('  galileo.yaml\n');
    expect(again.stderr).toContain('  scorers/cites_source.py\n');
    expect(again.stderr).toContain('  .github/workflows/galctl.yml\n');
    expect(again.stderr).not.toContain('traces/replay.jsonl');
    expect(filesUnder(dir).sort()).toEqual(before);
    expect(await readFile(mine, 'utf8')).toBe('version: 1\n# mine\n');
  });

  it('refuses the runner flow (not available yet) and an unknown one, naming the flows it offers', async () => {
    for (const flow of ['runner', 'nope']) {
      const r = await runCli(['init', path.join(root, `x-${flow}`), '--flow', flow]);
      expect(r.code).toBe(1);
      expect(r.stderr).toContain(`unknown flow "${flow}"`);
      expect(r.stderr).toContain(Object.keys(INIT_FLOWS).join(', '));
    }
    expect(filesUnder(root).some((f) => f.includes('x-'))).toBe(false);
  });
});
