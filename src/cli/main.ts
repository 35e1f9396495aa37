import { parseArgs } from 'node:util';
import { writeSync } from 'node:fs';
import { createInterface } from 'node:readline/promises';
import { GalctlError, UsageError } from '../core/errors.js';
import { escapeControlLines } from '../render/escape-control.js';
import { commands, summaries } from './commands/index.js';
import { maskIo, type Io } from './io.js';
import { packageVersion } from './package-root.js';


export function topLevelHelp(): string {
  const width = Math.max(...Object.keys(summaries).map((n) => n.length));
  const lines = Object.entries(summaries).map(([n, s]) => `  ${n.padEnd(width)}  ${s}`);
  return [
    'galctl: evaluation-as-code for Galileo',
    '',
    'Usage: galctl <command> [options]',
    '',
    'Commands:',
    ...lines,
    '',
    'Run `galctl <command> --help` for the options of one command, `galctl --version` for the version.',
    'Environment: GALILEO_API_KEY (required to talk to Galileo), GALILEO_API_URL or GALILEO_CONSOLE_URL.',
    'Start with `galctl demo`: it needs no account.',
    '',
  ].join('\n');
}

/** Runs one CLI invocation and returns its exit code. Never throws, never exits. */
export async function main(argv: string[], rawIo: Io): Promise<number> {
  const io = maskIo(rawIo);
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    io.stdout(topLevelHelp());
    return name === undefined ? 1 : 0;
  }
  if (name === '--version' || name === '-v') {
    io.stdout(`galctl ${packageVersion()}\n`);
    return 0;
  }
  const load = commands[name];
  if (load === undefined) {
    io.stderr(`error: unknown command "${name}"\n  hint: run \`galctl --help\` to see the commands\n`);
    return 1;
  }
  try {
    const command = await load();
    if (rest.includes('--help') || rest.includes('-h')) {
      io.stdout(command.help.endsWith('\n') ? command.help : `${command.help}\n`);
      return 0;
    }
    let parsed;
    try {
      parsed = parseArgs({
        args: rest,
        options: command.options,
        allowPositionals: command.allowPositionals ?? false,
        strict: true,
      });
    } catch (err) {
      // node's parseArgs appends advice about positionals after the first sentence; the first sentence is the point
      const first = String((err as Error).message).split(/\.\s/)[0] ?? '';
      throw new UsageError(first.replace(/^./, (c) => c.toLowerCase()), `run \`galctl ${name} --help\``);
    }
    const code = await command.run(parsed as never, io);
    // interrupted, yet finished (a step that does not watch the signal, such as loading): still an interrupt
    if (io.signal.aborted && command.endsOnInterrupt !== true) throw io.signal.reason;
    return code;
  } catch (err) {
    return reportError(err, io);
  }
}

/** Prints an error as one `error:` line plus a hint; a stack trace only with GALCTL_DEBUG. */
export function reportError(err: unknown, io: Io): number {
  // messages quote names, paths and the API's own words: control characters escaped (their line breaks stay)
  if (err instanceof GalctlError) {
    io.stderr(`error: ${escapeControlLines(err.message)}\n${err.hint ? `  hint: ${escapeControlLines(err.hint)}\n` : ''}`);
    return err.exitCode;
  }
  const message = escapeControlLines(err instanceof Error ? err.message : String(err));
  io.stderr(`error: internal error: ${message}\n  hint: this is a bug in galctl; please report it with the command you ran\n`);
  if ((io.env['GALCTL_DEBUG'] ?? '') !== '' && err instanceof Error && err.stack) io.stderr(`${escapeControlLines(err.stack)}\n`);
  return 1;
}

/** The process's side of an interrupt: which signal came first, if any. */
export interface ProcessInterrupts {
  signal(): NodeJS.Signals | undefined;
}

/**
 * The process entry: real stdout/stderr/stdin; SIGINT/SIGTERM → abort. An interrupt ends in exactly one line: once
 * one came, what the command still writes to stderr is dropped (the abort's knock-on errors, a second "interrupted")
 * and `run` prints `error: interrupted by SIG…`. A second interrupt quits at once. `early`: signals that arrived
 * while the modules loaded (bin/galctl.js holds them).
 */
export function processIo(early: readonly NodeJS.Signals[] = []): { io: Io; interrupts: ProcessInterrupts } {
  const controller = new AbortController();
  let first: NodeJS.Signals | undefined;
  const onSignal = (sig: NodeJS.Signals): void => {
    if (first !== undefined) {
      endProcess(130, `error: interrupted by ${first}\n`);
    }
    first = sig;
    // on a terminal, say why nothing ends at once (apply lets the requests in flight finish); CI logs get one line
    if (process.stderr.isTTY === true) process.stderr.write(`\n${sig}: finishing the requests in flight, then stopping (press Ctrl-C again to quit now)\n`);
    controller.abort(new GalctlError('interrupted', `interrupted by ${sig}`, { exitCode: 130 }));
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  for (const sig of early) onSignal(sig);
  const debug = (process.env['GALCTL_DEBUG'] ?? '') !== '';
  const io: Io = {
    stdout: (t) => void process.stdout.write(t),
    stderr: (t) => void (first === undefined || debug ? process.stderr.write(t) : undefined),
    isTTY: process.stdout.isTTY === true,
    ...(process.stdout.isTTY === true && process.stdout.columns > 0 ? { columns: process.stdout.columns } : {}),
    stdinIsTTY: process.stdin.isTTY === true,
    confirm: async (question) => {
      const rl = createInterface({ input: process.stdin, output: process.stderr });
      try {
        const answer = await rl.question(question);
        return /^y(es)?$/i.test(answer.trim());
      } finally {
        rl.close();
      }
    },
    env: process.env,
    cwd: process.cwd(),
    signal: controller.signal,
  };
  return { io, interrupts: { signal: () => first } };
}

/** true once the process is ending on purpose: the 'exit' guard in `run` then has nothing to add */
let ending = false;

/** Writes `text` to stderr at once (the process is about to end: nothing may stay pending) and exits. */
function endProcess(code: number, text: string): never {
  ending = true;
  try {
    writeSync(2, text);
  } catch {
    // stderr closed: nothing to tell
  }
  process.exit(code);
}

/**
 * Runs main and exits with its code. Until main returns, the exit code is a failure: a promise that never settles
 * (a request undici leaves pending) lets the event loop empty, and that must not read as success in CI. A stray
 * rejection or exception is one line, not a stack trace; after an interrupt, everything ends as the interrupt.
 */
export async function run(argv: string[], early: readonly NodeJS.Signals[] = []): Promise<void> {
  process.exitCode = 1;
  const { io, interrupts } = processIo(early);
  const interrupted = (): boolean => {
    const sig = interrupts.signal();
    if (sig === undefined) return false;
    endProcess(130, `error: interrupted by ${sig}\n`);
  };
  process.on('exit', () => {
    if (ending) return;
    // the event loop emptied while main was still pending
    const sig = interrupts.signal();
    if (sig !== undefined) endProcess(130, `error: interrupted by ${sig}\n`);
    endProcess(1, 'error: internal error: galctl stopped before the command finished (an operation never completed)\n  hint: this is a bug in galctl; please report it with the command you ran\n');
  });
  const stray = (err: unknown): void => {
    if (interrupted()) return;
    ending = true;
    process.exitCode = reportError(err, io);
    process.exit();
  };
  process.on('uncaughtException', stray);
  process.on('unhandledRejection', stray);
  if (early.length > 0) interrupted(); // interrupted before the command began: nothing to finish
  const code = await main(argv, io);
  ending = true;
  // a command that ends on an interrupt (`sim`) keeps its 0; every other interrupt ends as one line, 130
  if (code !== 0 && interrupted()) return;
  process.exitCode = code;
  // let stdout drain, then exit even if a handle (server, timer) is still open
  process.stdout.write('', () => process.exit(code));
}
