import { spawn } from 'node:child_process';
import { builtBin } from './run-cli.js';

/**
 * The line `galctl apply` prints on stdout as each step succeeds: `created scorer.x (id 1234abcd…) in 0.4s`,
 * `registered 2 scorers on …`, `ingested 3 traces into …` (src/render/render-apply.ts, renderStepLine).
 */
export const PROGRESS_LINE = /^[a-z][^\n]* in \d+\.\ds$/gm;

export interface Signalled {
  code: number | null;
  /** the signal that ended the process (null when it handled the signal and exited) */
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  /** whether the signal was sent (false: the process ended before `when` had matched `count` times) */
  sent: boolean;
}

export interface SignalOnOutputOptions {
  env: Record<string, string>;
  cwd: string;
  signal: NodeJS.Signals;
  /** the output line to wait for (default: a progress line) */
  when?: RegExp;
  /** send the signal once `when` has matched this many times on stdout (default 1) */
  count?: number;
  /** SIGKILL after this long whatever happens (a guard against a hung process, not a kill point) */
  guardMs?: number;
}

/**
 * Runs the built binary and sends it `signal` once its stdout holds `count` lines matching `when`: the kill lands at
 * a point of the run's progress, whatever the machine's speed, where a wall-clock delay would land anywhere.
 */
export function spawnAndSignal(argv: string[], opts: SignalOnOutputOptions): Promise<Signalled> {
  const when = new RegExp((opts.when ?? PROGRESS_LINE).source, 'gm');
  const count = opts.count ?? 1;
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [builtBin(), ...argv], { cwd: opts.cwd, env: { PATH: process.env['PATH'], ...opts.env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    let sent = false;
    child.stdout.on('data', (d: Buffer) => {
      stdout += d.toString();
      if (sent || child.exitCode !== null || (stdout.match(when)?.length ?? 0) < count) return;
      sent = true;
      child.kill(opts.signal);
    });
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const guard = setTimeout(() => child.kill('SIGKILL'), opts.guardMs ?? 60_000);
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(guard);
      resolve({ code, signal, stdout, stderr, sent });
    });
  });
}

/** How many progress lines an apply printed. */
export function progressLines(stdout: string): number {
  return stdout.match(new RegExp(PROGRESS_LINE.source, 'gm'))?.length ?? 0;
}
