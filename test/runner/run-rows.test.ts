import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { resolveRunner } from '../../src/runner/resolve-runner.js';
import type { RowResult } from '../../src/runner/row-result.js';
import { runRow } from '../../src/runner/run-row.js';
import { runRows, type CallRow, type RunProgress } from '../../src/runner/run-rows.js';
import { runnerEnv } from '../../src/runner/runner-env.js';
import type { RunnerRow } from '../../src/runner/trace-of-row.js';
import { startApp } from './loopback-app.js';

const APP = fileURLToPath(new URL('./fixtures/app.mjs', import.meta.url));
const runner = resolveRunner({ command: [process.execPath, APP], timeout: '20s' });
const env = runnerEnv(process.env);
const rowsOf = (inputs: string[]): RunnerRow[] => inputs.map((input, i) => ({ id: String(i), values: { input, output: `expected ${i}` } }));

/** runRow over real child processes, counting calls and the most in flight at once. */
function countingCall(): { call: CallRow; calls: string[]; maxInFlight: () => number } {
  let inFlight = 0;
  let max = 0;
  const calls: string[] = [];
  const call: CallRow = async (row, signal) => {
    calls.push(row.id);
    inFlight += 1;
    max = Math.max(max, inFlight);
    try {
      return await runRow(row.values, runner, { cwd: process.cwd(), env, signal });
    } finally {
      inFlight -= 1;
    }
  };
  return { call, calls, maxInFlight: () => max };
}

describe('runRows', () => {
  it('keeps at most `concurrency` calls in flight and reports every row', async () => {
    const { call, calls, maxInFlight } = countingCall();
    const results: [string, RowResult][] = [];
    const summary = await runRows(rowsOf(Array.from({ length: 7 }, (_, i) => `slow:${100 + i}`)), call, { concurrency: 3, onResult: (row, r) => void results.push([row.id, r]) });
    expect(maxInFlight()).toBe(3);
    expect(calls).toHaveLength(7);
    expect(results.map(([id]) => id).sort()).toEqual(['0', '1', '2', '3', '4', '5', '6']);
    expect(summary).toMatchObject({ total: 7, done: 7, failures: 0, skipped: 0, aborted: false });
  });

  it('a failing row never stops the run: it is reported and counted', async () => {
    const { call } = countingCall();
    const results = new Map<string, RowResult>();
    const progress: RunProgress[] = [];
    const summary = await runRows(rowsOf(['plain:a', 'exit', 'badjson', 'plain:b']), call, { concurrency: 2, onResult: (row, r) => void results.set(row.id, r), onProgress: (p) => progress.push(p) });
    expect(summary).toMatchObject({ total: 4, done: 4, failures: 2, aborted: false });
    expect([...results.entries()].sort().map(([id, r]) => [id, r.ok, r.error?.kind])).toEqual([
      ['0', true, undefined],
      ['1', false, 'exit'],
      ['2', false, 'bad-answer'],
      ['3', true, undefined],
    ]);
    expect(progress[0]).toMatchObject({ total: 4, done: 0 });
    expect(progress.at(-1)).toMatchObject({ total: 4, done: 4, failures: 2 });
  });

  it('skips the rows the run holds already (resume) and stops after maxRows', async () => {
    const { call, calls } = countingCall();
    const rows = rowsOf(['plain:a', 'plain:b', 'plain:c', 'plain:d', 'plain:e']);
    const summary = await runRows(rows, call, { concurrency: 2, skipRowIds: new Set(['0', '2']), maxRows: 4, onResult: () => undefined });
    expect(calls.sort()).toEqual(['1', '3']);
    expect(summary).toMatchObject({ total: 2, done: 2, skipped: 2 });
  });

  it('an abort stops the rows in flight and starts no more; stopped rows are not reported', async () => {
    const { call, calls } = countingCall();
    const controller = new AbortController();
    const results: string[] = [];
    const rows = rowsOf(['plain:a', 'slow:600000', 'slow:600000', 'slow:600000', 'plain:z']);
    const summary = await runRows(rows, call, {
      concurrency: 3,
      signal: controller.signal,
      onResult: (row) => {
        results.push(row.id);
        controller.abort();
      },
    });
    expect(results).toEqual(['0']);
    expect(calls).not.toContain('4');
    expect(summary).toMatchObject({ total: 5, done: 1, aborted: true });
  });

  it('an error thrown by the call (a runner that must not be called) stops the run', async () => {
    const url = resolveRunner({ url: 'http://10.1.2.3/answer' });
    const call: CallRow = (row, signal) => runRow(row.values, url, { cwd: process.cwd(), env, signal });
    await expect(runRows(rowsOf(['a', 'b']), call, { concurrency: 2, onResult: () => undefined })).rejects.toThrow('plain http to a host that is not loopback');
  });

  it('url form: the application never sees more than `concurrency` requests at once', async () => {
    const app = await startApp((row) => ({ body: `answer ${String(row['input'])}`, delayMs: 50 }));
    const url = resolveRunner({ url: app.url, concurrency: 3 });
    const call: CallRow = (row, signal) => runRow(row.values, url, { cwd: process.cwd(), env, signal });
    const summary = await runRows(rowsOf(Array.from({ length: 9 }, (_, i) => `q${i}`)), call, { concurrency: url.concurrency, onResult: () => undefined });
    expect(summary).toMatchObject({ total: 9, done: 9, failures: 0 });
    expect(app.received).toHaveLength(9);
    expect(app.maxInFlight()).toBeLessThanOrEqual(3);
  });

  it('url form: an abort stops the requests in flight', async () => {
    const app = await startApp((row) => ({ body: 'late', delayMs: row['input'] === 'fast' ? 0 : 600_000 }));
    const url = resolveRunner({ url: app.url });
    const controller = new AbortController();
    const call: CallRow = (row, signal) => runRow(row.values, url, { cwd: process.cwd(), env, signal });
    const results: string[] = [];
    const summary = await runRows(rowsOf(['fast', 'slow', 'slow']), call, { concurrency: 3, signal: controller.signal, onResult: (row) => {
      results.push(row.id);
      controller.abort();
    } });
    expect(results).toEqual(['0']);
    expect(summary).toMatchObject({ done: 1, aborted: true });
  });
});
