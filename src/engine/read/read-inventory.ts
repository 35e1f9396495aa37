import { INVENTORY_DATASET_NAME } from '../../core/inventory-dataset.js';
import { parseInventoryRow } from '../ownership.js';
import type { InventoryRow, InventoryState } from '../../core/plan-types.js';
import type { GalileoClient } from '../../galileo/create-client.js';
import { getDatasetContent, queryDatasets } from '../../kinds/dataset/api.js';
import { findOne } from './live-resource.js';
import type { Dataset } from '../../galileo/types.js';

/** galctl's inventory dataset out of a dataset list, and the list without it (it is never planned or exported). */
export function splitInventory(datasets: readonly Dataset[]): { inventory: Dataset | undefined; datasets: Dataset[] } {
  return {
    inventory: findOne(datasets, INVENTORY_DATASET_NAME, 'inventory dataset'),
    datasets: datasets.filter((d) => d.name !== INVENTORY_DATASET_NAME),
  };
}

/**
 * The inventory's rows (one request per 1,000 rows, asked for at once when the list named its row count) and the
 * ETag to edit it with. Rows that are not galctl's shape are skipped.
 */
export async function readInventory(client: GalileoClient, inventory: Pick<Dataset, 'id' | 'num_rows'>): Promise<InventoryState> {
  const { id } = inventory;
  // every object's ownership waits for these pages: each takes the next free request slot
  const content = await getDatasetContent(client, id, { lane: 'first', rows: inventory.num_rows });
  const rows = content.rows.flatMap((r): InventoryRow[] => {
    const row = parseInventoryRow(r, content.columns);
    return row === undefined ? [] : [row];
  });
  return { id, etag: content.etag, rows };
}

/** Finds the inventory by name and reads it: undefined when it does not exist (apply's path; the reader lists it with the datasets). */
export async function findInventory(client: GalileoClient): Promise<InventoryState | undefined> {
  const { inventory } = splitInventory(await queryDatasets(client, { names: [INVENTORY_DATASET_NAME] }));
  return inventory === undefined ? undefined : readInventory(client, inventory);
}
