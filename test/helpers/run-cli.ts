import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { main } from '../../src/cli/main.js';
import type { Io } from '../../src/cli/io.js';

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

export interface RunCliOptions {
  env?: Record<string, string | undefined>;
  cwd?: string;
  isTTY?: boolean;
  /** the terminal's width (with isTTY) */
  columns?: number;
  stdinIsTTY?: boolean;
  /** answer to confirmation prompts; a function runs at the prompt (e.g. to change Galileo between plan and apply) */
  confirm?: boolean | (() => Promise<boolean>);
  signal?: AbortSignal;
}

/** Runs the CLI in-process through `main()` (fast; same code path as the binary minus process.exit). */
export async function runCli(argv: string[], opts: RunCliOptions = {}): Promise<CliResult> {
  let stdout = '';
  let stderr = '';
  const io: Io = {
    stdout: (t) => void (stdout += t),
    stderr: (t) => void (stderr += t),
    isTTY: opts.isTTY ?? false,
    ...(opts.columns === undefined ? {} : { columns: opts.columns }),
    stdinIsTTY: opts.stdinIsTTY ?? false,
    confirm: async () => (typeof opts.confirm === 'function' ? opts.confirm() : (opts.confirm ?? false)),
    env: { ...(opts.env ?? {}) },
    cwd: opts.cwd ?? process.cwd(),
    signal: opts.signal ?? new AbortController().signal,
  };
  const code = await main(argv, io);
  return { code, stdout, stderr };
}

export const BIN = fileURLToPath(new URL('../../bin/galctl.js', import.meta.url));

/** Runs the built binary as a child process (needs `npm run build`); for exit codes, signals and real stdio. */
export function spawnCli(
  argv: string[],
  opts: { env?: Record<string, string | undefined>; cwd?: string; timeoutMs?: number; input?: string } = {},
): Promise<CliResult & { signal: NodeJS.Signals | null }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...argv], {
      cwd: opts.cwd ?? process.cwd(),
      env: { PATH: process.env['PATH'], ...(opts.env ?? {}) } as NodeJS.ProcessEnv,
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), opts.timeoutMs ?? 60_000);
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code: code ?? -1, stdout, stderr, signal });
    });
    child.stdin.end(opts.input ?? '');
  });
}

export interface Killed {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** Runs the built binary and sends it `signal` after `afterMs`, or once its stdout matches `when`. */
export function runAndSignal(argv: string[], opts: { env: Record<string, string>; cwd: string; signal: NodeJS.Signals; afterMs?: number; when?: RegExp }): Promise<Killed> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...argv], { cwd: opts.cwd, env: { PATH: process.env['PATH'], ...opts.env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    let sent = false;
    const send = (): void => {
      if (!sent && child.exitCode === null) child.kill(opts.signal);
      sent = true;
    };
    child.stdout.on('data', (d: Buffer) => {
      stdout += d.toString();
      if (opts.when?.test(stdout)) send();
    });
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const timer = opts.afterMs === undefined ? undefined : setTimeout(send, opts.afterMs);
    const guard = setTimeout(() => child.kill('SIGKILL'), 30_000);
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      clearTimeout(guard);
      resolve({ code, signal, stdout, stderr });
    });
  });
}
