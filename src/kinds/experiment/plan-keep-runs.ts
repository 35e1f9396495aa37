import type { DesiredStepOf } from '../../core/kind-map.js';
import type { LiveState, PlanChange } from '../../core/plan-types.js';
import { selectRunsToPrune } from '../../runs/select-runs-to-prune.js';

/**
 * `keep_runs: N` (issue 17): deletes of an experiment's older runs beyond the N newest (the current one, or the one
 * this plan creates, counts as one). Only runs the stack owns and does not protect; they are declared by the
 * manifest, so no --prune is needed. Each delete's address is `<experiment address>.run.<fingerprint or id>`.
 */
export function planKeepRuns(step: DesiredStepOf<'experiment'>, live: LiveState): PlanChange[] {
  const { keepRuns, run: current } = step.resource;
  if (keepRuns === undefined || current === undefined) return [];
  const history = (live.runs?.[step.address] ?? []).filter((r) => r.owned && !r.protected);
  const records = history.map((r) => ({ id: r.id, fingerprint: r.fingerprint ?? '', createdAt: r.created_at }));
  return selectRunsToPrune(records, keepRuns, current.fingerprint).map((pruned) => {
    const run = history.find((r) => r.id === pruned.id)!;
    return {
      address: `${step.address}.run.${run.fingerprint ?? run.id}`,
      kind: 'experiment',
      action: 'delete',
      name: run.name,
      ...(step.project === undefined ? {} : { project: step.project }),
      id: run.id,
      fields: [],
      // the new run first: a failed create leaves the old runs
      depends_on: live.resources[step.address] === undefined ? [step.address] : [],
      reason: `an older run beyond keep_runs: ${keepRuns}`,
    };
  });
}
