import type { Measurement } from './measure.js';

/** What a row keeps of its runs: the median run's measurement, and every run's wall time. */
export interface RepeatedRuns<T> {
  /** the run of median wall time (of an even count, the slower middle one) */
  median: T;
  /** every run's wall time in ms, in the order they ran */
  wallsMs: number[];
}

/**
 * The run of median wall time among `runs` (at least one), with its peak RSS the largest any run had: the time is
 * the typical one on a machine whose other load comes and goes, the memory the worst seen (its targets are limits).
 */
export function medianRun<T>(runs: readonly T[], measurementOf: (run: T) => Measurement): RepeatedRuns<T> {
  if (runs.length === 0) throw new Error('medianRun: no run');
  const byWall = [...runs].sort((a, b) => measurementOf(a).wallMs - measurementOf(b).wallMs);
  const median = byWall[Math.floor(byWall.length / 2)]!;
  const m = measurementOf(median);
  m.peakRssMb = Math.max(...runs.map((r) => measurementOf(r).peakRssMb));
  return { median, wallsMs: runs.map((r) => measurementOf(r).wallMs) };
}
