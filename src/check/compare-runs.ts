import { pairRows, type RunRow, type ScoreValue } from './pair-rows.js';
import { compareMetric, type MetricComparison, type RegressedRow } from './regression-gates.js';
import type { DeclaredThreshold } from './types.js';

/** How many regressed rows the report shows. */
export const WORST_ROWS = 5;

/** A run as compared: which one, a console link, and its rows. */
export interface RunRows {
  id: string;
  name: string;
  /** the run's page in the Galileo console */
  url?: string;
  rows: RunRow[];
}

/** One experiment's candidate run compared with its baseline run (or with none: the first run). */
export interface RunComparison {
  /** the experiment's manifest address */
  experiment: string;
  candidate: Omit<RunRows, 'rows'>;
  /** null: no baseline yet */
  baseline: Omit<RunRows, 'rows'> | null;
  /** rows paired across both runs, and rows left without a partner */
  pairedRows: number;
  unpairedCandidate: number;
  unpairedBaseline: number;
  /** one per threshold (scorer), in manifest order */
  metrics: MetricComparison[];
  /** the WORST_ROWS rows that regressed most (by how much, then by metric and row, for a stable order) */
  worst: RegressedRow[];
}

/**
 * Compares the candidate run with the baseline run, metric by metric (PURE): pairs the rows, and for every
 * threshold of the experiment gives both means, the delta with its paired-bootstrap interval, the regressed rows,
 * and the verdicts of the relative gates (max_drop, max_regressed_rows). No baseline: the first run; its relative
 * gates pass, marked "no baseline yet".
 */
export function compareRuns(experiment: string, candidate: RunRows, baseline: RunRows | null, thresholds: readonly DeclaredThreshold[]): RunComparison {
  const paired = baseline === null ? null : pairRows(candidate.rows, baseline.rows);
  const metrics: MetricComparison[] = [];
  const regressed: RegressedRow[] = [];
  for (const t of thresholds) {
    const own = candidate.rows.map((r) => r.scores[t.metric]).filter((v): v is ScoreValue => v !== undefined);
    const gates = { ...(t.threshold.max_drop === undefined ? {} : { max_drop: t.threshold.max_drop }), ...(t.threshold.max_regressed_rows === undefined ? {} : { max_regressed_rows: t.threshold.max_regressed_rows }) };
    const { comparison, regressed: rows } = compareMetric(t.ref, t.metric, gates, paired?.pairs ?? null, own);
    metrics.push(comparison);
    regressed.push(...rows);
  }
  regressed.sort((a, b) => b.by - a.by || (a.scorer < b.scorer ? -1 : a.scorer > b.scorer ? 1 : 0) || (a.pair.key < b.pair.key ? -1 : a.pair.key > b.pair.key ? 1 : 0));
  return {
    experiment,
    candidate: runInfo(candidate),
    baseline: baseline === null ? null : runInfo(baseline),
    pairedRows: paired?.pairs.length ?? 0,
    unpairedCandidate: paired?.unpairedCandidate ?? 0,
    unpairedBaseline: paired?.unpairedBaseline ?? 0,
    metrics,
    worst: regressed.slice(0, WORST_ROWS),
  };
}

function runInfo(r: RunRows): Omit<RunRows, 'rows'> {
  return { id: r.id, name: r.name, ...(r.url === undefined ? {} : { url: r.url }) };
}

/** Whether a threshold declares a relative gate (so check must read rows even without --baseline). */
export function hasRelativeGate(t: DeclaredThreshold): boolean {
  return t.threshold.max_drop !== undefined || t.threshold.max_regressed_rows !== undefined;
}
