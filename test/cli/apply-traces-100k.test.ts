import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator, type SimulatorHandle } from '../../src/sim/start-simulator.js';
import { spawnCli } from '../helpers/run-cli.js';

const TRACES = 100_000;

/**
 * Issue 6's done-when, through the built binary: a 100,000-trace file is ingested into a flow-C experiment, a
 * re-apply sends nothing, and the simulator holds exactly 100,000 traces in that run.
 */
describe('apply ingests a 100,000-trace file exactly once', () => {
  let sim: SimulatorHandle;
  let work: string;
  const env = (): Record<string, string> => ({ GALILEO_API_KEY: 'sim-key', GALILEO_API_URL: sim.url });

  beforeAll(async () => {
    sim = await startSimulator({ port: 0, jobStepMs: 10 });
    work = await mkdtemp(path.join(tmpdir(), 'galctl-100k-'));
    const lines: string[] = [];
    for (let i = 0; i < TRACES; i += 1) lines.push(JSON.stringify({ input: `question ${i}?`, output: `answer ${i % 977}.` }));
    await writeFile(path.join(work, 'traces.jsonl'), `${lines.join('\n')}\n`);
    await writeFile(
      path.join(work, 'galileo.yaml'),
      ['version: 1', 'projects:', '  bulk:', '    experiments:', '      replay:', '        scorers: [preset:completeness]', '        traces: traces.jsonl', ''].join('\n'),
    );
  });

  afterAll(async () => {
    await sim?.close();
    if (work) await rm(work, { recursive: true, force: true });
  });

  const tracesInRun = async (): Promise<number> => {
    const state = sim.state();
    const run = state.runs.find((r) => r.name.startsWith('replay · ')); // the experiment's run (docs/runs.md)
    return run === undefined ? -1 : run.traces.length;
  };

  it('sends all of them, then nothing on a re-apply; the run holds exactly 100,000', async () => {
    const first = await spawnCli(['apply', '--auto-approve'], { env: env(), cwd: work, timeoutMs: 240_000 });
    expect(first.stderr).not.toMatch(/error/i);
    expect(first.code).toBe(0);
    expect(first.stdout).toMatch(/100000 traces ingested|100,000 traces ingested/);
    expect(await tracesInRun()).toBe(TRACES);

    const plan = await spawnCli(['plan', '--detailed-exitcode'], { env: env(), cwd: work, timeoutMs: 120_000 });
    expect(plan.code).toBe(0);
    expect(plan.stdout).toContain('No changes');

    const again = await spawnCli(['apply', '--auto-approve'], { env: env(), cwd: work, timeoutMs: 120_000 });
    expect(again.code).toBe(0);
    expect(again.stdout).toContain('No changes');
    expect(await tracesInRun()).toBe(TRACES);
  }, 300_000);
});
