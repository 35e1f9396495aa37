import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { inject } from 'vitest';
import { main } from '../../src/cli/main.js';
import type { Io } from '../../src/cli/io.js';
import { staleBuildMessage } from './stale-build.js';

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

/** Throws when dist/ is older than src/ (checked once per run by test/helpers/check-build.ts, vitest's globalSetup). */
export function assertFreshBuild(): void {
  const reason = inject('staleBuild');
  if (typeof reason === 'string') throw new Error(staleBuildMessage(reason));
}

/** The built binary's path, for tests that spawn it themselves; fails loudly on a stale build. */
export function builtBin(): string {
  assertFreshBuild();
  return BIN;
}

/** Runs the built binary as a child process (needs `npm run build`); for exit codes, signals and real stdio. */
export function spawnCli(
  argv: string[],
  opts: { env?: Record<string, string | undefined>; cwd?: string; timeoutMs?: number; input?: string } = {},
): Promise<CliResult & { signal: NodeJS.Signals | null }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [builtBin(), ...argv], {
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

