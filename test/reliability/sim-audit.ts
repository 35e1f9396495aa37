import { INVENTORY_DATASET_NAME } from '../../src/core/inventory-dataset.js';
import type { SimStateDump } from '../../src/sim/start-simulator.js';

/**
 * Counts what the simulator holds, keyed by natural identity: one entry per named object (`project:NAME`,
 * `scorer:TYPE:NAME`, `dataset:NAME`, `template:NAME`, `run:PROJECT/KIND/NAME`) with how many objects carry that
 * name, plus version and trace counts per object (`…#versions`, `…#traces`, `…#distinct-trace-ids`).
 */
export function countObjects(dump: SimStateDump): Record<string, number> {
  const counts: Record<string, number> = {};
  const add = (key: string, n = 1): void => void (counts[key] = (counts[key] ?? 0) + n);
  const projectName = new Map<string, string>();
  for (const p of dump.projects as { id: string; name: string }[]) {
    projectName.set(p.id, p.name);
    add(`project:${p.name}`);
  }
  for (const s of dump.scorers as { name: string; scorer_type: string; preset: boolean; versions: unknown[] }[]) {
    if (s.preset) continue; // presets exist from the start; settings on them are not versions we create
    add(`scorer:${s.scorer_type}:${s.name}`);
    add(`scorer:${s.scorer_type}:${s.name}#versions`, s.versions.length);
  }
  for (const d of dump.datasets as { name: string; versions: unknown[] }[]) {
    add(`dataset:${d.name}`);
    // galctl's inventory is its ledger: how many writes (claims, batched confirmations) made it varies by timing
    if (d.name !== INVENTORY_DATASET_NAME) add(`dataset:${d.name}#versions`, d.versions.length);
  }
  for (const t of dump.templates as { name: string; versions: unknown[] }[]) {
    add(`template:${t.name}`);
    add(`template:${t.name}#versions`, t.versions.length);
  }
  for (const r of dump.runs) {
    const key = `run:${projectName.get(r.project_id) ?? r.project_id}/${r.kind}/${r.name}`;
    add(key);
    add(`${key}#traces`, r.traces.length);
    add(`${key}#distinct-trace-ids`, new Set(r.traces.map((t) => String(t.record['id']))).size);
  }
  return counts;
}

/**
 * What `actual` holds beyond `expected` (a fault-free apply of the same manifest): every extra object, version
 * or trace is a duplicate; anything missing is reported too. Empty when the two match.
 */
export function compareCounts(actual: Record<string, number>, expected: Record<string, number>): { duplicates: string[]; missing: string[]; extra: number } {
  const duplicates: string[] = [];
  const missing: string[] = [];
  let extra = 0;
  for (const key of new Set([...Object.keys(actual), ...Object.keys(expected)])) {
    const a = actual[key] ?? 0;
    const e = expected[key] ?? 0;
    if (a > e) {
      duplicates.push(`${key}: ${a} (expected ${e})`);
      extra += a - e;
    } else if (a < e) missing.push(`${key}: ${a} (expected ${e})`);
  }
  // two objects answering to one name are duplicates even without a baseline
  for (const [key, n] of Object.entries(actual)) if (!key.includes('#') && n > 1 && !duplicates.some((d) => d.startsWith(`${key}:`))) duplicates.push(`${key}: ${n} objects`);
  return { duplicates, missing, extra };
}
