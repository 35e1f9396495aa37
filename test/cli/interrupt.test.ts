import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator, type SimulatorHandle } from '../../src/sim/start-simulator.js';
import { GalctlError } from '../../src/core/errors.js';
import { builtBin, runCli } from '../helpers/run-cli.js';

// Ctrl-C or SIGTERM while live state is read (a slow simulator: every answer takes 400 ms) ends in exit 130 and
// one line, whatever the command, never a stack trace (issue 14.5).

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const KEY = 'glk_interrupt_test_key';

let sim: SimulatorHandle;
let work: string;
beforeAll(async () => {
  sim = await startSimulator({ port: 0, apiKey: KEY, jobStepMs: 5 });
  const applied = await runCli(['apply', '-f', 'galileo.yaml.example', '--auto-approve'], { cwd: ROOT, env: { GALILEO_API_KEY: KEY, GALILEO_API_URL: sim.url } });
  expect(applied.code, applied.stderr).toBe(0);
  sim.setFaults({ latencyMs: 400 });
  work = mkdtempSync(path.join(tmpdir(), 'galctl-interrupt-'));
});
afterAll(async () => {
  await sim.close();
  rmSync(work, { recursive: true, force: true });
});

/**
 * Runs the built CLI against `target` and sends `signal` once the simulator has received the command's first
 * request, or once stdout matches `when`.
 */
function interrupt(argv: string[], signal: NodeJS.Signals, opts: { target?: SimulatorHandle; when?: RegExp } = {}): Promise<{ code: number | null; killedBy: NodeJS.Signals | null; stdout: string; stderr: string }> {
  const target = opts.target ?? sim;
  const before = target.stats().total;
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [builtBin(), ...argv], { cwd: ROOT, env: { PATH: process.env['PATH'], GALILEO_API_KEY: KEY, GALILEO_API_URL: target.url }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    let sent = false;
    const send = (): void => {
      if (sent) return;
      sent = true;
      clearInterval(poll);
      child.kill(signal);
    };
    child.stdout.on('data', (d: Buffer) => {
      stdout += d.toString();
      if (opts.when?.test(stdout) === true) send();
    });
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const poll = setInterval(() => {
      if (opts.when === undefined && target.stats().total > before) send();
    }, 10);
    const guard = setTimeout(() => child.kill('SIGKILL'), 30_000);
    child.on('error', reject);
    child.on('close', (code, killedBy) => {
      clearInterval(poll);
      clearTimeout(guard);
      resolve({ code, killedBy, stdout, stderr });
    });
  });
}

describe('an interrupt while live state is read', () => {
  const commands: [string, string[]][] = [
    ['plan', ['plan', '-f', 'galileo.yaml.example']],
    ['apply', ['apply', '-f', 'galileo.yaml.example', '--auto-approve']],
    ['check', ['check', '-f', 'galileo.yaml.example']],
    ['export', ['export', '--out', 'EXPORT_DIR']],
  ];
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    it.each(commands)(`${signal} during %s: exit 130, one line`, async (name, argv) => {
      const r = await interrupt(argv.map((a) => (a === 'EXPORT_DIR' ? path.join(work, `${name}-${signal}`) : a)), signal);
      expect(r.killedBy).toBeNull();
      expect(r.stderr).toBe(`error: interrupted by ${signal}\n`);
      expect(r.code).toBe(130);
    });
  }
});

describe('an interrupt while apply --wait waits for scoring', () => {
  it.each(['SIGINT', 'SIGTERM'] as const)('%s: exit 130, one line', async (signal) => {
    // jobs that take long: the wait is still going when the signal comes
    const slow = await startSimulator({ port: 0, apiKey: KEY, jobStepMs: 1_500 });
    try {
      const r = await interrupt(['apply', '-f', 'galileo.yaml.example', '--auto-approve', '--wait'], signal, { target: slow, when: /^waiting for scoring/m });
      expect(r.stdout).toMatch(/^waiting for scoring/m);
      expect(r.killedBy).toBeNull();
      expect(r.stderr).toBe(`error: interrupted by ${signal}\n`);
      expect(r.code).toBe(130);
    } finally {
      await slow.close();
    }
  });
});

describe('an interrupt while the manifest loads', () => {
  it.each([['validate'], ['plan']])('%s that finishes anyway still ends as the interrupt: exit 130, one line', async (command) => {
    const controller = new AbortController();
    controller.abort(new GalctlError('interrupted', 'interrupted by SIGINT', { exitCode: 130 }));
    const r = await runCli([command, '-f', 'galileo.yaml.example'], { cwd: ROOT, env: { GALILEO_API_KEY: KEY, GALILEO_API_URL: sim.url }, signal: controller.signal });
    expect(r.stderr).toBe('error: interrupted by SIGINT\n');
    expect(r.code).toBe(130);
  });
});
