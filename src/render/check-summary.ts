import type { CheckReport, ThresholdResult } from '../check/types.js';
import type { RunComparison } from '../check/compare-runs.js';
import { fieldLabel, formatNumber } from '../check/evaluate-thresholds.js';
import { BOOTSTRAP_RESAMPLES, BOOTSTRAP_SEED } from '../check/paired-bootstrap.js';
import type { ScoreValue } from '../check/pair-rows.js';
import { formatInterval, type MetricComparison } from '../check/regression-gates.js';

/** `3 of 4 thresholds passed, 1 failed (1 experiment skipped: no thresholds)` */
export function checkSummaryLine(report: CheckReport): string {
  const { thresholds, passed, failed, skipped_experiments: skipped } = report.summary;
  const head = thresholds === 0 ? 'no thresholds to check' : failed === 0 ? `all ${thresholds} threshold${thresholds === 1 ? '' : 's'} passed` : `${passed} of ${thresholds} thresholds passed, ${failed} failed`;
  const tail = skipped > 0 ? ` (${skipped} experiment${skipped === 1 ? '' : 's'} without thresholds skipped)` : '';
  return `${head}${tail}`;
}

/** The measured value as shown: a number, or `-` when it could not be measured. */
export function shownValue(r: ThresholdResult): string {
  return r.value === null ? '-' : formatNumber(r.value);
}

/** `average`, `share_true`, `categories.toxic`, … */
export const shownField = fieldLabel;

/** Results grouped by experiment, in report order. */
export function byExperiment(report: CheckReport): Map<string, ThresholdResult[]> {
  const out = new Map<string, ThresholdResult[]>();
  for (const r of report.results) {
    const list = out.get(r.experiment) ?? [];
    list.push(r);
    out.set(r.experiment, list);
  }
  return out;
}

/** A comparison's verdict for one metric: `FAIL` when a gate failed, `pass` when all passed, `-` without gates. */
export function metricVerdict(m: MetricComparison): string {
  if (m.gates.length === 0) return '-';
  if (m.gates.some((g) => !g.passed)) return `FAIL ${m.gates.filter((g) => !g.passed).map((g) => g.gate).join(', ')}`;
  return m.gates.some((g) => g.message?.startsWith('no baseline') === true) ? 'pass (no baseline yet)' : 'pass';
}

/** `+0.05`, `-0.1`, `0`, or `-` */
export function shownDelta(m: MetricComparison): string {
  if (m.interval === null) return '-';
  const d = formatNumber(m.interval.delta);
  return m.interval.delta > 0 && d !== '0' ? `+${d}` : d;
}

/** `[-0.05, 0.01]`, or `-` */
export function shownInterval(m: MetricComparison): string {
  return m.interval === null ? '-' : formatInterval(m.interval);
}

/** A mean, or `-` */
export function shownMean(n: number | null): string {
  return n === null ? '-' : formatNumber(n);
}

/** A score as shown in the worst rows: `0.42`, `true`, `toxic`, or `-` when absent. */
export function shownScore(v: ScoreValue | undefined): string {
  return v === undefined ? '-' : typeof v === 'number' ? formatNumber(v) : String(v);
}

/** `compared with run "v1" (6 rows paired)`, or `no baseline yet`. */
export function comparisonHeadline(c: RunComparison): string {
  if (c.baseline === null) return `no baseline yet: run "${c.candidate.name}" is the first; relative gates pass`;
  const unpaired = c.unpairedCandidate + c.unpairedBaseline;
  const extra = unpaired === 0 ? '' : `; ${c.unpairedCandidate} candidate and ${c.unpairedBaseline} baseline rows without a partner`;
  return `run "${c.candidate.name}" compared with baseline run "${c.baseline.name}" (${c.pairedRows} rows paired${extra})`;
}

/** How the interval is computed, for the report's footnote. */
export const BOOTSTRAP_NOTE = `Δ is candidate − baseline on paired rows; the interval is a paired bootstrap 95% percentile interval (${BOOTSTRAP_RESAMPLES} resamples, seed ${BOOTSTRAP_SEED}). max_drop fails when the point estimate of the drop exceeds it.`;
