import { GalctlError } from '../../core/errors.js';
import { ApiError, isAlreadyExists, isNotFound } from '../../galileo/api-error.js';
import type { GalileoClient } from '../../galileo/create-client.js';
import { isStepOf, type DesiredStep, type DesiredStepOf, type StepKind } from '../../core/kind-map.js';
import type { LiveState, PlanChange } from '../../core/plan-types.js';
import type { IdRegistry } from './id-registry.js';
import type { Idle, StepResult } from './run-in-order.js';
import type { Counted } from './types.js';

/** What every step executor gets besides its change. */
import type { CiProvenance } from '../../runs/ci-provenance.js';

export interface StepContext {
  client: GalileoClient;
  /** desired plan steps by address (for deletes there is none) */
  steps: ReadonlyMap<string, DesiredStep>;
  live: LiveState;
  ids: IdRegistry;
  signal?: AbortSignal;
  /** traces per ingest request */
  batchSize?: number;
  /** bytes per ingest request, at most */
  batchBytes?: number;
  skipBadRecords?: boolean;
  /** runner experiments: call the application for the first N rows of the dataset only (apply --max-rows) */
  maxRows?: number;
  /** code validation polling interval */
  pollIntervalMs: number;
  /** the running step's: sleep (between polls) through it, so the step does not hold a slot meanwhile */
  idle?: Idle;
  /** directory the manifest's relative paths are shown against */
  manifestDir: string;
  /** the CI commit, branch and pull request a new experiment run is tagged with (issue 17); undefined outside CI */
  provenance?: CiProvenance;
  /** a step's progress note, with its measured progress when it has one (done/total of a unit) */
  progress(address: string, message: string, counted?: Counted): void;
  /** a traces step: `count` traces acknowledged by Galileo so far (the summary counts them even if the step fails) */
  landed(address: string, count: number): void;
  /**
   * A create answered "already exists": may this step take the object found? Throws when not (it appeared after
   * the plan, the stack did not create it, and the manifest does not say `adopt: true`).
   */
  mayAdopt(change: PlanChange, obj: { id: string }): Promise<void>;
}

export type StepExecutor = (change: PlanChange, ctx: StepContext) => Promise<StepResult>;

/** The desired step of kind `kind` behind a change (every change but a delete has one). */
export function desiredStepOf<K extends StepKind>(change: PlanChange, ctx: Pick<StepContext, 'steps'>, kind: K): DesiredStepOf<K> {
  const step = ctx.steps.get(change.address);
  if (step === undefined || !isStepOf(step, kind)) throw new GalctlError('apply-unknown-address', `${change.address} is not a ${kind} of the manifest`, { hint: 'make a new plan' });
  return step;
}

/**
 * Create, or adopt what is already there: a create answered "already exists", or one that failed in a way that may
 * have landed (connection dropped, 5xx), is followed by a lookup by name; when the object is found it is adopted.
 * `mayAdopt` vets an object that was there before this apply's first send (ctx.mayAdopt): one of ours that may
 * have landed needs no vetting.
 */
export async function createOrAdopt<T extends { id: string }>(
  create: () => Promise<T>,
  find: () => Promise<T | undefined>,
  mayAdopt?: (obj: T) => Promise<void>,
): Promise<{ obj: T; adopted: boolean }> {
  let adopted = false;
  let ours = false;
  const obj = await sendOrRecover(create, async (err) => {
    // "already exists" but not found by name: nothing to adopt, and re-sending would only be refused again
    const found = await find();
    if (found === undefined && isAlreadyExists(err)) throw err;
    if (found !== undefined && isAlreadyExists(err) && !ours) await mayAdopt?.(found);
    ours ||= err instanceof ApiError && err.maybeLanded;
    adopted = found !== undefined;
    return found;
  });
  return { obj, adopted };
}

/**
 * Sends of one write at most: the first, plus re-sends after checking that a failed one did not land (as many as
 * the client's attempts of a read: the client re-sends no create itself, whatever the status).
 */
export const MAX_SENDS = 6;

/**
 * Sends a non-idempotent write (a create). When it fails in a way that may have landed (a dropped connection, a
 * 5xx, a 429) or answers "already exists", `recover` looks at what is there now: the object it returns is the result; when
 * it returns undefined the write provably did not land, so it is sent again (at most MAX_SENDS in all). Without
 * the re-send, every 5xx on a create failed the step although the server had done nothing.
 */
export async function sendOrRecover<T>(send: () => Promise<T>, recover: (err: unknown) => Promise<T | undefined>): Promise<T> {
  for (let sends = 1; ; sends += 1) {
    try {
      return await send();
    } catch (err) {
      if (!isAlreadyExists(err) && !(err instanceof ApiError && err.maybeLanded)) throw err;
      const found = await recover(err);
      if (found !== undefined) return found;
      if (sends >= MAX_SENDS) throw err;
    }
  }
}

/** Deletes; a 404 means someone (or an earlier, interrupted run) already did. */
export async function deleteIdempotent(remove: () => Promise<void>, id: string | undefined): Promise<StepResult> {
  try {
    await remove();
    return { summary: 'deleted', ...(id === undefined ? {} : { id }) };
  } catch (err) {
    if (isNotFound(err)) return { summary: 'deleted (already gone)', ...(id === undefined ? {} : { id }) };
    throw err;
  }
}

export function needId(change: PlanChange): string {
  if (change.id === undefined) throw new GalctlError('apply-missing-id', `${change.address} has no Galileo id in the plan`, { hint: 'make a new plan' });
  return change.id;
}
