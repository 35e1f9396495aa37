import type { Desired } from '../../core/desired-types.js';
import { addressOf } from '../../core/address.js';
import type { LiveState, Plan } from '../../core/plan-types.js';
import type { ApplyResult } from './types.js';
import { kindOf } from '../../kinds/registry.js';
import type { RunToWait } from './wait-for-runs.js';

/**
 * The experiments and log streams an apply touched (the run itself, its scorer settings or its traces changed
 * and succeeded), with their ids: from the apply outcomes for what it created, else from the live state the plan
 * was made from. PURE. In manifest order.
 */
export function runsToWait(plan: Plan, result: ApplyResult, desired: Desired, live: LiveState): RunToWait[] {
  const succeeded = new Map(result.outcomes.filter((o) => o.status === 'succeeded').map((o) => [o.address, o]));
  const touched = new Set<string>();
  for (const c of plan.changes) {
    if (c.action === 'no-op' || c.action === 'delete' || !succeeded.has(c.address)) continue;
    touched.add(kindOf(c.kind).scope === 'run' ? c.address.replace(/\.(scorers|traces)$/, '') : c.address);
  }
  const idOf = (address: string): string | undefined => succeeded.get(address)?.id ?? live.resources[address]?.id;
  const runs: RunToWait[] = [];
  for (const r of desired.resources) {
    // a run is a resource with scorers (an experiment or a log stream)
    if (!('scorers' in r) || !touched.has(r.address)) continue;
    const runId = idOf(r.address);
    const projectId = idOf(addressOf('project', r.project));
    if (runId !== undefined && projectId !== undefined) runs.push({ address: r.address, projectId, runId, kind: r.kind });
  }
  return runs;
}
