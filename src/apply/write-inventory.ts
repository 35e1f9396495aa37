import { GalctlError } from '../errors.js';
import { ApiError, isAlreadyExists, isNotFound } from '../galileo/api-error.js';
import type { GalileoClient } from '../galileo/create-client.js';
import { createDataset, patchDatasetContent } from '../galileo/datasets.js';
import { findInventory, readInventory } from '../galileo/read-inventory.js';
import type { DatasetEdit } from '../galileo/types.js';
import { claimEdits, INVENTORY_DATASET_NAME, inventoryValues, releaseEdits, type InventoryEntry } from '../plan/ownership.js';
import type { InventoryState } from '../plan/types.js';

/** Create or PATCH attempts when another apply edits (412) or creates the inventory meanwhile, or an answer is lost. */
const MAX_ATTEMPTS = 6;

type Claim = InventoryEntry & { protected: boolean };

const retryable = (err: unknown): boolean => err instanceof ApiError && (err.status === 412 || err.maybeLanded);

/**
 * One read-modify-write of the inventory: compute the edits against what was read, PATCH them with If-Match; on
 * 412 (someone else edited it), an answer lost in transit or a 404 (it was deleted), read again and recompute, so
 * an edit that landed is never made twice. `create` says what to do when the inventory does not exist.
 */
async function editInventory(
  client: GalileoClient,
  start: InventoryState | undefined,
  editsOf: (inv: InventoryState | undefined) => DatasetEdit[],
  create: (() => Promise<InventoryState | undefined>) | undefined,
): Promise<InventoryState | undefined> {
  let inventory = start;
  for (let attempt = 1; ; attempt += 1) {
    const edits = editsOf(inventory);
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
      inventory = await findInventory(client);
    }
  }
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
      (inv) => claimEdits(inv, claims),
      async () => {
        const rows = [...new Map(claims.map((c) => [`${c.kind}\u0000${c.project}\u0000${c.name}`, inventoryValues(c)])).values()];
        const d = await createDataset(client, { name: INVENTORY_DATASET_NAME, format: 'json', content: JSON.stringify(rows), hidden: true });
        return { id: d.id, etag: null, rows: [] };
      },
    );
  } catch (err) {
    throw new GalctlError('inventory-claim', `could not record in galctl's inventory (the dataset "${INVENTORY_DATASET_NAME}") what this apply will create: ${err instanceof Error ? err.message : String(err)}`, {
      hint: 'nothing was changed; run galctl apply again',
      cause: err,
    });
  }
}

/** After deletes: one PATCH removes their rows (all duplicates). Reads the inventory first (the claim changed it). */
export async function releaseFromInventory(client: GalileoClient, inventory: InventoryState | undefined, gone: readonly InventoryEntry[]): Promise<void> {
  if (gone.length === 0) return;
  const fresh = inventory === undefined ? await findInventory(client) : await readInventory(client, inventory.id).catch((err: unknown) => {
    if (isNotFound(err)) return undefined;
    throw err;
  });
  await editInventory(client, fresh, (inv) => releaseEdits(inv, gone), undefined);
}
