import { GalctlError } from '../core/errors.js';
import type { GalileoClient } from '../galileo/create-client.js';
import { readLiveState, type EarlyOrgLists } from '../engine/read/read-live-state.js';
import type { Desired } from '../core/desired-types.js';
import { buildPlan, prepareDesired } from '../engine/build-plan.js';
import type { LiveState, Plan } from '../core/plan-types.js';
import { startTraceCounts } from './read-trace-counts.js';
import { readRunnerCounts } from '../runner/read-runner-counts.js';
import { providerWarnings } from '../kinds/integration/provider-warnings.js';

export interface MakePlanOptions {
  prune: boolean;
  targets: string[];
  /** the manifest as shown to the user */
  manifestPath: string;
  apiUrl: string;
  signal?: AbortSignal;
  /**
   * the manifest's second stage (loadManifestStaged): the completed desired state, whose datasets' contents are
   * compared once it resolves; undefined (the file contents had problems) fails the plan. Default: `desired` is complete.
   */
  complete?: Promise<Desired | undefined>;
  /** the org's lists, started as soon as the manifest's YAML was parsed (startOrgLists) */
  orgLists?: EarlyOrgLists;
}

/**
 * read live state (while the trace ids are derived; each run's traces counted as soon as the read finds it) → buildPlan: the pipeline `plan` and
 * `apply` share.
 */
export async function makePlan(client: GalileoClient, desired: Desired, opts: MakePlanOptions): Promise<{ plan: Plan; live: LiveState; desired: Desired }> {
  const prune = opts.prune || desired.prune === true;
  if (prune && desired.stack === undefined) {
    throw new GalctlError('prune-without-stack', `${opts.manifestPath} has no stack:, so galctl cannot tell which objects this manifest owns and refuses to prune`, {
      hint: 'add a line such as `stack: support-bot` (one name per manifest sharing the org; docs/ownership.md), apply, then prune',
    });
  }
  const traces = startTraceCounts(client, desired, opts.signal);
  const ready = (opts.complete ?? Promise.resolve(desired)).then((full) => {
    if (full === undefined) throw new GalctlError('manifest-invalid', `${opts.manifestPath} has problems`, { exitCode: 1 });
    return full;
  });
  ready.catch(() => undefined); // awaited below
  // models no integration serves (issue 23): GET /integrations only when the manifest does not declare their provider
  const warningsRead = ready.then((full) => providerWarnings(client, full));
  warningsRead.catch(() => undefined); // awaited below
  // the plan's desired half (its steps, their order, its hash) is made while the last answers of the live read come
  // in: the main thread has time then, not while the read starts
  let readQueued: (presets: Record<string, string>) => void = () => undefined;
  const prepared = Promise.all([ready, new Promise<Record<string, string>>((resolve) => (readQueued = resolve))]).then(([full, presets]) => prepareDesired(full, presets));
  prepared.catch(() => undefined); // awaited below
  let live: LiveState;
  let full: Desired;
  try {
    [live, full] = await Promise.all([
      readLiveState(client, desired, { datasetsReady: ready, onRunFound: (run, projectId) => traces.found(run, projectId), onReadQueued: readQueued, ...(opts.orgLists === undefined ? {} : { orgLists: opts.orgLists }) }),
      ready,
    ]);
  } catch (err) {
    traces.cancel();
    throw err;
  }
  // runner experiments (issue 19): the rows their application still has to answer
  const traceCounts = { ...(await traces.finish(live, full)), ...(await readRunnerCounts(client, live, full)) };
  const plan = buildPlan({
    prepared: await prepared,
    desired: full,
    live,
    traceCounts,
    targets: opts.targets,
    prune,
    manifestPath: opts.manifestPath,
    apiUrl: opts.apiUrl,
    now: new Date().toISOString(),
  });
  const warnings = await warningsRead;
  return { plan: warnings.length === 0 ? plan : { ...plan, warnings }, live, desired: full };
}
