import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it, onTestFinished } from 'vitest';
import { resolveRunner } from '../../src/runner/resolve-runner.js';
import { runCommandRow } from '../../src/runner/run-command-row.js';
import { runRow } from '../../src/runner/run-row.js';
import { runnerEnv } from '../../src/runner/runner-env.js';

const APP = fileURLToPath(new URL('./fixtures/app.mjs', import.meta.url));
const command = [process.execPath, APP];
const env = runnerEnv(process.env);
const call = (input: string, timeoutMs = 20_000, extra: { env?: Record<string, string>; maxAnswerBytes?: number } = {}) =>
  runCommandRow(command, { input, output: 'expected' }, { cwd: process.cwd(), env: extra.env ?? env, timeoutMs, ...(extra.maxAnswerBytes === undefined ? {} : { maxAnswerBytes: extra.maxAnswerBytes }) });

/** Running (a killed process nobody reaped yet is a zombie, state Z: not running). */
function running(pid: number): boolean {
  try {
    return readFileSync(`/proc/${pid}/stat`, 'utf8').split(' ')[2] !== 'Z';
  } catch {
    return false;
  }
}

describe('runCommandRow: the command form, real child processes', () => {
  it('reads a plain-text answer from stdout (the trailing newline dropped)', async () => {
    const r = await call('plain:refunds');
    expect(r).toMatchObject({ ok: true, output: 'answer to refunds', spans: [], metadata: {} });
    expect(r.durationNs).toBeGreaterThan(0);
  });

  it('reads a JSON answer with spans and metadata, mapped to the ingest span shape', async () => {
    const r = await call('json:1234');
    expect(r.ok).toBe(true);
    expect(r.output).toBe('order 1234 ships Monday');
    expect(r.metadata).toEqual({ app: 'fixture', version: '2' });
    expect(r.spans).toEqual([
      { type: 'retriever', name: 'orders', input: 'order 1234', output: [{ content: 'order 1234: shipped' }], metrics: { duration_ns: 1_500_000 } },
      { type: 'tool', name: 'lookup', input: '{"order":"1234"}', output: 'found' },
      { type: 'llm', name: 'answer', input: [{ role: 'user', content: 'question' }], output: { role: 'assistant', content: 'order 1234 ships Monday' }, model: 'local' },
    ]);
  });

  it('a non-zero exit fails the row with the exit code and the end of stderr', async () => {
    const r = await call('exit');
    expect(r).toMatchObject({ ok: false, output: '', error: { kind: 'exit', message: 'the application exited with code 3: boom: the model is not loaded' } });
  });

  it('an answer that starts with { but is not JSON fails the row; so does JSON without output', async () => {
    expect((await call('badjson')).error).toMatchObject({ kind: 'bad-answer', message: expect.stringContaining('is not JSON') });
    expect((await call('nooutput')).error).toEqual({ kind: 'bad-answer', message: 'the answer has an unknown field "answer" (it has output, spans and metadata)' });
  });

  it('an answer longer than the limit fails the row', async () => {
    const r = await call('huge:5000', 20_000, { maxAnswerBytes: 1000 });
    expect(r.error).toEqual({ kind: 'too-large', message: 'the answer is longer than 1000 bytes' });
  });

  it('a timeout kills the whole process group, grandchildren included', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'galctl-runner-'));
    onTestFinished(() => rmSync(dir, { recursive: true, force: true }));
    const pidFile = path.join(dir, 'pid');
    const r = await call('hang', 2000, { env: { ...env, PID_FILE: pidFile } });
    expect(r.error).toEqual({ kind: 'timeout', message: 'no answer within 2000 ms (timeout)' });
    const grandchild = Number(readFileSync(pidFile, 'utf8'));
    await new Promise((res) => setTimeout(res, 100)); // the kernel reaps the killed group
    expect(running(grandchild)).toBe(false);
  });

  it('an abort stops the call', async () => {
    const controller = new AbortController();
    const pending = runCommandRow(command, { input: 'slow:600000' }, { cwd: process.cwd(), env, timeoutMs: 600_000, signal: controller.signal });
    setTimeout(() => controller.abort(), 200);
    expect((await pending).error).toEqual({ kind: 'aborted', message: 'stopped (interrupted)' });
  });

  it('a program that does not exist fails the row with a hint', async () => {
    const r = await runCommandRow(['galctl-no-such-program'], { input: 'x' }, { cwd: process.cwd(), env, timeoutMs: 5000 });
    expect(r.error).toMatchObject({ kind: 'start', message: expect.stringContaining('cannot run galctl-no-such-program') });
  });

  it('the application does not see the Galileo key unless the manifest asks for it', async () => {
    const user = { ...process.env, GALILEO_API_KEY: 'sk-secret-value-123', GALILEO_API_URL: 'http://127.0.0.1:1', OPENAI_API_KEY: 'sk-openai-own' };
    const keysOf = async (e: Record<string, string>) => JSON.parse((await call('env', 20_000, { env: e })).output.slice('keys '.length)) as string[];
    const without = await keysOf(runnerEnv(user));
    expect(without).not.toContain('GALILEO_API_KEY');
    expect(without).toEqual(expect.arrayContaining(['GALILEO_API_URL', 'OPENAI_API_KEY', 'PATH']));
    expect(await keysOf(runnerEnv(user, { galileoKey: true }))).toContain('GALILEO_API_KEY');
  });

  it('runRow dispatches on the runner settings (command form)', async () => {
    const runner = resolveRunner({ command, timeout: '20s' });
    expect(await runRow({ input: 'plain:x' }, runner, { cwd: process.cwd(), env })).toMatchObject({ ok: true, output: 'answer to x' });
  });
});
