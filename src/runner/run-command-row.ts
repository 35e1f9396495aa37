import { spawn } from 'node:child_process';
import { parseAppAnswer } from './parse-app-answer.js';
import { rowFailure, type RowResult } from './row-result.js';

/** The most of an answer galctl reads (stdout or an HTTP body); a longer answer fails the row. */
export const MAX_ANSWER_BYTES = 1_000_000;
/** The end of stderr kept for the message of a failed row. */
const STDERR_TAIL_BYTES = 64_000;
/** Characters of stderr quoted in a failed row's message. */
const STDERR_QUOTED = 2_000;

export interface CallOptions {
  /** how long the call may take */
  timeoutMs: number;
  /** stops the call (Ctrl-C): the row's result is a failure of kind `aborted`, to be run again on resume */
  signal?: AbortSignal;
  /** default MAX_ANSWER_BYTES */
  maxAnswerBytes?: number;
}

export interface CommandOptions extends CallOptions {
  /** working directory: the manifest's directory */
  cwd: string;
  /** the whole environment (runnerEnv) */
  env: Record<string, string>;
}

const elapsedNs = (start: bigint): number => Number(process.hrtime.bigint() - start);

/** The last lines of stderr, for a message. */
function stderrTail(chunks: Buffer[]): string {
  const text = Buffer.concat(chunks).toString('utf8').trim();
  return text.length > STDERR_QUOTED ? `…${text.slice(-STDERR_QUOTED)}` : text;
}

/**
 * Calls the application's command for one row: spawned without a shell in `cwd` with `env`, in its own process
 * group, the row as one line of JSON on stdin, the answer read from stdout (at most maxAnswerBytes) and parsed by
 * parseAppAnswer. A non-zero exit, a signal, a timeout, an answer too long or unreadable, or a program that cannot
 * start fails the row (never throws); on a timeout or an abort the whole process group is killed (SIGKILL), so a
 * shell script's children go too.
 */
export function runCommandRow(command: readonly string[], row: unknown, opts: CommandOptions): Promise<RowResult> {
  const [program, ...args] = command;
  const maxBytes = opts.maxAnswerBytes ?? MAX_ANSWER_BYTES;
  const startedAt = new Date();
  const start = process.hrtime.bigint();
  if (program === undefined) return Promise.resolve(rowFailure('start', 'the runner command is empty', startedAt, 0));
  if (opts.signal?.aborted) return Promise.resolve(rowFailure('aborted', 'stopped before the call', startedAt, 0));
  return new Promise((resolve) => {
    const groups = process.platform !== 'win32';
    const child = spawn(program, args, { cwd: opts.cwd, env: opts.env, stdio: ['pipe', 'pipe', 'pipe'], detached: groups, windowsHide: true });
    const stdout: Buffer[] = [];
    let stdoutBytes = 0;
    const stderr: Buffer[] = [];
    let stderrBytes = 0;
    /** why galctl ended the process, if it did */
    let stopped: { kind: 'timeout' | 'aborted' | 'too-large'; message: string } | undefined;
    let settled = false;
    const finish = (result: RowResult): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      opts.signal?.removeEventListener('abort', onAbort);
      resolve(result);
    };
    const kill = (why: NonNullable<typeof stopped>): void => {
      stopped ??= why;
      try {
        if (groups && child.pid !== undefined) process.kill(-child.pid, 'SIGKILL');
        else child.kill('SIGKILL');
      } catch {
        child.kill('SIGKILL'); // the group is gone already
      }
    };
    const timer = setTimeout(() => kill({ kind: 'timeout', message: `no answer within ${opts.timeoutMs} ms (timeout)` }), opts.timeoutMs);
    const onAbort = (): void => kill({ kind: 'aborted', message: 'stopped (interrupted)' });
    opts.signal?.addEventListener('abort', onAbort, { once: true });

    child.stdout.on('data', (chunk: Buffer) => {
      stdoutBytes += chunk.length;
      if (stdoutBytes > maxBytes) return kill({ kind: 'too-large', message: `the answer is longer than ${maxBytes} bytes` });
      stdout.push(chunk);
    });
    child.stderr.on('data', (chunk: Buffer) => {
      stderr.push(chunk);
      stderrBytes += chunk.length;
      while (stderrBytes - (stderr[0]?.length ?? 0) >= STDERR_TAIL_BYTES) stderrBytes -= stderr.shift()?.length ?? 0;
    });
    // an application that exits without reading its stdin closes the pipe: that is no failure of the row
    child.stdin.on('error', () => undefined);
    child.stdin.end(`${JSON.stringify(row)}\n`);

    child.on('error', (err: NodeJS.ErrnoException) => {
      const hint = err.code === 'ENOENT' ? ` (is ${program} installed and on PATH, or the path right relative to the manifest?)` : '';
      finish(rowFailure('start', `cannot run ${program}: ${err.message}${hint}`, startedAt, elapsedNs(start)));
    });
    child.on('close', (code, signal) => {
      const durationNs = elapsedNs(start);
      if (stopped !== undefined) return finish(rowFailure(stopped.kind, stopped.message, startedAt, durationNs));
      if (code !== 0) {
        const how = code === null ? `was killed by ${signal ?? 'a signal'}` : `exited with code ${code}`;
        const tail = stderrTail(stderr);
        return finish(rowFailure('exit', tail === '' ? `the application ${how}` : `the application ${how}: ${tail}`, startedAt, durationNs));
      }
      const answer = parseAppAnswer(Buffer.concat(stdout).toString('utf8'));
      if (!answer.ok) return finish(rowFailure('bad-answer', answer.message, startedAt, durationNs));
      finish({ ok: true, output: answer.output, spans: answer.spans, metadata: answer.metadata, startedAt, durationNs });
    });
  });
}
