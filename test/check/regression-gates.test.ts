import { describe, expect, it } from 'vitest';
import { compareRuns, WORST_ROWS } from '../../src/check/compare-runs.js';
import { pairRows, rowKey, type RunRow, type ScoreValue } from '../../src/check/pair-rows.js';
import { compareMetric, regression } from '../../src/check/regression-gates.js';
import { rowText, toRunRow } from '../../src/check/read-run-rows.js';

const row = (key: string, scores: Record<string, ScoreValue>, output = `out ${key}`): RunRow => ({ key, id: `id-${key}`, input: `in ${key}`, output, scores });
const run = (scores: ScoreValue[], metric = 'q', prefix = 'r'): RunRow[] => scores.map((s, i) => row(`${prefix}${i}`, { [metric]: s }));

describe('regression (what counts as a regressed row)', () => {
  it.each<[ScoreValue, ScoreValue, number]>([
    [true, false, 1],
    [false, true, 0],
    [true, true, 0],
    [0.9, 0.4, 0.5],
    [0.4, 0.9, 0],
    [0.5, 0.5 - 1e-9, 0],
    ['positive', 'negative', 1],
    ['neutral', 'neutral', 0],
    ['0.75', '0.25', 0.5],
  ])('%j → %j regressed by %d', (before, after, by) => {
    expect(regression(before, after)).toBeCloseTo(by, 12);
  });
});

describe('rowKey and pairRows', () => {
  it('a dataset trace pairs by its dataset row, a trace-experiment trace by its input', () => {
    const a = rowKey({ input: 'prompt A', dataset_input: 'q1', dataset_output: 'a1', dataset_metadata: { b: '2', a: '1' } });
    const b = rowKey({ input: 'prompt B (other template)', dataset_input: 'q1', dataset_output: 'a1', dataset_metadata: { a: '1', b: '2' } });
    expect(a).toBe(b);
    expect(rowKey({ input: 'hello' })).toBe(rowKey({ input: 'hello', dataset_input: null }));
    expect(rowKey({ input: 'hello' })).not.toBe(rowKey({ input: 'hello!' }));
  });

  it('pairs by key (duplicates in order), counts the rows without a partner, sorts by key', () => {
    const cand = [row('b', { q: 1 }), row('a', { q: 2 }), row('a', { q: 3 }), row('c', { q: 4 })];
    const base = [row('a', { q: 20 }), row('b', { q: 10 }), row('a', { q: 30 }), row('d', { q: 0 })];
    const p = pairRows(cand, base);
    expect(p.pairs.map((x) => [x.key, x.candidate.scores['q'], x.baseline.scores['q']])).toEqual([['a', 2, 20], ['a', 3, 30], ['b', 1, 10]]);
    expect(p.unpairedCandidate).toBe(1);
    expect(p.unpairedBaseline).toBe(1);
  });

  it('toRunRow keeps the id, a short key and the successful scores of the metrics asked for, not the texts', () => {
    const record = { id: 't1', input: 'x'.repeat(100_000), output: 'y', metric_info: { q: { status_type: 'success', value: 0.5 }, other: { status_type: 'success', value: 1 }, g: { status_type: 'pending' } } };
    const r = toRunRow(record, new Set(['q', 'g']));
    expect(r).toEqual({ key: rowKey(record), id: 't1', input: '', output: '', scores: { q: 0.5 } });
    expect(r.key).toHaveLength(22);
  });

  it('rowText: the dataset row\'s input before the prompt, long text cut', () => {
    expect(rowText({ input: 'Answer: What is 2?', dataset_input: 'What is 2?', output: 'z'.repeat(1000) })).toEqual({ input: 'What is 2?', output: `${'z'.repeat(399)}…` });
    expect(rowText({ input: [{ role: 'user', content: 'hi' }], output: null })).toEqual({ input: '[{"role":"user","content":"hi"}]', output: '' });
  });
});

describe('compareMetric: relative gates', () => {
  it('a run compared with itself: delta 0, interval [0, 0], no regressed rows, gates pass', () => {
    const rows = run([0.2, 0.4, 0.9, 1]);
    const { comparison } = compareMetric('q', 'q', { max_drop: 0, max_regressed_rows: 0 }, pairRows(rows, rows).pairs, []);
    expect(comparison.interval).toEqual({ delta: 0, low: 0, high: 0 });
    expect(comparison.baseline).toBeCloseTo(0.625, 12);
    expect(comparison.candidate).toBeCloseTo(0.625, 12);
    expect(comparison.regressedRows).toBe(0);
    expect(comparison.gates.every((g) => g.passed)).toBe(true);
  });

  it('a clear drop fails max_drop on the point estimate; the interval excludes no change and says nothing about noise', () => {
    const base = run(Array.from({ length: 10 }, () => 0.9));
    const cand = run(Array.from({ length: 10 }, () => 0.4));
    const { comparison, regressed } = compareMetric('q', 'q', { max_drop: 0.02 }, pairRows(cand, base).pairs, []);
    expect(comparison.interval?.delta).toBeCloseTo(-0.5, 12);
    expect(comparison.gates[0]).toMatchObject({ gate: 'max_drop', passed: false, message: 'dropped 0.5 from the baseline, more than 0.02' });
    expect(regressed).toHaveLength(10);
  });

  it('booleans: true → false rows regress; max_regressed_rows counts them; an interval that includes 0 says so', () => {
    const base = run([true, true, true, true]);
    const cand = run([true, true, false, false]);
    const pairs = pairRows(cand, base).pairs;
    const { comparison } = compareMetric('g', 'q', { max_drop: 0.6, max_regressed_rows: 1 }, pairs, []);
    expect(comparison.baseline).toBe(1);
    expect(comparison.candidate).toBe(0.5);
    expect(comparison.regressedRows).toBe(2);
    const [drop, rows] = comparison.gates;
    // 1 in 16 resamples draws only unchanged rows: the 97.5th percentile is 0
    expect(comparison.interval).toEqual({ delta: -0.5, low: -1, high: 0 });
    expect(drop).toMatchObject({ gate: 'max_drop', value: 0.5, passed: true });
    expect(drop?.message).toContain('includes no change');
    expect(rows).toMatchObject({ gate: 'max_regressed_rows', value: 2, passed: false, message: '2 rows regressed from the baseline, more than 1' });
  });

  it('categorical: a changed category regresses; max_drop cannot be measured and fails with why', () => {
    const base = run(['neutral', 'positive', 'positive']);
    const cand = run(['neutral', 'negative', 'positive']);
    const { comparison } = compareMetric('t', 'q', { max_drop: 0.1, max_regressed_rows: 1 }, pairRows(cand, base).pairs, []);
    expect(comparison.kind).toBe('categorical');
    expect(comparison.regressedRows).toBe(1);
    expect(comparison.gates[0]).toMatchObject({ gate: 'max_drop', passed: false, value: null });
    expect(comparison.gates[0]?.message).toMatch(/categorical/);
    expect(comparison.gates[1]).toMatchObject({ gate: 'max_regressed_rows', passed: true });
  });

  it('no row scored in both runs (the scorer failed in one of them): every gate fails, none passes by default', () => {
    const base = run([0.9, 0.8]);
    const cand = [row('r0', {}), row('r1', {})];
    const { comparison } = compareMetric('q', 'q', { max_drop: 1, max_regressed_rows: 5 }, pairRows(cand, base).pairs, []);
    expect(comparison.paired).toBe(0);
    expect(comparison.gates.map((g) => [g.gate, g.passed, g.message])).toEqual([
      ['max_drop', false, 'no rows scored in both runs to compare'],
      ['max_regressed_rows', false, 'no rows scored in both runs to compare'],
    ]);
  });

  it('no baseline: the first run; its relative gates pass with "no baseline yet"', () => {
    const { comparison } = compareMetric('q', 'q', { max_drop: -1, max_regressed_rows: 0 }, null, [0.5, 1]);
    expect(comparison.candidate).toBe(0.75);
    expect(comparison.baseline).toBeNull();
    expect(comparison.gates).toEqual([
      { gate: 'max_drop', limit: -1, value: null, passed: true, message: 'no baseline yet: relative gates pass on the first run' },
      { gate: 'max_regressed_rows', limit: 0, value: null, passed: true, message: 'no baseline yet: relative gates pass on the first run' },
    ]);
  });
});

describe('compareRuns', () => {
  it('keeps the worst regressed rows, most regressed first, at most WORST_ROWS', () => {
    const base = run([0.9, 0.9, 0.9, 0.9, 0.9, 0.9, 0.9]);
    const cand = run([0.8, 0.1, 0.5, 0.9, 0.3, 0.2, 0.6]);
    const c = compareRuns('x', { id: 'c', name: 'v2', rows: cand }, { id: 'b', name: 'v1', rows: base }, [{ ref: 'q', metric: 'q', threshold: { max_drop: 0.5 } }]);
    expect(c.worst).toHaveLength(WORST_ROWS);
    expect(c.worst.map((w) => w.pair.candidate.scores['q'])).toEqual([0.1, 0.2, 0.3, 0.5, 0.6]);
    expect(c.pairedRows).toBe(7);
    expect(c.metrics[0]?.gates[0]).toMatchObject({ gate: 'max_drop', passed: true });
  });
});
