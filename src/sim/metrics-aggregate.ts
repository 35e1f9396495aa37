import { latestVersion } from './scorer-view.js';
import { outputTypeOf } from './scoring.js';
import type { Sim } from './sim-context.js';
import type { Obj, RunRec, TraceRec } from './types.js';

const NUMERIC = new Set(['percentage', 'count', 'discrete']);

/**
 * `ExperimentMetricsResponse` [SPEC]: one `BucketedMetric` per scorer with at least one successful score
 * [GUIDE "Aggregate metrics"]. Numeric scorers report roll_up_method null, as the guide's example and field table
 * say (choice: its tip to keep only the entries whose roll_up_method is not null would drop them; a client must pick
 * a scorer's entry by name); booleans "percentage_true"; categorical "category_count". LLM-judged scorers add
 * `<name>_input_tokens` / `_output_tokens` / `_total_tokens` / `_scorer_version_id` sub-entries with roll_up_method
 * null [GUIDE].
 */
export function aggregateMetrics(sim: Sim, run: RunRec, traces: TraceRec[]): Obj[] {
  const names: string[] = [];
  for (const c of run.scorers) {
    const s = sim.store.scorers.get(String(c['id']));
    if (s !== undefined && !names.includes(s.name)) names.push(s.name);
  }
  const out: Obj[] = [];
  for (const name of names) {
    const values: unknown[] = [];
    const tokens = { input: [] as number[], output: [] as number[], total: [] as number[] };
    for (const t of traces) {
      const info = t.metric_info[name];
      if (info?.['status_type'] !== 'success') continue;
      values.push(info['value']);
      if (typeof info['input_tokens'] === 'number') {
        tokens.input.push(info['input_tokens']);
        tokens.output.push(info['output_tokens'] as number);
        tokens.total.push(info['total_tokens'] as number);
      }
    }
    if (values.length === 0) continue;
    const scorer = [...run.scorers].map((c) => sim.store.scorers.get(String(c['id']))).find((s) => s?.name === name);
    const type = scorer === undefined ? 'percentage' : outputTypeOf(scorer, latestVersion(scorer));
    out.push(bucket(name, type, values));
    if (tokens.input.length > 0) {
      for (const [k, arr] of Object.entries(tokens)) {
        out.push({ name: `${name}_${k}_tokens`, data_type: null, average: mean(arr), buckets: {}, roll_up_method: null });
      }
      const versionId = scorer === undefined ? null : (latestVersion(scorer)?.id ?? null);
      out.push({ name: `${name}_scorer_version_id`, data_type: null, average: null, buckets: versionId === null ? {} : { [versionId]: tokens.input.length }, roll_up_method: null });
    }
  }
  return out;
}

function mean(xs: number[]): number {
  return xs.reduce((a, b) => a + b, 0) / xs.length;
}

function bucket(name: string, type: string, values: unknown[]): Obj {
  if (NUMERIC.has(type)) {
    const nums = values.map(Number);
    const buckets: Record<string, number> = type === 'percentage' ? { '0.25': 0, '0.50': 0, '0.75': 0, '1.00': 0, other: 0 } : {};
    for (const v of nums) {
      if (type !== 'percentage') buckets[String(v)] = (buckets[String(v)] ?? 0) + 1;
      else if (v < 0 || v > 1) buckets['other'] = (buckets['other'] ?? 0) + 1;
      else {
        const key = v <= 0.25 ? '0.25' : v <= 0.5 ? '0.50' : v <= 0.75 ? '0.75' : '1.00';
        buckets[key] = (buckets[key] ?? 0) + 1;
      }
    }
    return { name, data_type: type, average: Math.round(mean(nums) * 1e6) / 1e6, buckets, roll_up_method: null };
  }
  if (type === 'boolean') {
    const t = values.filter((v) => v === true).length;
    return { name, data_type: 'boolean', average: null, buckets: { True: t, False: values.length - t }, roll_up_method: 'percentage_true' };
  }
  const buckets: Record<string, number> = {};
  for (const v of values) buckets[String(v)] = (buckets[String(v)] ?? 0) + 1;
  return { name, data_type: type === 'freeform' ? 'freeform' : 'categorical', average: null, buckets, roll_up_method: 'category_count' };
}
