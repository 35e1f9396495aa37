import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startSimulator, type SimulatorHandle } from '../../src/sim/start-simulator.js';
import { runCli, spawnCli } from '../helpers/run-cli.js';
import { spawnAndSignal } from '../helpers/signal-on-output.js';
import { EXAMPLE_APPLIED, EXAMPLE_INVENTORY, inventoryRows, simCounts } from './sim-counts.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

describe('galctl apply interrupted at several points, then run again', () => {
  let sim: SimulatorHandle;
  let work: string;
  const env = (): Record<string, string> => ({ GALILEO_API_KEY: 'sim-key', GALILEO_API_URL: sim.url });

  beforeEach(async () => {
    // latency, so that there is something in flight to kill
    sim = await startSimulator({ port: 0, latencyMs: 15, jobStepMs: 10 });
    work = await mkdtemp(path.join(tmpdir(), 'galctl-crash-'));
    await cp(path.join(ROOT, 'examples'), path.join(work, 'examples'), { recursive: true });
    // No adopt: true: apply records what it will create in galctl's inventory before creating it, so an object killed
    // right after its create is already galctl's to the next plan
    await writeFile(path.join(work, 'galileo.yaml'), await readFile(path.join(ROOT, 'galileo.yaml.example'), 'utf8'));
  });
  afterEach(async () => {
    await sim.close();
    await rm(work, { recursive: true, force: true });
  });

  it('SIGKILL at several points of the apply: each re-run finishes what is left, with nothing duplicated', async () => {
    // each run is killed once it has printed this many finished steps, a point of its progress rather than a
    // wall-clock delay. The first kill lands mid-apply for sure (the example's apply has 12 steps); the requests in
    // flight at a kill still land, so a re-run has less left than the steps printed suggest and may finish first
    const killAfterSteps = [1, 2, 1, 1];
    const outcomes: string[] = [];
    for (const [i, steps] of killAfterSteps.entries()) {
      const r = await spawnAndSignal(['apply', '--auto-approve'], { env: env(), cwd: work, signal: 'SIGKILL', count: steps });
      outcomes.push(r.signal ?? `exit ${String(r.code)}`);
      expect(r.stderr, `run ${i} (killed after ${steps} finished steps)`).not.toMatch(/internal error|made outside galctl/);
    }
    expect(outcomes[0], 'the first run is killed mid-apply').toBe('SIGKILL');
    for (const outcome of outcomes) expect(['SIGKILL', 'exit 0'], `outcomes: ${outcomes.join(', ')}`).toContain(outcome);

    const last = await spawnCli(['apply', '--auto-approve'], { env: env(), cwd: work });
    expect(last.stderr, `after kills at ${killAfterSteps.join(', ')} steps`).toBe('');
    expect(last.code).toBe(0);
    // a kill between the dataset's upload and the naming of its version leaves it unnamed; it is galctl's (its
    // inventory row came first), so the re-run names it: one version, named
    const counts = simCounts(sim.state());
    expect(counts, `after kills at ${killAfterSteps.join(', ')} steps`).toEqual(EXAMPLE_APPLIED);
    // a kill between a claim and its confirmation leaves an unconfirmed row: it proves nothing, and the next apply
    // that writes the inventory drops it; the confirmed rows are one per object
    const confirmed = inventoryRows(sim.state()).filter((r) => !r.endsWith(' unconfirmed'));
    expect(confirmed, `one confirmed inventory row per object, none twice; all rows: ${inventoryRows(sim.state()).join(", ")}`).toEqual(EXAMPLE_INVENTORY);
    expect((await runCli(['plan', '-f', 'galileo.yaml', '--detailed-exitcode'], { env: env(), cwd: work })).code).toBe(0);
  });

  it('Ctrl-C: the steps in flight finish, the rest is reported, exit 130; a re-run finishes the job', async () => {
    const r = await spawnAndSignal(['apply', '--auto-approve'], { env: env(), cwd: work, signal: 'SIGINT', when: /^created project\.galctl-demo /m });
    expect(r.code).toBe(130);
    expect(r.stderr).toBe('error: interrupted by SIGINT\n');
    expect(r.stdout).toMatch(/Apply interrupted: \d+ succeeded, \d+ failed, \d+ skipped, \d+ not attempted\./);
    expect(r.stdout).toMatch(/Not attempted:\n/);
    expect(r.stdout).not.toMatch(/internal error/);

    const again = await spawnCli(['apply', '--auto-approve'], { env: env(), cwd: work });
    expect(again.stderr).toBe('');
    expect(again.code).toBe(0);
    expect(simCounts(sim.state())).toEqual(EXAMPLE_APPLIED);
  });
});

describe('galctl demo (the built binary)', () => {
  it('applies the example to an in-process simulator, shows an empty re-plan and how to use a real Galileo', async () => {
    const cwd = await mkdtemp(path.join(tmpdir(), 'galctl-demo-'));
    try {
      const r = await spawnCli(['demo'], { cwd, env: {} });
      expect(r.stderr).toBe('');
      expect(r.code).toBe(0);
      expect(r.stdout).toMatch(/Started a Galileo simulator at http:\/\/127\.0\.0\.1:\d+ with an OpenAI integration/);
      // the example's judges run on the org's integration: no warning that they cannot
      expect(r.stdout).not.toMatch(/needs an integration/);
      expect(r.stdout).toMatch(/Apply complete: 11 created, 0 new versions, 0 updated, 0 replaced, 0 deleted, 3 traces ingested/);
      expect(r.stdout).toMatch(/galctl plan -f galileo\.yaml\.example[^\n]*\ngalctl plan: galileo\.yaml\.example against [^\n]+\n\nNo changes\. Galileo matches the manifest\./);
      expect(r.stdout).toMatch(/export GALILEO_API_KEY=/);
      expect(r.stdout).toMatch(/GALILEO_API_URL/);
    } finally {
      await rm(cwd, { recursive: true, force: true });
    }
  });
});
