import { parseArgs } from 'node:util';
import { createInterface } from 'node:readline/promises';
import { GalctlError, UsageError } from '../errors.js';
import { escapeControlLines } from '../render/escape-control.js';
import { commands, summaries } from './commands/index.js';
import { maskIo, type Io } from './io.js';

const VERSION = '0.1.0';

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
    'Run `galctl <command> --help` for the options of one command.',
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
    io.stdout(`galctl ${VERSION}\n`);
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
    return await command.run(parsed as never, io);
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

/** The process entry: real stdout/stderr/stdin, SIGINT → abort, exit with the code. */
export function processIo(): Io {
  const controller = new AbortController();
  let interrupts = 0;
  const onSignal = (sig: NodeJS.Signals): void => {
    interrupts += 1;
    if (interrupts > 1) process.exit(130);
    process.stderr.write(`\n${sig}: finishing the requests in flight, then stopping (press Ctrl-C again to quit now)\n`);
    controller.abort(new GalctlError('interrupted', `interrupted by ${sig}`, { exitCode: 130 }));
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  return {
    stdout: (t) => void process.stdout.write(t),
    stderr: (t) => void process.stderr.write(t),
    isTTY: process.stdout.isTTY === true,
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
}

export async function run(argv: string[]): Promise<void> {
  const code = await main(argv, processIo());
  process.exitCode = code;
  // let stdout drain, then exit even if a handle (server, timer) is still open
  process.stdout.write('', () => process.exit(code));
}
