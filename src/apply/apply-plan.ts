import { dirname } from 'node:path';
import { GalctlError } from '../errors.js';
import type { GalileoClient } from '../galileo/create-client.js';
import type { Desired } from '../manifest/types.js';
import { DELETE_RANK } from '../plan/plan-prune.js';
import { desiredSteps } from '../plan/desired-state.js';
import type { LiveState, Plan, PlanChange, StepKind } from '../plan/types.js';
import { seedIdRegistry } from './id-registry.js';
import { runInOrder } from './run-in-order.js';
import type { StepContext, StepExecutor } from './step-context.js';
import { applyDataset } from './steps/dataset.js';
import { applyExperiment } from './steps/experiment.js';
import { applyLogStream } from './steps/log-stream.js';
import { applyProject } from './steps/project.js';
import { applyScorerSettings } from './steps/scorer-settings.js';
import { applyScorer } from './steps/scorer.js';
import { applyTemplate } from './steps/template.js';
import { applyTraces } from './steps/traces.js';
import type { ApplyEvent, ApplyResult } from './types.js';
import { claimInInventory, releaseFromInventory } from './write-inventory.js';
import { entryOf, isInventoryKind, planClaims, type InventoryEntry } from '../plan/ownership.js';

const EXECUTORS: Record<StepKind, StepExecutor> = {
  project: applyProject,
  scorer: applyScorer,
  dataset: applyDataset,
  template: applyTemplate,
  log_stream: applyLogStream,
  experiment: applyExperiment,
  scorer_settings: applyScorerSettings,
  traces: applyTraces,
};

export interface ApplyPlanOptions {
  plan: Plan;
  desired: Desired;
  /** the live state the plan was made from (or re-read for a saved plan): ids and presets */
  live: LiveState;
  client: GalileoClient;
  /** steps in flight at once; default 8 */
  concurrency?: number;
  /** default abort */
  onError?: 'abort' | 'continue';
  /** replace (delete + create) experiments whose fixed inputs changed; never a protected one */
  allowReplace?: boolean;
  /** stops starting steps; the steps in flight finish */
  signal?: AbortSignal;
  onEvent?: (event: ApplyEvent) => void;
  /** traces per ingest request */
  batchSize?: number;
  /** bytes per ingest request, at most */
  batchBytes?: number;
  skipBadRecords?: boolean;
  /** code validation polling interval; default 1000 ms */
  pollIntervalMs?: number;
}

/** Refuses a plan with a replace that is not allowed, naming every such address and why, before anything runs. */
export function checkReplaces(changes: readonly PlanChange[], allowReplace: boolean): void {
  const replaces = changes.filter((c) => c.action === 'replace');
  const guarded = replaces.filter((c) => c.protect === true || !allowReplace);
  if (guarded.length === 0) return;
  const lines = guarded.map((c) => `  ${c.address}: ${c.reason ?? 'its fixed inputs changed'}`).join('\n');
  const anyProtected = guarded.some((c) => c.protect === true);
  throw new GalctlError('apply-replace-refused', `the plan replaces (deletes, then creates) ${guarded.length === 1 ? 'an object' : 'objects'}; nothing was changed:\n${lines}`, {
    hint: anyProtected
      ? 'a protected object is never replaced: remove `protect: true`, or give it a new name in the manifest'
      : 'run again with --allow-replace to delete and re-create them, or give them a new name in the manifest',
  });
}

/** Deletes also wait for the deletes of the kinds that must go first (a scorer after the runs that use it). */
function withDeleteOrder(changes: PlanChange[]): PlanChange[] {
  const deletes = changes.filter((c) => c.action === 'delete');
  if (deletes.length === 0) return changes;
  return changes.map((c) => {
    if (c.action !== 'delete') return c;
    const rank = DELETE_RANK[c.kind] ?? 0;
    const earlier = deletes.filter((d) => (DELETE_RANK[d.kind] ?? 0) < rank).map((d) => d.address);
    return { ...c, depends_on: [...new Set([...c.depends_on, ...earlier])] };
  });
}

/** The inventory entries of the deletes that succeeded: their rows go once the objects are gone. */
function deletedEntries(changes: readonly PlanChange[], result: ApplyResult): InventoryEntry[] {
  const done = new Set(result.outcomes.filter((o) => o.action === 'delete' && o.status === 'succeeded').map((o) => o.address));
  return changes.flatMap((c) => (c.action === 'delete' && done.has(c.address) && isInventoryKind(c.kind) ? [entryOf(c.kind, c.name, c.project)] : []));
}

/** A traces step that failed or was interrupted part-way still counts the traces Galileo acknowledged before. */
function withLanded(result: ApplyResult, landed: ReadonlyMap<string, number>): ApplyResult {
  if (landed.size === 0) return result;
  const outcomes = result.outcomes.map((o) => (o.ingested === undefined && (landed.get(o.address) ?? 0) > 0 ? { ...o, ingested: landed.get(o.address)! } : o));
  return { ...result, outcomes };
}

/**
 * Executes a plan against Galileo: every change but no-ops, in dependency order with bounded parallelism, each kind
 * by its executor (src/apply/steps/). Creates adopt what already exists, so a re-run after a crash or a
 * teammate's run finishes the job without duplicates. Before any step, one write of galctl's inventory claims
 * what the plan creates (write-inventory.ts); after the deletes, one write drops their rows. Throws (before doing
 * anything) for refused replaces and when the inventory cannot be written.
 */
export async function applyPlan(opts: ApplyPlanOptions): Promise<ApplyResult> {
  const allowReplace = opts.allowReplace ?? false;
  const changes = withDeleteOrder(opts.plan.changes.filter((c) => c.action !== 'no-op'));
  checkReplaces(changes, allowReplace);
  const steps = new Map(desiredSteps(opts.desired, opts.live.presets).map((s) => [s.address, s]));
  /** traces acknowledged per traces step, as they land */
  const landed = new Map<string, number>();
  const ctx: StepContext = {
    client: opts.client,
    steps,
    live: opts.live,
    ids: seedIdRegistry(opts.desired, opts.live),
    pollIntervalMs: opts.pollIntervalMs ?? 1000,
    manifestDir: dirname(opts.desired.file),
    progress: (address, message, counted) => opts.onEvent?.({ type: 'progress', address, message, ...(counted === undefined ? {} : { counted }) }),
    landed: (address, count) => void landed.set(address, count),
    ...(opts.signal === undefined ? {} : { signal: opts.signal }),
    ...(opts.batchSize === undefined ? {} : { batchSize: opts.batchSize }),
    ...(opts.batchBytes === undefined ? {} : { batchBytes: opts.batchBytes }),
    ...(opts.skipBadRecords === undefined ? {} : { skipBadRecords: opts.skipBadRecords }),
  };
  const claims = planClaims(changes, (address) => steps.get(address)?.protect);
  const inventory = claims.length === 0 ? opts.live.inventory : await claimInInventory(opts.client, opts.live.inventory, claims);
  const ran = await runInOrder(changes, (change) => EXECUTORS[change.kind](change, ctx), {
    concurrency: opts.concurrency ?? 8,
    onError: opts.onError ?? 'abort',
    ...(opts.signal === undefined ? {} : { signal: opts.signal }),
    ...(opts.onEvent === undefined ? {} : { onEvent: opts.onEvent }),
  });
  const result = withLanded(ran, landed);
  const gone = deletedEntries(changes, result);
  if (gone.length === 0) return result;
  const started = performance.now();
  try {
    await releaseFromInventory(opts.client, inventory, gone);
  } catch (err) {
    // the objects are gone; their rows stay until the next apply that deletes something (a row without an object is ignored)
    const outcome = {
      address: 'galctl-inventory',
      action: 'delete' as const,
      status: 'failed' as const,
      error: `could not remove ${gone.length} deleted object${gone.length === 1 ? '' : 's'} from galctl's inventory: ${err instanceof Error ? err.message : String(err)}`,
      ms: Math.round(performance.now() - started),
    };
    opts.onEvent?.({ type: 'finish', outcome });
    return { ...result, outcomes: [...result.outcomes, outcome], ok: false };
  }
  return result;
}
