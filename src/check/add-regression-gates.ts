import type { RunComparison } from './compare-runs.js';
import type { CheckReport, ThresholdResult } from './types.js';

/**
 * The report with the comparisons attached and each relative gate as one more result (PURE): field `max_drop`
 * (value = the drop) or `max_regressed_rows` (value = the count), threshold `<= <limit>`, listed after the
 * experiment's absolute thresholds. Summary and verdict are recounted.
 */
export function addRegressionGates(report: CheckReport, comparisons: readonly RunComparison[]): CheckReport {
  if (comparisons.length === 0) return report;
  const gates = new Map<string, ThresholdResult[]>();
  for (const c of comparisons) {
    gates.set(
      c.experiment,
      c.metrics.flatMap((m) =>
        m.gates.map((g) => ({
          experiment: c.experiment,
          scorer: m.scorer,
          metric: m.metric,
          field: g.gate,
          threshold: `<= ${String(g.limit)}`,
          value: g.value,
          passed: g.passed,
          ...(g.message === undefined ? {} : { message: g.message }),
        })),
      ),
    );
  }
  const results: ThresholdResult[] = [];
  for (const e of report.experiments) {
    results.push(...report.results.filter((r) => r.experiment === e.address), ...(gates.get(e.address) ?? []));
  }
  const passed = results.filter((r) => r.passed).length;
  return {
    ...report,
    results,
    summary: { ...report.summary, thresholds: results.length, passed, failed: results.length - passed },
    ok: passed === results.length,
    comparisons: [...comparisons],
  };
}
