import type { CheckReport } from '../check/types.js';

/**
 * The check as JSON (`format_version: "1"`), keys in a stable order: `ok`, `summary`, `experiments`, `results`
 * (one per threshold comparison: experiment, scorer, metric, field, category?, threshold, value, passed, message?).
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
  };
  return `${JSON.stringify(body, null, 2)}\n`;
}
