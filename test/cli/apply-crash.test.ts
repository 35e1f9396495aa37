import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startSimulator, type SimulatorHandle } from '../../src/sim/start-simulator.js';
import { runAndSignal, runCli, spawnCli } from '../helpers/run-cli.js';
import { EXAMPLE_APPLIED, EXAMPLE_INVENTORY, inventoryRows, simCounts } from './sim-counts.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

describe('galctl apply interrupted at random points, then run again', () => {
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

  it('SIGKILL at random points: each re-run finishes what is left, with nothing duplicated', async () => {
    const delays: number[] = [];
    const outcomes: string[] = [];
    for (let i = 0; i < 4; i += 1) {
      // the first kill lands for sure mid-apply (right after the first object is created); the others at random
      // times, which may fall after a (shorter) re-run has already finished
      const delay = Math.round(250 + Math.random() * 900);
      delays.push(i === 0 ? 0 : delay);
      const r = await runAndSignal(
        ['apply', '--auto-approve'],
        i === 0 ? { env: env(), cwd: work, signal: 'SIGKILL', when: /^created /m } : { env: env(), cwd: work, signal: 'SIGKILL', afterMs: delay },
      );
      outcomes.push(r.signal ?? `exit ${String(r.code)}`);
      expect(r.stderr, `run ${i} (killed after ${delay} ms)`).not.toMatch(/internal error|made outside galctl/);
    }
    expect(outcomes, `delays ${delays.join(', ')} ms`).toContain('SIGKILL');

    const last = await spawnCli(['apply', '--auto-approve'], { env: env(), cwd: work });
    expect(last.stderr, `after kills at ${delays.join(', ')} ms`).toBe('');
    expect(last.code).toBe(0);
    // a kill between the dataset's upload and the naming of its version leaves it unnamed; it is galctl's (its
    // inventory row came first), so the re-run names it: one version, named
    const counts = simCounts(sim.state());
    expect(counts, `after kills at ${delays.join(', ')} ms`).toEqual(EXAMPLE_APPLIED);
    // a kill between a claim and its confirmation leaves an unconfirmed row: it proves nothing, and the next apply
    // that writes the inventory drops it; the confirmed rows are one per object
    const confirmed = inventoryRows(sim.state()).filter((r) => !r.endsWith(' unconfirmed'));
    expect(confirmed, `one confirmed inventory row per object, none twice; all rows: ${inventoryRows(sim.state()).join(", ")}`).toEqual(EXAMPLE_INVENTORY);
    expect((await runCli(['plan', '-f', 'galileo.yaml', '--detailed-exitcode'], { env: env(), cwd: work })).code).toBe(0);
  });

  it('Ctrl-C: the steps in flight finish, the rest is reported, exit 130; a re-run finishes the job', async () => {
    const r = await runAndSignal(['apply', '--auto-approve'], { env: env(), cwd: work, signal: 'SIGINT', when: /^created project\.galctl-demo /m });
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
      expect(r.stdout).toMatch(/Started a Galileo simulator at http:\/\/127\.0\.0\.1:\d+/);
      expect(r.stdout).toMatch(/Apply complete: 11 created, 0 new versions, 0 updated, 0 replaced, 0 deleted, 3 traces ingested/);
      expect(r.stdout).toMatch(/galctl plan -f galileo\.yaml\.example[^\n]*\ngalctl plan: galileo\.yaml\.example against [^\n]+\n\nNo changes\. Galileo matches the manifest\./);
      expect(r.stdout).toMatch(/export GALILEO_API_KEY=/);
      expect(r.stdout).toMatch(/GALILEO_API_URL/);
    } finally {
      await rm(cwd, { recursive: true, force: true });
    }
  });
});
