import { spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startSimulator, type SimulatorHandle } from '../../src/sim/start-simulator.js';
import { builtBin, spawnCli } from '../helpers/run-cli.js';

// Issue 20.2 through the built binary, stdout a pipe (CI): a long ingest prints heartbeat lines (interval shortened
// with GALCTL_HEARTBEAT_MS, the work made long with the simulator's latency knob), and an interrupted apply's
// summary counts the traces that reached the simulator.

const TRACES = 20_000;
const KEY = 'sim-key';
const RUN = 'project.bulk.experiment.replay.traces';

let sim: SimulatorHandle;
let work: string;
beforeEach(async () => {
  sim = await startSimulator({ port: 0, apiKey: KEY, jobStepMs: 10 });
  work = await mkdtemp(path.join(tmpdir(), 'galctl-progress-'));
  const lines: string[] = [];
  for (let i = 0; i < TRACES; i += 1) lines.push(JSON.stringify({ input: `question ${i}?`, output: `answer ${i}.` }));
  await writeFile(path.join(work, 'traces.jsonl'), `${lines.join('\n')}\n`);
  await writeFile(path.join(work, 'galileo.yaml'), ['version: 1', 'projects:', '  bulk:', '    experiments:', '      replay:', '        scorers: [preset:completeness]', '        traces: traces.jsonl', ''].join('\n'));
});
afterEach(async () => {
  await sim.close();
  await rm(work, { recursive: true, force: true });
});

const env = (): Record<string, string> => ({ GALILEO_API_KEY: KEY, GALILEO_API_URL: sim.url, GALCTL_HEARTBEAT_MS: '100' });
const storedTraces = (): number => sim.state().runs.find((r) => r.name.startsWith('replay · '))?.traces.length ?? -1; // the experiment's run (docs/runs.md)
const HEARTBEAT = new RegExp(`^ingest ${RUN.replace(/\./g, '\\.')}: ([\\d,]+)/20,000 traces`, 'm');

describe('apply progress without a terminal', () => {
  it('a long ingest of 20,000 traces prints heartbeat lines with done/total', async () => {
    sim.setFaults({ latencyMs: 20 });
    const r = await spawnCli(['apply', '--auto-approve', '--batch-size', '200'], { env: env(), cwd: work, timeoutMs: 120_000 });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(HEARTBEAT);
    expect(r.stdout).toContain(`${TRACES} traces ingested`);
    expect(storedTraces()).toBe(TRACES);
  }, 150_000);

  it('an apply interrupted mid-ingest counts in its summary exactly the traces Galileo holds', async () => {
    sim.setFaults({ latencyMs: 100 });
    const r = await new Promise<{ code: number | null; stdout: string }>((resolve, reject) => {
      const child = spawn(process.execPath, [builtBin(), 'apply', '--auto-approve', '--batch-size', '250'], { cwd: work, env: { PATH: process.env['PATH'], ...env() }, stdio: ['ignore', 'pipe', 'pipe'] });
      let stdout = '';
      let sent = false;
      child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
      // interrupt once some batches have landed in the simulator
      const poll = setInterval(() => {
        if (sent || storedTraces() <= 0) return;
        sent = true;
        child.kill('SIGINT');
      }, 20);
      const guard = setTimeout(() => child.kill('SIGKILL'), 120_000);
      child.on('error', reject);
      child.on('close', (code) => {
        clearInterval(poll);
        clearTimeout(guard);
        resolve({ code, stdout });
      });
    });
    expect(r.code).toBe(130);
    expect(r.stdout).toMatch(/Apply interrupted/);
    const counted = Number(/(\d+) traces? ingested/.exec(r.stdout)?.[1]);
    const stored = storedTraces();
    expect(stored).toBeGreaterThan(0);
    expect(stored).toBeLessThan(TRACES);
    expect(counted).toBe(stored);
  }, 150_000);
});
