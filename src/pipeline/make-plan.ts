import { GalctlError } from '../core/errors.js';
import type { GalileoClient } from '../galileo/create-client.js';
import { readLiveState } from '../engine/read/read-live-state.js';
import type { Desired } from '../core/desired-types.js';
import { buildPlan } from '../engine/build-plan.js';
import type { LiveState, Plan } from '../core/plan-types.js';
import { startTraceCounts } from './read-trace-counts.js';

export interface MakePlanOptions {
  prune: boolean;
  targets: string[];
  /** the manifest as shown to the user */
  manifestPath: string;
  apiUrl: string;
  signal?: AbortSignal;
  /** LoadedDesired.complete: the datasets' contents are compared once it resolves true; false fails the plan */
  complete?: Promise<boolean>;
}

/**
 * read live state (while the trace ids are derived) → count the runs' traces → buildPlan: the pipeline `plan` and
 * `apply` share.
 */
export async function makePlan(client: GalileoClient, desired: Desired, opts: MakePlanOptions): Promise<{ plan: Plan; live: LiveState }> {
  const prune = opts.prune || desired.prune === true;
  if (prune && desired.stack === undefined) {
    throw new GalctlError('prune-without-stack', `${opts.manifestPath} has no stack:, so galctl cannot tell which objects this manifest owns and refuses to prune`, {
      hint: 'add a line such as `stack: support-bot` (one name per manifest sharing the org; docs/ownership.md), apply, then prune',
    });
  }
  const traces = startTraceCounts(client, desired, opts.signal);
  const ready = (opts.complete ?? Promise.resolve(true)).then((ok) => {
    if (!ok) throw new GalctlError('manifest-invalid', `${opts.manifestPath} has problems`, { exitCode: 1 });
  });
  ready.catch(() => undefined); // awaited below
  let live: LiveState;
  try {
    [live] = await Promise.all([readLiveState(client, desired, { datasetsReady: ready }), ready]);
  } catch (err) {
    traces.cancel();
    throw err;
  }
  const traceCounts = await traces.finish(live);
  const plan = buildPlan({
    desired,
    live,
    traceCounts,
    targets: opts.targets,
    prune,
    manifestPath: opts.manifestPath,
    apiUrl: opts.apiUrl,
    now: new Date().toISOString(),
  });
  return { plan, live };
}
