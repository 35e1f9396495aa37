import { formatNumber as show } from './evaluate-thresholds.js';
import { pairedBootstrap, type BootstrapInterval } from './paired-bootstrap.js';
import type { RowPair, ScoreValue } from './pair-rows.js';

/** A numeric score must fall by more than this to count as a regressed row (float noise is no regression). */
export const REGRESSION_EPSILON = 1e-6;

/** A score as a number (booleans 0/1, numeric text parsed), or null for a category. */
export function numericScore(v: ScoreValue): number | null {
  if (typeof v === 'boolean') return v ? 1 : 0;
  if (typeof v === 'number') return Number.isFinite(v) ? v : null;
  const trimmed = v.trim();
  if (trimmed === '') return null;
  const n = Number(trimmed);
  return Number.isFinite(n) ? n : null;
}

/**
 * How much a row regressed from `before` to `after` (PURE), 0 when it did not: a boolean true → false is 1; a
 * numeric score that fell by more than REGRESSION_EPSILON regressed by the fall; a category that changed is 1
 * (a categorical scorer has no order, so any change counts).
 */
export function regression(before: ScoreValue, after: ScoreValue): number {
  const b = numericScore(before);
  const a = numericScore(after);
  if (b !== null && a !== null) return b - a > REGRESSION_EPSILON ? b - a : 0;
  return String(before) === String(after) ? 0 : 1;
}

/** The relative gates of one threshold. */
export interface RelativeGates {
  max_drop?: number;
  max_regressed_rows?: number;
}

/** One relative gate's verdict. */
export interface GateVerdict {
  gate: 'max_drop' | 'max_regressed_rows';
  limit: number;
  /** the drop (baseline − candidate) or the regressed-row count; null when not measured */
  value: number | null;
  passed: boolean;
  /** why it failed, or what a reader should know about a pass (no baseline yet, the interval includes no change) */
  message?: string;
}

/** One metric compared across the two runs. */
export interface MetricComparison {
  /** the scorer reference as written */
  scorer: string;
  metric: string;
  /** numeric (booleans count 0/1) or categorical, from the scores seen */
  kind: 'numeric' | 'categorical';
  /** rows paired across both runs with a score in each */
  paired: number;
  /** mean score on the paired rows (the candidate's on all its scored rows when there is no baseline) */
  baseline: number | null;
  candidate: number | null;
  /** candidate − baseline on the paired rows, with its paired-bootstrap 95% interval */
  interval: BootstrapInterval | null;
  regressedRows: number;
  gates: GateVerdict[];
}

/** A regressed row, for the report's worst rows. */
export interface RegressedRow {
  scorer: string;
  metric: string;
  /** how much it regressed (see regression) */
  by: number;
  pair: RowPair;
}

/** `[-0.05, 0.01]` */
export function formatInterval(i: BootstrapInterval): string {
  return `[${show(i.low)}, ${show(i.high)}]`;
}

/** Whether the interval contains 0: the data cannot tell the change from noise. */
export function includesNoChange(i: BootstrapInterval): boolean {
  return i.low <= REGRESSION_EPSILON && i.high >= -REGRESSION_EPSILON;
}

const NO_BASELINE = 'no baseline yet: relative gates pass on the first run';

/**
 * Compares one metric across paired rows and decides its relative gates (PURE). `pairs` null means there is no
 * baseline run: every gate passes with "no baseline yet". The max_drop rule: the gate fails when the point
 * estimate of the drop (baseline mean − candidate mean on the paired rows) exceeds max_drop; the 95% interval is
 * reported beside it, and a verdict whose interval includes 0 says so (the change may be noise).
 */
export function compareMetric(
  scorer: string,
  metric: string,
  gates: RelativeGates,
  pairs: readonly RowPair[] | null,
  candidateScores: readonly ScoreValue[],
): { comparison: MetricComparison; regressed: RegressedRow[] } {
  const seen = pairs === null ? candidateScores : pairs.flatMap((p) => [p.candidate.scores[metric], p.baseline.scores[metric]]).filter((v): v is ScoreValue => v !== undefined);
  const kind = seen.every((v) => numericScore(v) !== null) ? 'numeric' : 'categorical';
  if (pairs === null) {
    const nums = candidateScores.map(numericScore).filter((n): n is number => n !== null);
    const comparison: MetricComparison = {
      scorer,
      metric,
      kind,
      paired: 0,
      baseline: null,
      candidate: kind === 'numeric' && nums.length > 0 ? nums.reduce((s, n) => s + n, 0) / nums.length : null,
      interval: null,
      regressedRows: 0,
      gates: gateList(gates).map(([gate, limit]) => ({ gate, limit, value: null, passed: true, message: NO_BASELINE })),
    };
    return { comparison, regressed: [] };
  }
  const scored = pairs.filter((p) => p.candidate.scores[metric] !== undefined && p.baseline.scores[metric] !== undefined);
  const regressed: RegressedRow[] = [];
  for (const pair of scored) {
    const by = regression(pair.baseline.scores[metric] as ScoreValue, pair.candidate.scores[metric] as ScoreValue);
    if (by > 0) regressed.push({ scorer, metric, by, pair });
  }
  let baseline: number | null = null;
  let candidate: number | null = null;
  let interval: BootstrapInterval | null = null;
  if (kind === 'numeric' && scored.length > 0) {
    const b = scored.map((p) => numericScore(p.baseline.scores[metric] as ScoreValue) as number);
    const c = scored.map((p) => numericScore(p.candidate.scores[metric] as ScoreValue) as number);
    baseline = b.reduce((s, n) => s + n, 0) / b.length;
    candidate = c.reduce((s, n) => s + n, 0) / c.length;
    interval = pairedBootstrap(c.map((n, i) => n - (b[i] as number)));
  }
  const verdicts: GateVerdict[] = gateList(gates).map(([gate, limit]) => {
    // nothing to compare (a scorer that failed in one run, rows that do not pair) never passes a gate
    if (scored.length === 0) return { gate, limit, value: null, passed: false, message: 'no rows scored in both runs to compare' };
    if (gate === 'max_regressed_rows') {
      const passed = regressed.length <= limit;
      return { gate, limit, value: regressed.length, passed, ...(passed ? {} : { message: `${regressed.length} rows regressed from the baseline, more than ${limit}` }) };
    }
    if (interval === null) {
      return { gate, limit, value: null, passed: false, message: `"${metric}" has categorical scores; a drop needs numeric ones (use max_regressed_rows)` };
    }
    const drop = -interval.delta;
    const passed = drop <= limit + REGRESSION_EPSILON;
    const noise = includesNoChange(interval) ? `; the 95% interval ${formatInterval(interval)} of the change includes no change` : '';
    const message = passed ? (noise === '' ? undefined : `passes${noise}`) : `dropped ${show(drop)} from the baseline, more than ${show(limit)}${noise}`;
    return { gate, limit, value: drop, passed, ...(message === undefined ? {} : { message }) };
  });
  return { comparison: { scorer, metric, kind, paired: scored.length, baseline, candidate, interval, regressedRows: regressed.length, gates: verdicts }, regressed };
}

function gateList(gates: RelativeGates): ['max_drop' | 'max_regressed_rows', number][] {
  const out: ['max_drop' | 'max_regressed_rows', number][] = [];
  if (gates.max_drop !== undefined) out.push(['max_drop', gates.max_drop]);
  if (gates.max_regressed_rows !== undefined) out.push(['max_regressed_rows', gates.max_regressed_rows]);
  return out;
}
