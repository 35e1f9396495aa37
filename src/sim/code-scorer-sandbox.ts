import { spawnSync } from 'node:child_process';
import { accessSync, constants, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { CODE_SCORER_RUNNER } from './code-scorer-runner.js';

/** How uploaded code scorers run (SPEC.md "Code scorers"). */
export interface CodeScorerOptions {
  /** the Python interpreter: a path, or null for none (every code score is then an error entry); default: python3 on PATH */
  python?: string | null;
  /** time limit of one scorer_fn call (default 1000 ms) */
  callTimeoutMs?: number;
  /** time limit of one batch, i.e. one scoring job (default 10 s + 10 ms per step, at most 60 s) */
  batchTimeoutMs?: number;
}

/**
 * One call of scorer_fn: `step` becomes `step_object` (attribute access in Python); `message_output` makes its
 * output a message (`step_object.output.content`) while the `output` keyword stays the plain text.
 */
export interface CodeStep {
  step: Record<string, unknown>;
  message_output: boolean;
}

export type CodeScore = { ok: true; value: number | boolean | string } | { ok: false; message: string };

const MAX_LINE = 8192;

let pathPython: string | null | undefined;

/**
 * The real interpreter behind `python3` on the simulator's PATH (a pyenv-style shim resolved through
 * `sys.executable`, since the sandbox runs it with an empty environment), looked up once; null when there is none.
 */
export function findPython(): string | null {
  if (pathPython !== undefined) return pathPython;
  pathPython = null;
  for (const dir of (process.env['PATH'] ?? '').split(path.delimiter)) {
    if (dir === '') continue;
    const candidate = path.join(dir, 'python3');
    try {
      accessSync(candidate, constants.X_OK);
    } catch {
      continue;
    }
    const probe = spawnSync(candidate, ['-c', 'import sys; print(sys.executable)'], { timeout: 10_000, stdio: ['ignore', 'pipe', 'ignore'] });
    const exe = probe.status === 0 ? (probe.stdout?.toString('utf8').trim() ?? '') : '';
    if (exe !== '') {
      pathPython = exe;
      break;
    }
  }
  return pathPython;
}

function batchLimitMs(opts: CodeScorerOptions, steps: number): number {
  return opts.batchTimeoutMs ?? Math.min(60_000, 10_000 + 10 * steps);
}

/**
 * Runs `scorer_fn` over the steps in ONE Python process (a scoring job is one batch), sandboxed: an empty
 * environment (PYTHONHASHSEED=0 only, so hashing is stable), `-s -S -B`, a fresh temp dir as cwd, no sockets or
 * processes (code-scorer-runner.ts), a per-call and a per-batch time limit, output read line by line and bounded.
 * Returns one result per step, in order; steps without an answer (the batch hit its limit, the process died)
 * and a missing interpreter are errors, never made-up numbers.
 */
export function runCodeScorer(code: string, scoreType: string, steps: CodeStep[], opts: CodeScorerOptions = {}): CodeScore[] {
  const python = opts.python === undefined ? findPython() : opts.python;
  if (python === null) return steps.map(() => ({ ok: false, message: 'python3 is not available to the simulator: code scorers cannot run' }));
  if (steps.length === 0) return [];
  const callS = (opts.callTimeoutMs ?? 1000) / 1000;
  const limitMs = batchLimitMs(opts, steps.length);
  const cwd = mkdtempSync(path.join(tmpdir(), 'galctl-sim-scorer-'));
  try {
    const input = JSON.stringify({ code, score_type: scoreType, call_timeout_s: callS, cpu_limit_s: Math.ceil(limitMs / 1000) + 1, steps });
    const res = spawnSync(python, ['-s', '-S', '-B', '-c', CODE_SCORER_RUNNER], {
      input, cwd, env: { PYTHONHASHSEED: '0', PYTHONIOENCODING: 'utf-8' }, timeout: limitMs, killSignal: 'SIGKILL',
      maxBuffer: steps.length * MAX_LINE + 65536, stdio: ['pipe', 'pipe', 'ignore'], windowsHide: true,
    });
    const lines = (res.stdout?.toString('utf8') ?? '').split('\n');
    const why = res.error !== undefined
      ? (res.error as NodeJS.ErrnoException).code === 'ETIMEDOUT'
        ? `the scoring batch exceeded its time limit of ${limitMs} ms`
        : `the scorer process failed: ${res.error.message}`
      : `the scorer process ended before scoring this step (exit ${String(res.status ?? res.signal)})`;
    return steps.map((_s, i) => parseLine(lines[i], why));
  } finally {
    rmSync(cwd, { recursive: true, force: true });
  }
}

function parseLine(line: string | undefined, missing: string): CodeScore {
  if (line === undefined || line === '' || line.length > MAX_LINE) return { ok: false, message: missing };
  try {
    const r = JSON.parse(line) as { ok?: unknown; value?: unknown; error?: unknown };
    const v = r.value;
    if (r.ok === true && (typeof v === 'number' || typeof v === 'boolean' || typeof v === 'string')) return { ok: true, value: v };
    return { ok: false, message: typeof r.error === 'string' ? r.error : missing };
  } catch {
    return { ok: false, message: missing };
  }
}
