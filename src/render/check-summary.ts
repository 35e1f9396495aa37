import type { CheckReport, ThresholdResult } from '../check/types.js';
import { fieldLabel, formatNumber } from '../check/evaluate-thresholds.js';

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
