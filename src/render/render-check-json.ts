import type { RunComparison } from '../check/compare-runs.js';
import { BOOTSTRAP_RESAMPLES, BOOTSTRAP_SEED } from '../check/paired-bootstrap.js';
import type { CheckReport } from '../check/types.js';

/**
 * The check as JSON (`format_version: "1"`), keys in a stable order: `ok`, `summary`, `experiments`, `results`
 * (one per threshold comparison: experiment, scorer, metric, field, category?, threshold, value, passed, message?;
 * a relative gate has field max_drop or max_regressed_rows), and `comparisons` when runs were compared.
 */
export function renderCheckJson(report: CheckReport): string {
  const body = {
    format_version: '1',
    ok: report.ok,
    summary: report.summary,
    experiments: report.experiments.map((e) => ({
      address: e.address,
      project: e.project,
      name: e.name,
      ...(e.id === undefined ? {} : { id: e.id }),
      status: e.status,
      ...(e.reason === undefined ? {} : { reason: e.reason }),
    })),
    results: report.results.map((r) => ({
      experiment: r.experiment,
      scorer: r.scorer,
      metric: r.metric,
      field: r.field,
      ...(r.category === undefined ? {} : { category: r.category }),
      threshold: r.threshold,
      value: r.value,
      passed: r.passed,
      ...(r.message === undefined ? {} : { message: r.message }),
    })),
    ...(report.comparisons === undefined ? {} : { bootstrap: { seed: BOOTSTRAP_SEED, resamples: BOOTSTRAP_RESAMPLES, confidence: 0.95 }, comparisons: report.comparisons.map(comparisonJson) }),
  };
  return `${JSON.stringify(body, null, 2)}\n`;
}

function comparisonJson(c: RunComparison): unknown {
  return {
    experiment: c.experiment,
    candidate: c.candidate,
    baseline: c.baseline,
    paired_rows: c.pairedRows,
    unpaired_candidate_rows: c.unpairedCandidate,
    unpaired_baseline_rows: c.unpairedBaseline,
    metrics: c.metrics.map((m) => ({
      scorer: m.scorer,
      metric: m.metric,
      kind: m.kind,
      paired_rows: m.paired,
      baseline: m.baseline,
      candidate: m.candidate,
      delta: m.interval?.delta ?? null,
      interval: m.interval === null ? null : [m.interval.low, m.interval.high],
      regressed_rows: m.regressedRows,
      gates: m.gates,
    })),
    worst_rows: c.worst.map((w) => ({
      scorer: w.scorer,
      metric: w.metric,
      regressed_by: w.by,
      input: w.pair.candidate.input,
      baseline: { output: w.pair.baseline.output, score: w.pair.baseline.scores[w.metric] ?? null },
      candidate: { output: w.pair.candidate.output, score: w.pair.candidate.scores[w.metric] ?? null },
    })),
  };
}
