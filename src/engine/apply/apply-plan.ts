import { dirname } from 'node:path';
import { GalctlError } from '../../core/errors.js';
import type { GalileoClient } from '../../galileo/create-client.js';
import type { Desired } from '../../core/desired-types.js';
import { deleteRank } from '../plan-prune.js';
import { desiredSteps } from '../desired-state.js';
import type { LiveState, Plan, PlanChange } from '../../core/plan-types.js';
import { seedIdRegistry } from './id-registry.js';
import { runInOrder, type Idle } from './run-in-order.js';
import type { StepContext } from './step-context.js';
import { kindOf } from '../../kinds/registry.js';
import type { ApplyEvent, ApplyResult } from './types.js';
import { renameObject, renameOf } from './rename-object.js';
import { claimInInventory, inventoryConfirmer, tidyInventory } from './write-inventory.js';
import { entryOf, indexInventory, inventoryKey, isInventoryKind, planClaims, type Claim } from '../ownership.js';
import { findInventory } from '../read/read-inventory.js';
import type { CiProvenance } from '../../runs/ci-provenance.js';
import { DEFAULT_TRACE_BATCH_SIZE } from '../../traces/ingest-traces.js';

export interface ApplyPlanOptions {
  plan: Plan;
  desired: Desired;
  /** the live state the plan was made from (or re-read for a saved plan): ids and presets */
  live: LiveState;
  client: GalileoClient;
  /** requests in flight at once (the client's limit); default 8 */
  concurrency?: number;
  /**
   * steps in flight at once, not counting those sleeping between polls; default twice `concurrency`: a step spends
   * part of its time between its requests (or waiting for the client's slot), and the requests stay bounded by the
   * client's own limit
   */
  stepConcurrency?: number;
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
  /** runner experiments: the first N dataset rows only */
  maxRows?: number;
  /** code validation polling interval; default 1000 ms */
  pollIntervalMs?: number;
  /** CI provenance for new experiment runs' tags */
  provenance?: CiProvenance;
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
    const rank = deleteRank(c.kind) ?? 0;
    const earlier = deletes.filter((d) => (deleteRank(d.kind) ?? 0) < rank).map((d) => d.address);
    return { ...c, depends_on: [...new Set([...c.depends_on, ...earlier])] };
  });
}

/** The objects a delete or replace of this apply removed: their rows go once they are gone. */
function removedObjects(changes: readonly PlanChange[], result: ApplyResult): { kind: string; id: string }[] {
  const done = new Set(result.outcomes.filter((o) => (o.action === 'delete' || o.action === 'replace') && o.status === 'succeeded').map((o) => o.address));
  return changes.flatMap((c) => ((c.action === 'delete' || c.action === 'replace') && done.has(c.address) && c.id !== undefined ? [{ kind: c.kind, id: c.id }] : []));
}

/** Polls of the inventory while another apply of the same stack may be confirming an object it just created. */
const ADOPT_POLLS = 5;
const ADOPT_POLL_MS = 200;

/**
 * ctx.mayAdopt: an object that answered a create with "already exists" is taken when the manifest says
 * `adopt: true`, or when the stack's inventory confirms it as the stack's (another apply of the same manifest made
 * it a moment ago). Anything else appeared after the plan and is someone else's: the step stops and says so.
 */
function adoptGuard(client: GalileoClient, steps: StepContext['steps'], stack: string, signal: AbortSignal | undefined): StepContext['mayAdopt'] {
  return async (change, obj) => {
    if (steps.get(change.address)?.resource.adopt === true || !isInventoryKind(change.kind)) return;
    for (let poll = 1; poll <= ADOPT_POLLS; poll += 1) {
      const inventory = await findInventory(client);
      const owner = indexInventory(inventory?.rows ?? [], stack)(change.kind, { id: obj.id, name: change.name }, change.project);
      if (owner.owned && owner.unconfirmed !== true) return;
      if (poll < ADOPT_POLLS && signal?.aborted !== true) await new Promise((resolve) => setTimeout(resolve, ADOPT_POLL_MS));
    }
    const where = change.project === undefined ? '' : ` in project "${change.project}"`;
    throw new GalctlError('appeared-after-plan', `a ${change.kind.replace('_', ' ')} named "${change.name}"${where} appeared in Galileo after the plan was made, and galctl did not create it; this step was not applied`, {
      hint: 'add adopt: true to manage it, or rename one of them, then plan again',
    });
  };
}

/**
 * A change's weight for runInOrder's critical path first: a trace ingest counts its batches, anything else 1, so
 * the chain project → log stream → scorers → traces starts early and the ingest overlaps the creates (in its own
 * share of the client's slots) instead of running alone at the end.
 */
function stepWeight(batchSize: number): (change: PlanChange) => number {
  return (change) => 1 + Math.ceil((change.traces?.new ?? 0) / batchSize);
}

/**
 * Trace files an apply ingests at once: enough to keep the client's bulk share (a quarter of the slots) busy at
 * two batches in flight per file, and no more, since each file ingesting holds its read-ahead and worker threads
 * while the creates run beside it.
 */
export const ingestsAtOnce = (concurrency: number): number => Math.max(1, Math.floor(concurrency / 8));

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
  const stack = opts.desired.stack ?? '';
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
    mayAdopt: adoptGuard(opts.client, steps, stack, opts.signal),
    landed: (address, count) => void landed.set(address, count),
    ...(opts.signal === undefined ? {} : { signal: opts.signal }),
    ...(opts.batchSize === undefined ? {} : { batchSize: opts.batchSize }),
    ...(opts.batchBytes === undefined ? {} : { batchBytes: opts.batchBytes }),
    ...(opts.skipBadRecords === undefined ? {} : { skipBadRecords: opts.skipBadRecords }),
    ...(opts.maxRows === undefined ? {} : { maxRows: opts.maxRows }),
    ...(opts.provenance === undefined ? {} : { provenance: opts.provenance }),
  };
  const protectOf = (address: string): boolean | undefined => steps.get(address)?.protect;
  const claims = planClaims(changes, stack, protectOf);
  const inventory = claims.length === 0 ? opts.live.inventory : await claimInInventory(opts.client, opts.live.inventory, claims);
  const confirmer = inventoryConfirmer(opts.client, inventory);
  // a create is the stack's only once its claim carries the object's id: the step ends when that is written, and
  // waits for it without its slot (the confirmations go in batches, one write at a time: a step holding its slot
  // meanwhile left a third of the request slots idle while the one-request creates of templates ran)
  const runStep = async (change: PlanChange, idle: Idle) => {
    const rename = renameOf(change);
    if (rename !== undefined) await renameObject(change, rename, ctx);
    const done = await kindOf(change.kind).apply(change, { ...ctx, idle });
    const protect = protectOf(change.address);
    const recorded = done.digest !== undefined || change.action === 'create' || change.action === 'replace';
    if (recorded && isInventoryKind(change.kind) && done.id !== undefined && protect !== undefined) {
      const claim: Claim = { ...entryOf(change.kind, change.name, change.project, stack), protected: protect, id: done.id, address: change.address, ...(done.digest === undefined ? {} : { digest: done.digest }) };
      await idle(() => confirmer.confirm(claim));
    }
    return done;
  };
  const ran = await runInOrder(changes, runStep, {
    concurrency: opts.stepConcurrency ?? 2 * (opts.concurrency ?? 8),
    onError: opts.onError ?? 'abort',
    weight: stepWeight(opts.batchSize ?? DEFAULT_TRACE_BATCH_SIZE),
    capped: { is: (c) => c.action === 'ingest', max: ingestsAtOnce(opts.concurrency ?? 8) },
    ...(opts.signal === undefined ? {} : { signal: opts.signal }),
    ...(opts.onEvent === undefined ? {} : { onEvent: opts.onEvent }),
  });
  const result = withLanded(ran, landed);
  const gone = removedObjects(changes, result);
  // unconfirmed rows to drop: this apply's claims (now confirmed by their own row, or their create failed), and
  // the stack's claims that a killed apply left but a confirmed row has since superseded
  const confirmed = new Set((opts.live.inventory?.rows ?? []).filter((r) => r.id !== '' && r.stack === stack).map(inventoryKey));
  const superseded = (opts.live.inventory?.rows ?? []).filter((r) => r.id === '' && r.stack === stack && confirmed.has(inventoryKey(r)));
  const settled = [...claims, ...superseded];
  if (gone.length === 0 && settled.length === 0) return result;
  const started = performance.now();
  try {
    await tidyInventory(opts.client, inventory, stack, gone, settled);
  } catch (err) {
    // rows of deleted objects and unconfirmed claims stay until the next apply tidies; neither means ownership
    const outcome = {
      address: 'galctl-inventory',
      action: 'delete' as const,
      status: 'failed' as const,
      error: `could not tidy galctl's inventory (${gone.length} deleted object${gone.length === 1 ? '' : 's'}, ${settled.length} claim${settled.length === 1 ? '' : 's'} to settle): ${err instanceof Error ? err.message : String(err)}`,
      ms: Math.round(performance.now() - started),
    };
    opts.onEvent?.({ type: 'finish', outcome });
    return { ...result, outcomes: [...result.outcomes, outcome], ok: false };
  }
  return result;
}
