import { appendAll } from '../core/append-all.js';
import { publicScorerName, sameScorerName } from '../galileo/preset-names.js';
import { isFailedJob, scorerNameOfJob, TERMINAL_JOB_STATUS } from '../galileo/runs.js';
import type { Threshold } from '../core/desired-types.js';
import { formatComparison, parseComparison, satisfies } from './comparison.js';
import type { AggregateMetric, CheckInput, CheckReport, DeclaredThreshold, ExperimentSummary, ThresholdField, ThresholdResult, TraceMetricStats } from './types.js';

/** One comparison of a threshold: `average >= 0.8`, `categories.toxic == 0`, … */
interface Bound {
  /** relative gates (max_drop, max_regressed_rows) are decided by compareRuns */
  field: Exclude<ThresholdField, 'max_drop' | 'max_regressed_rows'>;
  category?: string;
  comparison: string;
}

/** A measured value, or why there is none. */
type Measure = { value: number } | { value: null; why: string };

/**
 * Evaluates every experiment's thresholds against what was read from Galileo. PURE. A scorer whose job failed,
 * whose metric is missing, or whose traces are still `pending` after the jobs ended fails every one of its
 * thresholds with the reason (the job's own error message when there is one): nothing passes by default.
 */
export function evaluateThresholds(inputs: readonly CheckInput[]): CheckReport {
  const experiments: ExperimentSummary[] = [];
  const results: ThresholdResult[] = [];
  for (const input of inputs) {
    const base = { address: input.address, project: input.project, name: input.name };
    if (input.thresholds.length === 0) {
      experiments.push({ ...base, ...(input.live ? { id: input.live.id } : {}), status: 'skipped', reason: 'no thresholds' });
      continue;
    }
    if (input.live === undefined) {
      const why = `no run for the current inputs of ${input.address} (run "${input.name}" not found in project "${input.project}"): run galctl apply`;
      experiments.push({ ...base, status: 'not-found', reason: why });
      for (const t of input.thresholds) appendAll(results, failAll(input.address, t, why));
      continue;
    }
    experiments.push({ ...base, id: input.live.id, status: 'checked' });
    const { jobs } = input.live;
    const running = jobs.filter((j) => !TERMINAL_JOB_STATUS.has(j.status)).length;
    for (const t of input.thresholds) {
      if (running > 0) {
        const why = `scoring has not finished (jobs ${jobs.length - running}/${jobs.length} done); run galctl apply --wait, or check again later`;
        appendAll(results, failAll(input.address, t, why));
        continue;
      }
      // by name, never by roll_up_method (null for numeric scorers and for the `<name>_…` sub-entries alike [GUIDE]);
      // a preset may be reported under its internal name
      const metric = input.live.metrics.find((m) => sameScorerName(m.name, t.metric));
      const stats = input.live.traces?.[publicScorerName(t.metric)];
      const errors = [...new Set(jobs.filter((j) => isFailedJob(j) && sameScorerName(scorerNameOfJob(j) ?? '', t.metric)).map((j) => j.error_message ?? `job ${j.status}`))];
      const problem = scorerProblem(t.metric, metric, stats, errors);
      for (const bound of boundsOf(t.threshold)) {
        const measured = measure(bound, metric, stats);
        const comparison = parseComparison(bound.comparison);
        const result: ThresholdResult = {
          experiment: input.address,
          scorer: t.ref,
          metric: t.metric,
          field: bound.field,
          ...(bound.category === undefined ? {} : { category: bound.category }),
          threshold: formatComparison(comparison),
          value: measured.value,
          passed: false,
        };
        if (problem !== undefined) result.message = problem;
        else if (measured.value === null) result.message = measured.why;
        else if (satisfies(measured.value, comparison)) result.passed = true;
        else result.message = `${fieldLabel(result)} ${formatNumber(measured.value)} is not ${result.threshold}`;
        results.push(result);
      }
    }
  }
  const passed = results.filter((r) => r.passed).length;
  return {
    experiments,
    results,
    summary: {
      thresholds: results.length,
      passed,
      failed: results.length - passed,
      skipped_experiments: experiments.filter((e) => e.status === 'skipped').length,
    },
    ok: passed === results.length,
  };
}

/** `average`, `share_true`, `min`, `max`, `categories.<name>`. */
export function fieldLabel(r: { field: ThresholdField; category?: string }): string {
  return r.field === 'category' ? `categories.${r.category ?? ''}` : r.field;
}

/** Up to 4 decimals, no trailing zeros: 0.7125, 12, 0.5. */
export function formatNumber(n: number): string {
  return String(Number(n.toFixed(4)));
}

function boundsOf(t: Threshold): Bound[] {
  const out: Bound[] = [];
  if (t.average !== undefined) out.push({ field: 'average', comparison: t.average });
  if (t.share_true !== undefined) out.push({ field: 'share_true', comparison: t.share_true });
  if (t.min !== undefined) out.push({ field: 'min', comparison: t.min });
  if (t.max !== undefined) out.push({ field: 'max', comparison: t.max });
  for (const [category, comparison] of Object.entries(t.categories ?? {})) out.push({ field: 'category', category, comparison });
  return out;
}

function failAll(experiment: string, t: DeclaredThreshold, message: string): ThresholdResult[] {
  return boundsOf(t.threshold).map((b) => ({
    experiment,
    scorer: t.ref,
    metric: t.metric,
    field: b.field,
    ...(b.category === undefined ? {} : { category: b.category }),
    threshold: formatComparison(parseComparison(b.comparison)),
    value: null,
    passed: false,
    message,
  }));
}

function scorerProblem(name: string, metric: AggregateMetric | undefined, stats: TraceMetricStats | undefined, errors: string[]): string | undefined {
  if (errors.length > 0) return `scorer job failed: ${errors.join('; ')}`;
  const pending = stats?.pending ?? 0;
  if (metric === undefined) {
    return pending > 0
      ? `no scores: ${pending} trace${pending === 1 ? '' : 's'} still pending after the jobs finished`
      : `no scores for "${name}" in the experiment's metrics; is the scorer registered on the experiment, and does it apply to its traces?`;
  }
  if (pending > 0) return `${pending} of ${pending + (stats?.scored ?? 0)} traces have no "${name}" score (pending) although the jobs finished`;
  // a scorer that failed on some rows is not judged on the rest: its average would silently leave those rows out
  const errored = stats?.errored ?? 0;
  if (errored > 0) return `${errored} of ${errored + (stats?.scored ?? 0)} traces have no "${name}" score: the scorer failed on them${stats?.error === undefined ? '' : ` (${stats.error})`}`;
  return undefined;
}

function measure(b: Bound, metric: AggregateMetric | undefined, stats: TraceMetricStats | undefined): Measure {
  if (metric === undefined && (b.field !== 'min' && b.field !== 'max')) return { value: null, why: 'no metric' };
  switch (b.field) {
    case 'average': {
      if (typeof metric?.average === 'number') return { value: metric.average };
      const share = shareTrue(metric as AggregateMetric);
      if (share !== null) return { value: share };
      return { value: null, why: `no average for "${metric?.name ?? ''}" (${metric?.data_type ?? 'non-numeric'} scorer); use categories` };
    }
    case 'share_true': {
      const share = shareTrue(metric as AggregateMetric);
      if (share !== null) return { value: share };
      return { value: null, why: `"${metric?.name ?? ''}" has no True/False counts (${metric?.data_type ?? 'not a boolean'} scorer); use average` };
    }
    case 'min':
    case 'max': {
      const v = stats?.[b.field];
      if (typeof v === 'number') return { value: v };
      return { value: null, why: stats === undefined ? 'per-trace scores were not read' : 'no numeric scores in the traces' };
    }
    case 'category':
      return { value: (metric as AggregateMetric).buckets?.[b.category ?? ''] ?? 0 };
  }
}

/** Share of True among True/False buckets (keys compared case-insensitively), else a `percentage_true` average. */
function shareTrue(m: AggregateMetric): number | null {
  let t = 0;
  let f = 0;
  for (const [k, n] of Object.entries(m.buckets ?? {})) {
    const key = k.toLowerCase();
    if (key === 'true') t += n;
    else if (key === 'false') f += n;
  }
  if (t + f > 0) return t / (t + f);
  if (m.roll_up_method === 'percentage_true' && typeof m.average === 'number') return m.average;
  return null;
}
