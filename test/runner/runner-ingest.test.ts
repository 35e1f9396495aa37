import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { resolveRunner } from '../../src/runner/resolve-runner.js';
import type { RowResult } from '../../src/runner/row-result.js';
import { runRow } from '../../src/runner/run-row.js';
import { runRows, type CallRow } from '../../src/runner/run-rows.js';
import { runnerEnv } from '../../src/runner/runner-env.js';
import { runnerTraceId, traceOfRow, type RunnerRow } from '../../src/runner/trace-of-row.js';
import { presentTraceIds } from '../../src/traces/find-present-trace-ids.js';
import { ingestTraces } from '../../src/traces/ingest-traces.js';
import { parseTraceRecord } from '../../src/traces/parse-trace-record.js';
import type { GalileoTrace } from '../../src/traces/types.js';
import { startSimRun, type SimRun } from '../traces/sim-run.js';
import { tempDir } from '../traces/trace-files.js';

const APP = fileURLToPath(new URL('./fixtures/app.mjs', import.meta.url));
const runner = resolveRunner({ command: [process.execPath, APP], timeout: '20s', concurrency: 2 });
const env = runnerEnv(process.env);
const rowsOf = (inputs: string[]): RunnerRow[] => inputs.map((input, i) => ({ id: String(i), values: { input, output: `expected ${i}`, metadata: { topic: 'refunds' } } }));
const started = new Date('2026-01-02T03:04:05.000Z');
const ok = (output: string): RowResult => ({ ok: true, output, spans: [], metadata: {}, startedAt: started, durationNs: 1500 });

/** One apply of a runner experiment as the lead wires it: ask which rows the run holds, run the others, ingest. */
async function applyRunner(run: SimRun, rows: RunnerRow[]): Promise<{ calls: string[]; traces: GalileoTrace[]; failures: number }> {
  const ids = rows.map((r) => runnerTraceId(run.idScope, r.id));
  const present = await presentTraceIds(run.post, run.projectId, run.destination, ids);
  const skipRowIds = new Set(rows.filter((r, i) => present.has(ids[i]!)).map((r) => r.id));
  const calls: string[] = [];
  const call: CallRow = (row, signal) => {
    calls.push(row.id);
    return runRow(row.values, runner, { cwd: process.cwd(), env, signal });
  };
  const traces: GalileoTrace[] = [];
  const summary = await runRows(rows, call, { concurrency: runner.concurrency, skipRowIds, onResult: (row, r) => void traces.push(traceOfRow(run.idScope, row, r, { name: 'app-answers' })) });
  const file = path.join(tempDir(), 'runner.jsonl');
  writeFileSync(file, traces.map((t) => `${JSON.stringify(t)}\n`).join(''));
  if (traces.length > 0) await ingestTraces({ post: run.post, projectId: run.projectId, destination: run.destination, file, idScope: run.idScope });
  return { calls: calls.sort(), traces, failures: summary.failures };
}

describe('traceOfRow', () => {
  it('builds the trace of an answered row: input, output, dataset fields, metadata, duration, one llm span', () => {
    const t = traceOfRow('demo/experiment/app · 0123456789', { id: '7', values: { input: 'Where is order 42?', output: 'It shipped.', metadata: '{"topic":"orders"}' } }, ok('Order 42 shipped.'), { name: 'app-answers' });
    expect(t).toMatchObject({
      type: 'trace',
      id: runnerTraceId('demo/experiment/app · 0123456789', '7'),
      name: 'app-answers',
      input: 'Where is order 42?',
      output: 'Order 42 shipped.',
      dataset_input: 'Where is order 42?',
      dataset_output: 'It shipped.',
      dataset_metadata: { topic: 'orders' },
      user_metadata: { 'galctl.row': '7' },
      status_code: 200,
      created_at: '2026-01-02T03:04:05.000Z',
      metrics: { duration_ns: 1500 },
      spans: [{ type: 'llm', input: [{ role: 'user', content: 'Where is order 42?' }], output: { role: 'assistant', content: 'Order 42 shipped.' } }],
    });
    expect(parseTraceRecord(t).ok).toBe(true);
  });

  it('records a failed row with its status and message, never as an answer', () => {
    const failed: RowResult = { ...ok(''), ok: false, error: { kind: 'timeout', message: 'no answer within 30000 ms (timeout)' } };
    const t = traceOfRow('s', { id: '1', values: { input: 'q' } }, failed);
    expect(t).toMatchObject({ output: 'Error: no answer within 30000 ms (timeout)', status_code: 504, user_metadata: { 'galctl.error': 'no answer within 30000 ms (timeout)' } });
    expect(t.spans.map((s) => [s.type, s['status_code']])).toEqual([['workflow', 504]]);
    expect(parseTraceRecord(t).ok).toBe(true);
  });

  it('trace ids depend on the run and the row only, not on the answer', () => {
    const row = { id: '3', values: { input: 'q' } };
    expect(traceOfRow('run-a', row, ok('x')).id).toBe(traceOfRow('run-a', row, ok('y')).id);
    expect(traceOfRow('run-a', row, ok('x')).id).not.toBe(traceOfRow('run-b', row, ok('x')).id);
    expect(runnerTraceId('run-a', '3')).not.toBe(runnerTraceId('run-a', '4'));
  });
});

describe('a runner experiment against the simulator', () => {
  it('ingests one trace per row, failures included, and a re-apply calls the application only for new rows', async () => {
    const run = await startSimRun();
    const rows = rowsOf(['plain:a', 'json:1234', 'exit', 'badjson']);
    const first = await applyRunner(run, rows);
    expect(first.calls).toEqual(['0', '1', '2', '3']);
    expect(first.failures).toBe(2);
    expect(await run.countRun()).toBe(4);
    const stored = run.ingestBodies.flatMap((b) => b.traces) as GalileoTrace[];
    const byRow = new Map(stored.map((t) => [(t['user_metadata'] as Record<string, string>)['galctl.row'], t]));
    expect(byRow.get('1')?.spans.map((s) => s.type)).toEqual(['retriever', 'tool', 'llm']);
    expect(byRow.get('2')).toMatchObject({ status_code: 500, output: expect.stringContaining('Error: the application exited with code 3') });

    // resume: the rows the run holds are not run again; only the two added rows are
    const again = await applyRunner(run, rowsOf(['plain:a', 'json:1234', 'exit', 'badjson', 'plain:e', 'plain:f']));
    expect(again.calls).toEqual(['4', '5']);
    expect(await run.countRun()).toBe(6);
  });
});
