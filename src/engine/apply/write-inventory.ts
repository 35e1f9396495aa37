import { GalctlError } from '../../core/errors.js';
import { ApiError, isAlreadyExists, isNotFound } from '../../galileo/api-error.js';
import type { GalileoClient } from '../../galileo/create-client.js';
import { createDataset, patchDatasetContent } from '../../kinds/dataset/api.js';
import { findInventory, readInventory } from '../read/read-inventory.js';
import type { DatasetEdit } from '../../galileo/types.js';
import { claimEdits, inventoryKey, inventoryValues, releaseEdits, type Claim, type InventoryEntry } from '../ownership.js';
import { INVENTORY_DATASET_NAME } from '../../core/inventory-dataset.js';
import type { InventoryState } from '../../core/plan-types.js';

/** Create or PATCH attempts when another apply edits (412) or creates the inventory meanwhile, or an answer is lost. */
const MAX_ATTEMPTS = 6;

const retryable = (err: unknown): boolean => err instanceof ApiError && (err.status === 412 || err.maybeLanded);

/**
 * One read-modify-write of the inventory: compute the edits against what was read, PATCH them with If-Match; on
 * 412 (someone else edited it), an answer lost in transit or a 404 (it was deleted), read again and recompute, so
 * an edit that landed is never made twice. `create` says what to do when the inventory does not exist.
 */
async function editInventory(
  client: GalileoClient,
  start: InventoryState | undefined,
  editsOf: (inv: InventoryState | undefined, afterLostAnswer: boolean) => DatasetEdit[],
  create: (() => Promise<InventoryState | undefined>) | undefined,
): Promise<InventoryState | undefined> {
  let inventory = start;
  let lostAnswer = false; // the last attempt may have landed: a re-claim need not date the claim again
  for (let attempt = 1; ; attempt += 1) {
    const edits = editsOf(inventory, lostAnswer);
    if (edits.length === 0) return inventory;
    try {
      if (inventory === undefined) {
        if (create === undefined) return undefined;
        return await create();
      }
      if (inventory.etag === null) {
        throw new GalctlError('inventory-no-etag', `GET /datasets/${inventory.id}/content sent no ETag, so galctl's inventory cannot be edited safely`);
      }
      const etag = await patchDatasetContent(client, inventory.id, inventory.etag, edits);
      return { ...inventory, etag, rows: [] }; // rows re-read when needed (the new rows' ids are the server's)
    } catch (err) {
      const again = retryable(err) || isAlreadyExists(err) || (inventory !== undefined && isNotFound(err));
      if (!again || attempt >= MAX_ATTEMPTS) throw err;
      lostAnswer = err instanceof ApiError && err.maybeLanded;
      inventory = await findInventory(client);
    }
  }
}

/** Creates the inventory (hidden) holding the given claims, each once. */
async function createInventory(client: GalileoClient, claims: readonly Claim[]): Promise<InventoryState> {
  const rows = [...new Map(claims.map((c) => [`${inventoryKey(c)}\u0000${c.id}`, inventoryValues(c)])).values()];
  const d = await createDataset(client, { name: INVENTORY_DATASET_NAME, format: 'json', content: JSON.stringify(rows), hidden: true });
  return { id: d.id, etag: null, rows: [] };
}

/**
 * WRITE-AHEAD: before any step runs, one PATCH of galctl's inventory lists every object the plan will create (or
 * adopt and change) as galctl's, with its protection flag. Creates the inventory (hidden) when there is none; a
 * create answered "already exists" means another apply made it: read it and go on. A crash after this and before
 * the create leaves a row without an object, which the next plan ignores and the next claim does not repeat.
 */
export async function claimInInventory(client: GalileoClient, inventory: InventoryState | undefined, claims: readonly Claim[]): Promise<InventoryState | undefined> {
  try {
    return await editInventory(
      client,
      inventory,
      (inv, afterLostAnswer) => claimEdits(inv, claims, { redate: !afterLostAnswer }),
      () => createInventory(client, claims),
    );
  } catch (err) {
    throw new GalctlError('inventory-claim', `could not record in galctl's inventory (the dataset "${INVENTORY_DATASET_NAME}") what this apply will create: ${err instanceof Error ? err.message : String(err)}`, {
      hint: 'nothing was changed; run galctl apply again',
      cause: err,
    });
  }
}

/**
 * After apply: one PATCH removes the rows of the objects it deleted (all duplicates) and the stack's unconfirmed
 * claims of the names it tried to create (each is now confirmed by its own row, or its create failed and the
 * claim must not stay to take a same-named object someone makes later). Reads the inventory first.
 */
export async function tidyInventory(client: GalileoClient, inventory: InventoryState | undefined, stack: string, gone: readonly { kind: string; id: string }[], settled: readonly InventoryEntry[]): Promise<void> {
  if (gone.length === 0 && settled.length === 0) return;
  const fresh = inventory === undefined ? await findInventory(client) : await readInventory(client, inventory).catch((err: unknown) => {
    if (isNotFound(err)) return undefined;
    throw err;
  });
  await editInventory(client, fresh, (inv) => releaseEdits(inv, stack, gone, settled), undefined);
}

/**
 * Confirms claims as their creates succeed: `confirm` appends a row with the object's id and resolves once it is
 * written. Confirmations that arrive while a write is in flight go together in the next one, so a wide apply
 * makes few writes. Only a confirmed row means ownership (plan/ownership.ts).
 */
export function inventoryConfirmer(client: GalileoClient, start: InventoryState | undefined): { confirm(claim: Claim): Promise<void> } {
  let inventory = start;
  let queue: { claim: Claim; done: (err?: unknown) => void }[] = [];
  let writing: Promise<void> | undefined;
  const flush = async (): Promise<void> => {
    while (queue.length > 0) {
      const batch = queue;
      queue = [];
      const claims = batch.map((b) => b.claim);
      try {
        // a digest updates the object's row: the rows must have been read (a claim's PATCH leaves none)
        const needRows = claims.some((c) => c.digest !== undefined) && inventory?.rows.length === 0;
        if (inventory === undefined || inventory.etag === null || needRows) inventory = await findInventory(client);
        // edits against what was read: a confirmation whose answer was lost is found on the re-read, not appended twice
        inventory = await editInventory(client, inventory, (inv) => claimEdits(inv, claims), () => createInventory(client, claims));
        for (const b of batch) b.done();
      } catch (err) {
        for (const b of batch) b.done(err);
      }
    }
  };
  const kick = (): void => {
    if (writing !== undefined) return;
    writing = flush().finally(() => {
      writing = undefined;
      if (queue.length > 0) kick();
    });
  };
  return {
    confirm(claim) {
      return new Promise<void>((resolve, reject) => {
        queue.push({ claim, done: (err) => (err === undefined ? resolve() : reject(err instanceof Error ? err : new Error(String(err)))) });
        kick();
      });
    },
  };
}
