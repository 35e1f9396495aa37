/**
 * The targets of issue 22, each evaluated from a measured row: the measured value, its bound, met or missed. Set
 * for the large org (3,100 resources, 1,250 runs, 100k traces; 50 ms latency, concurrency 16, the CLI, a settled
 * simulator): at other scales they are evaluated all the same, and the results say so.
 */
import type { LowerBound } from './lower-bound.js';
import type { Measurement } from './measure.js';

export type RowKey = 'apply' | 'noop' | 'changed' | 'noop0' | 'noopCold' | 'gets' | 'refresh' | 'ingestSink' | 'ingestSim';

export interface Row {
  key: RowKey;
  scenario: string;
  m: Measurement;
  /** what "per resource" divides by */
  resources: number;
  /** the simulator's latency during the row (0 against the null sink) */
  latencyMs: number;
  /** 1-minute load average when the row started */
  load: number;
  bound?: LowerBound;
  /** traces per second (ingest rows) */
  tracesPerS?: number;
  /** the wall time of each run of the row (the row's figures are the median run's: medianRun) */
  wallsMs?: number[];
}

export interface TargetCheck {
  id: string;
  target: string;
  /** the rows the measured value comes from */
  rows: RowKey[];
  measured: number;
  bound: number;
  op: '≤' | '≥';
  unit: '×' | 'req/resource' | 'traces/s' | 'MB' | 's';
  met: boolean;
}

const row = (rows: readonly Row[], key: RowKey): Row => {
  const r = rows.find((x) => x.key === key);
  if (r === undefined) throw new Error(`no ${key} row`);
  return r;
};

/** wall time over the row's lower bound */
export const ratioOf = (r: Row): number => (r.bound === undefined || r.bound.ms === 0 ? Number.NaN : r.m.wallMs / r.bound.ms);

function check(id: string, target: string, rows: RowKey[], measured: number, op: '≤' | '≥', bound: number, unit: TargetCheck['unit']): TargetCheck {
  return { id, target, rows, measured, bound, op, unit, met: op === '≤' ? measured <= bound : measured >= bound };
}

export function evaluateTargets(rows: readonly Row[], declared: number): TargetCheck[] {
  const noop = row(rows, 'noop');
  const apply = row(rows, 'apply');
  const plans: RowKey[] = ['noop', 'changed', 'noop0', 'noopCold'];
  const planRss = Math.max(...plans.map((k) => row(rows, k).m.peakRssMb));
  return [
    check('noop-ratio', 'no-op plan within 1.3× its lower bound', ['noop'], ratioOf(noop), '≤', 1.3, '×'),
    check('noop-requests', 'no-op plan: at most 0.5 requests per declared resource', ['noop'], noop.m.requests / declared, '≤', 0.5, 'req/resource'),
    check('apply-ratio', 'apply from empty within 1.5× its lower bound', ['apply'], ratioOf(apply), '≤', 1.5, '×'),
    check('ingest-sink', 'client-side ingest against a null sink', ['ingestSink'], row(rows, 'ingestSink').tracesPerS ?? 0, '≥', 50_000, 'traces/s'),
    check('ingest-sim', 'ingest end to end against the simulator', ['ingestSim'], row(rows, 'ingestSim').tracesPerS ?? 0, '≥', 20_000, 'traces/s'),
    check('plan-rss', 'peak RSS of a plan', plans, planRss, '≤', 300, 'MB'),
    check('apply-rss', 'peak RSS of apply', ['apply'], apply.m.peakRssMb, '≤', 400, 'MB'),
    check('noop0-wall', 'no-op plan at 0 ms latency', ['noop0'], row(rows, 'noop0').m.wallMs / 1000, '≤', 2.5, 's'),
  ];
}

/** A target's value as text: 1.42×, 0.62 req/resource, 52,300 traces/s, 310 MB, 2.61 s. */
export function formatValue(v: number, unit: TargetCheck['unit']): string {
  switch (unit) {
    case '×':
      return `${v.toFixed(2)}×`;
    case 'req/resource':
      return `${v.toFixed(2)} req/resource`;
    case 'traces/s':
      return `${Math.round(v).toLocaleString('en-US')} traces/s`;
    case 'MB':
      return `${Math.round(v)} MB`;
    case 's':
      return `${v.toFixed(2)} s`;
  }
}
