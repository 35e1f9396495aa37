import { describe, expect, it } from 'vitest';
import { checkRunner } from '../../src/runner/check-runner.js';
import { formatRunProgress } from '../../src/runner/format-run-progress.js';
import { createProgressReporter } from '../../src/runner/progress-reporter.js';
import { resolveRunner } from '../../src/runner/resolve-runner.js';
import { runnerEnv } from '../../src/runner/runner-env.js';
import { runnerFingerprintPart, runnerReasons, summarizeRunner } from '../../src/runner/runner-summary.js';
import type { RunnerInputsHash } from '../../src/runner/runner-inputs-hash.js';

const at = ['projects', 'demo', 'experiments', 'app'];
const codes = (experiment: Record<string, unknown>) => checkRunner(at, 'app', experiment).map((i) => [i.path.slice(4).join('.'), i.code]);

describe('checkRunner', () => {
  it.each<[string, Record<string, unknown>, string[][]]>([
    ['a command runner over a dataset', { dataset: 'd', runner: { command: ['python3', 'a.py'], timeout: '30s' } }, []],
    ['no command or url', { dataset: 'd', runner: {} }, [['runner', 'missing-field']]],
    ['both command and url', { dataset: 'd', runner: { command: ['x'], url: 'http://127.0.0.1/' } }, [['runner.url', 'runner-form']]],
    ['plain http off loopback', { dataset: 'd', runner: { url: 'http://10.0.0.1/a' } }, [['runner.url', 'runner-url']]],
    ['a timeout that does not parse', { dataset: 'd', runner: { command: ['x'], timeout: 'soon' } }, [['runner.timeout', 'runner-timeout']]],
    ['the key in env', { dataset: 'd', runner: { command: ['x'], env: { GALILEO_API_KEY: 'k', OPENAI_API_KEY: 'o' } } }, [['runner.env.GALILEO_API_KEY', 'runner-galileo-key']]],
    ['the key in env with galileo_key', { dataset: 'd', runner: { command: ['x'], galileo_key: true, env: { GALILEO_API_KEY: 'k' } } }, []],
    ['an absolute input glob', { dataset: 'd', runner: { command: ['x'], inputs: ['/srv/app/*.py', 'app/*.py'] } }, [['runner.inputs.0', 'runner-inputs']]],
    ['no dataset, a template, traces, trigger', { template: 't', traces: 'x.jsonl', trigger: true, runner: { command: ['x'] } }, [['template', 'template-with-runner'], ['traces', 'traces-with-runner'], ['trigger', 'trigger-with-runner'], ['runner', 'runner-without-dataset']]],
    ['no runner', { dataset: 'd' }, []],
  ])('%s', (_name, experiment, expected) => {
    expect(codes(experiment)).toEqual(expected);
  });
});

describe('resolveRunner', () => {
  it('fills in the defaults', () => {
    expect(resolveRunner({ url: 'http://127.0.0.1:8080/answer' })).toEqual({ url: 'http://127.0.0.1:8080/answer', inputs: [], concurrency: 4, timeoutMs: 30_000, env: {}, galileoKey: false });
    expect(resolveRunner({ command: ['node', 'a.mjs'], timeout: '1m30s', concurrency: 8 })).toMatchObject({ command: ['node', 'a.mjs'], timeoutMs: 90_000, concurrency: 8 });
    expect(resolveRunner({ command: ['x'], timeout: 5 }).timeoutMs).toBe(5000);
  });
});

describe('runnerEnv', () => {
  const user = { PATH: '/bin', HOME: '/h', GALILEO_API_KEY: 'k', GALILEO_PASSWORD: 'p', GALILEO_API_URL: 'u', OPENAI_API_KEY: 'o', UNSET: undefined };
  it('is the user environment without Galileo credentials, plus env:', () => {
    expect(runnerEnv(user, { env: { MODE: 'eval' } })).toEqual({ PATH: '/bin', HOME: '/h', GALILEO_API_URL: 'u', OPENAI_API_KEY: 'o', MODE: 'eval' });
  });
  it('drops them from env: too unless galileoKey', () => {
    expect(runnerEnv({}, { env: { GALILEO_API_KEY: 'k', MODE: 'm' } })).toEqual({ MODE: 'm' });
  });
  it('keeps them with galileoKey', () => {
    expect(runnerEnv(user, { galileoKey: true })).toMatchObject({ GALILEO_API_KEY: 'k', GALILEO_PASSWORD: 'p' });
  });
});

describe('runner fingerprint and reasons', () => {
  const inputs = (files: Record<string, string>): RunnerInputsHash => ({ hash: JSON.stringify(files), files: Object.entries(files).map(([path, hash]) => ({ path, hash })), unmatched: [] });
  const base = resolveRunner({ command: ['python3', 'app/answer.py'], env: { MODE: 'eval', OPENAI_API_KEY: 'sk-1' } });
  const files = inputs({ 'app/answer.py': 'a'.repeat(64), 'app/prompts/p.txt': 'b'.repeat(64) });

  it('moves with the command, env values and files, not with concurrency, timeout or a secret value', () => {
    const fp = runnerFingerprintPart(base, files);
    expect(runnerFingerprintPart({ ...base, concurrency: 16, timeoutMs: 5, galileoKey: true }, files)).toBe(fp);
    expect(runnerFingerprintPart({ ...base, env: { MODE: 'eval', OPENAI_API_KEY: 'sk-2' } }, files)).toBe(fp);
    expect(runnerFingerprintPart({ ...base, env: { MODE: 'prod', OPENAI_API_KEY: 'sk-1' } }, files)).not.toBe(fp);
    expect(runnerFingerprintPart({ ...base, command: ['python3', 'app/other.py'] }, files)).not.toBe(fp);
    expect(runnerFingerprintPart(base, inputs({ 'app/answer.py': 'c'.repeat(64) }))).not.toBe(fp);
  });

  it('names what changed', () => {
    const before = summarizeRunner(base, files);
    expect(before.f).toEqual({ 'app/answer.py': 'aaaaaaaa', 'app/prompts/p.txt': 'bbbbbbbb' });
    const now = summarizeRunner({ ...base, command: ['python3', '-O', 'app/answer.py'] }, inputs({ 'app/answer.py': 'c'.repeat(64), 'app/prompts/p.txt': 'b'.repeat(64), 'app/prompts/x.txt': 'd'.repeat(64) }));
    expect(runnerReasons(before, now, base)).toEqual(['runner command changed', 'app/answer.py changed, app/prompts/x.txt added']);
    expect(runnerReasons(before, before, base)).toEqual([]);
    expect(runnerReasons(undefined, now, base)).toEqual(['runner added']);
  });
});

describe('formatRunProgress', () => {
  const p = { total: 40, done: 16, failures: 2, skipped: 3, elapsedMs: 42_500 };
  it('a bar on a TTY, a plain line in CI', () => {
    expect(formatRunProgress('experiment app-answers', p, { tty: true })).toBe('experiment app-answers  [########------------]  16/40 rows  2 failed  0:42');
    expect(formatRunProgress('experiment app-answers', p, { tty: false })).toBe('experiment app-answers: 16/40 rows, 2 failed, 0:42 elapsed (3 already in the run)');
  });
});

describe('createProgressReporter', () => {
  const at = (done: number, elapsedMs: number) => ({ total: 10, done, failures: 0, skipped: 0, elapsedMs });
  it('in CI prints the first line, then at most one per interval, and the last', () => {
    let clock = 0;
    const out: string[] = [];
    const r = createProgressReporter('x', { tty: false, write: (t) => out.push(t), intervalMs: 5000, now: () => clock });
    r.update(at(0, 0));
    clock = 1000;
    r.update(at(1, 1000));
    clock = 6000;
    r.update(at(5, 6000));
    clock = 7000;
    r.update(at(10, 7000));
    r.finish();
    expect(out).toEqual(['x: 0/10 rows, 0:00 elapsed\n', 'x: 5/10 rows, 0:06 elapsed\n', 'x: 10/10 rows, 0:07 elapsed\n']);
  });
  it('on a TTY redraws one line and ends it', () => {
    const out: string[] = [];
    const r = createProgressReporter('x', { tty: true, write: (t) => out.push(t) });
    r.update(at(0, 0));
    r.update(at(10, 1000));
    r.finish();
    expect(out).toEqual(['\rx  [--------------------]  0/10 rows  0:00\u001b[K', '\rx  [####################]  10/10 rows  0:01\u001b[K', '\n']);
  });
});
