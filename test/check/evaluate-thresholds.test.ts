import { describe, expect, it } from 'vitest';
import { formatComparison, parseComparison, satisfies } from '../../src/check/comparison.js';
import { evaluateThresholds } from '../../src/check/evaluate-thresholds.js';
import { addTraceMetricStats } from '../../src/check/trace-metric-stats.js';
import type { AggregateMetric, CheckInput, TraceMetricStats } from '../../src/check/types.js';
import { GalctlError } from '../../src/core/errors.js';
import type { Job } from '../../src/galileo/types.js';
import type { Threshold } from '../../src/core/desired-types.js';

const ADDR = 'project.demo.experiment.eval';

const job = (status: string, scorer?: string, error?: string): Job => ({
  id: `job-${scorer ?? 'gen'}-${status}`,
  job_name: scorer === undefined ? 'prompt_run' : 'log_stream_scorer',
  status,
  error_message: error ?? null,
  request_data: scorer === undefined ? {} : { scorer_config: { name: scorer } },
});

/** numeric scorers' entries carry roll_up_method null [GUIDE], like the `<name>_…` sub-entries */
const numeric = (name: string, average: number): AggregateMetric => ({ name, average, buckets: {}, roll_up_method: null, data_type: 'percentage' });
const sub = (name: string, average: number | null): AggregateMetric => ({ name, average, buckets: {}, roll_up_method: null, data_type: null });
const boolean = (name: string, t: number, f: number): AggregateMetric => ({ name, average: null, buckets: { True: t, False: f }, roll_up_method: 'percentage_true', data_type: 'boolean' });
const categorical = (name: string, buckets: Record<string, number>): AggregateMetric => ({ name, average: null, buckets, roll_up_method: 'category_count', data_type: 'categorical' });

function input(threshold: Threshold, live: Partial<NonNullable<CheckInput['live']>> & { metrics?: AggregateMetric[] }, metric = 'q'): CheckInput {
  return {
    address: ADDR,
    project: 'demo',
    name: 'eval',
    thresholds: [{ ref: metric === 'correctness' ? 'preset:correctness' : metric, metric, threshold }],
    live: { id: 'e1', metrics: [], jobs: [job('completed'), job('completed', metric)], traces: {}, ...live },
  };
}

describe('comparison', () => {
  it.each([
    ['>= 0.8', 0.8, true],
    ['>= 0.8', 0.7999, false],
    ['> 0.8', 0.8, false],
    ['<= 0', 0, true],
    ['< 0', -0.5, true],
    ['== 0.3', 0.1 + 0.2, true],
    ['== 3', 2, false],
    ['  >=0.5 ', 0.5, true],
    ['>= -1', -1, true],
  ])('%s with %d → %s', (text, actual, ok) => {
    expect(satisfies(actual, parseComparison(text))).toBe(ok);
  });

  it('formats canonically and refuses what is not a comparison', () => {
    expect(formatComparison(parseComparison('>=0.80'))).toBe('>= 0.8');
    expect(() => parseComparison('about 0.8')).toThrow(GalctlError);
    expect(() => parseComparison('=> 1')).toThrow(/invalid threshold "=> 1"/);
  });
});

describe('evaluateThresholds', () => {
  // [name, threshold, live, expected [field+category, value, passed, message pattern?][]]
  const cases: [string, Threshold, Parameters<typeof input>[1], [string, number | null, boolean, RegExp?][]][] = [
    ['average passes', { average: '>= 0.7' }, { metrics: [numeric('q', 0.71)] }, [['average', 0.71, true]]],
    ['average fails with the numbers', { average: '>= 0.9' }, { metrics: [numeric('q', 0.71)] }, [['average', 0.71, false, /^average 0\.71 is not >= 0\.9$/]]],
    ['share_true from True/False buckets', { share_true: '>= 0.75' }, { metrics: [boolean('q', 3, 1)] }, [['share_true', 0.75, true]]],
    ['share_true fails', { share_true: '>= 0.8' }, { metrics: [boolean('q', 3, 1)] }, [['share_true', 0.75, false, /share_true 0\.75 is not >= 0\.8/]]],
    ['share_true buckets compared case-insensitively', { share_true: '== 0.5' }, { metrics: [{ name: 'q', buckets: { true: 2, false: 2 } }] }, [['share_true', 0.5, true]]],
    ['average of a boolean scorer is its share of true', { average: '>= 0.5' }, { metrics: [boolean('q', 1, 3)] }, [['average', 0.25, false]]],
    ['share_true on a numeric scorer cannot be measured', { share_true: '>= 0.5' }, { metrics: [numeric('q', 0.9)] }, [['share_true', null, false, /no True\/False counts .*use average/]]],
    ['average on a categorical scorer cannot be measured', { average: '>= 0.5' }, { metrics: [categorical('q', { positive: 3 })] }, [['average', null, false, /use categories/]]],
    ['categories count, absent category is 0', { categories: { negative: '== 0', positive: '>= 2' } }, { metrics: [categorical('q', { positive: 3, neutral: 1 })] }, [
      ['category:negative', 0, true],
      ['category:positive', 3, true],
    ]],
    ['category over the limit', { categories: { toxic: '<= 1' } }, { metrics: [categorical('q', { toxic: 4 })] }, [['category:toxic', 4, false, /categories\.toxic 4 is not <= 1/]]],
    ['the scorer\'s entry is found by name among its sub-entries', { average: '>= 0.5' }, {
      metrics: [sub('q_input_tokens', 512), sub('q_output_tokens', 60), sub('q_scorer_version_id', null), numeric('q', 0.7), sub('q_total_tokens', 572)],
    }, [['average', 0.7, true]]],
    ['min/max from the trace scan', { min: '>= 0.5', max: '<= 0.9' }, { metrics: [numeric('q', 0.7)], traces: { q: { scored: 5, pending: 0, min: 0.41, max: 0.88 } } }, [
      ['min', 0.41, false, /min 0\.41 is not >= 0\.5/],
      ['max', 0.88, true],
    ]],
    ['min without a trace scan is not measured', { min: '>= 0' }, { metrics: [numeric('q', 0.7)], traces: undefined }, [['min', null, false, /not read/]]],
    ['a failed scorer job fails every bound with its message', { average: '>= 0', min: '>= 0' }, {
      metrics: [],
      jobs: [job('completed'), job('error', 'q', 'judge model unavailable')],
      traces: { q: { scored: 0, pending: 6 } },
    }, [
      ['average', null, false, /^scorer job failed: judge model unavailable$/],
      ['min', null, false, /^scorer job failed: judge model unavailable$/],
    ]],
    ['a failed job fails even when part of the metric is there', { average: '>= 0' }, {
      metrics: [numeric('q', 0.8)],
      jobs: [job('completed'), job('completed', 'q'), job('failed', 'q', 'batch 2 timed out')],
      traces: { q: { scored: 3, pending: 3 } },
    }, [['average', 0.8, false, /scorer job failed: batch 2 timed out/]]],
    ['metric missing with pending traces and no failed job', { average: '>= 0' }, { metrics: [], traces: { q: { scored: 0, pending: 4 } } }, [['average', null, false, /no scores: 4 traces still pending/]]],
    ['metric missing without any trace entry', { average: '>= 0' }, { metrics: [numeric('other', 1)] }, [['average', null, false, /no scores for "q" .* registered/]]],
    [
      'traces whose score is an error fail the scorer, with the count and the message',
      { average: '>= 0' },
      { metrics: [numeric('q', 0.9)], traces: { q: { scored: 2, pending: 0, errored: 1, error: 'ZeroDivisionError: division by zero' } } },
      [['average', 0.9, false, /1 of 3 traces have no "q" score: the scorer failed on them \(ZeroDivisionError: division by zero\)/]],
    ],
    ['pending traces beside a present metric fail', { average: '>= 0' }, { metrics: [numeric('q', 0.9)], traces: { q: { scored: 2, pending: 1 } } }, [['average', 0.9, false, /1 of 3 traces have no "q" score \(pending\)/]]],
    ['jobs still running fail with the count', { average: '>= 0' }, { metrics: [numeric('q', 0.9)], jobs: [job('completed'), job('in_progress', 'q')] }, [['average', null, false, /jobs 1\/2 done.*apply --wait/]]],
    ['an unstarted job counts as running', { average: '>= 0' }, { metrics: [numeric('q', 0.9)], jobs: [job('unstarted', 'q')] }, [['average', null, false, /jobs 0\/1 done/]]],
  ];

  it.each(cases)('%s', (_name, threshold, live, expected) => {
    const report = evaluateThresholds([input(threshold, live)]);
    const got = report.results.map((r) => [r.field === 'category' ? `category:${r.category}` : r.field, r.value, r.passed, r.message]);
    expect(got.map((g) => g.slice(0, 3))).toEqual(expected.map((e) => e.slice(0, 3)));
    expected.forEach((e, i) => {
      if (e[3] !== undefined) expect(got[i]![3]).toMatch(e[3]);
      if (e[2]) expect(got[i]![3]).toBeUndefined();
    });
    expect(report.ok).toBe(expected.every((e) => e[2]));
    expect(report.summary).toEqual({ thresholds: expected.length, passed: expected.filter((e) => e[2]).length, failed: expected.filter((e) => !e[2]).length, skipped_experiments: 0 });
  });

  it('a preset reported under its internal name (jobs, metrics, trace metric_info) is the preset', () => {
    const ok = evaluateThresholds([input({ average: '>= 0.5' }, { metrics: [numeric('factuality', 0.8)], jobs: [job('completed', 'factuality')] }, 'correctness')]);
    expect(ok.results.map((r) => [r.value, r.passed])).toEqual([[0.8, true]]);
    const failed = evaluateThresholds([input({ average: '>= 0' }, { metrics: [], jobs: [job('error', '_customized_factuality', 'judge down')] }, 'correctness')]);
    expect(failed.results[0]!.message).toBe('scorer job failed: judge down');
    const stats: Record<string, TraceMetricStats> = {};
    addTraceMetricStats(stats, { factuality: { status_type: 'success', value: 0.4 } }, new Set(['correctness']));
    expect(stats).toEqual({ correctness: { scored: 1, pending: 0, min: 0.4, max: 0.4 } });
  });

  it('skips experiments without thresholds, fails every threshold of one not found, keeps report order', () => {
    const report = evaluateThresholds([
      { address: 'project.p.experiment.none', project: 'p', name: 'none', thresholds: [] },
      { address: 'project.p.experiment.gone', project: 'p', name: 'gone', thresholds: [{ ref: 'preset:correctness', metric: 'correctness', threshold: { average: '>= 0.5', max: '<= 1' } }] },
      input({ average: '>= 0.5' }, { metrics: [numeric('q', 0.6)] }),
    ]);
    expect(report.experiments.map((e) => [e.address, e.status])).toEqual([
      ['project.p.experiment.none', 'skipped'],
      ['project.p.experiment.gone', 'not-found'],
      [ADDR, 'checked'],
    ]);
    expect(report.results.map((r) => [r.experiment, r.scorer, r.field, r.passed])).toEqual([
      ['project.p.experiment.gone', 'preset:correctness', 'average', false],
      ['project.p.experiment.gone', 'preset:correctness', 'max', false],
      [ADDR, 'q', 'average', true],
    ]);
    expect(report.results[0]!.message).toMatch(/no run for the current inputs of project\.p\.experiment\.gone \(run "gone" not found in project "p"\): run galctl apply/);
    expect(report.summary).toEqual({ thresholds: 3, passed: 1, failed: 2, skipped_experiments: 1 });
    expect(report.ok).toBe(false);
  });

  it('no thresholds anywhere is a pass', () => {
    const report = evaluateThresholds([{ address: 'project.p.experiment.none', project: 'p', name: 'none', thresholds: [] }]);
    expect(report.ok).toBe(true);
    expect(report.results).toEqual([]);
  });
});

describe('addTraceMetricStats', () => {
  it('counts error scores (a scorer that failed on a trace) and keeps the first message', () => {
    const stats: Record<string, TraceMetricStats> = {};
    const names = new Set(['len']);
    addTraceMetricStats(stats, { len: { status_type: 'success', value: 1 } }, names);
    addTraceMetricStats(stats, { len: { status_type: 'error', message: 'ValueError: bad input' } }, names);
    addTraceMetricStats(stats, { len: { status_type: 'error', message: 'later' } }, names);
    expect(stats).toEqual({ len: { scored: 1, pending: 0, errored: 2, error: 'ValueError: bad input', min: 1, max: 1 } });
  });

  it('counts success and pending per asked name, min/max over numbers, booleans and numeric strings', () => {
    const stats: Record<string, TraceMetricStats> = {};
    const names = new Set(['q', 'b']);
    const recs = [
      { q: { status_type: 'success', value: 0.5 }, b: { status_type: 'success', value: true }, other: { status_type: 'pending' } },
      { q: { status_type: 'success', value: '0.9' }, b: { status_type: 'pending' } },
      { q: { status_type: 'success', value: 0.2 }, b: { status_type: 'success', value: false } },
      { q: { status_type: 'failed', value: null } },
      null,
      { q: { status_type: 'success', value: 'n/a' } },
    ];
    for (const r of recs) addTraceMetricStats(stats, r, names);
    expect(stats).toEqual({
      q: { scored: 4, pending: 0, min: 0.2, max: 0.9 },
      b: { scored: 2, pending: 1, min: 0, max: 1 },
    });
  });
});
