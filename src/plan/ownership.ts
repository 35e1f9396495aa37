/**
 * galctl's ownership and protection markers (docs/ownership.md). What `--prune` may delete is only what galctl
 * owns; what is protected is never deleted or replaced. Apply writes the markers; normalization hides every
 * `galctl:` tag and label, so the manifest never lists them and they never show up as a diff.
 *
 * - scorers: tag `galctl:managed` (owned), tag `galctl:protected`; written with the create, so atomic.
 * - projects, datasets, templates, log streams, experiments: a row of galctl's inventory, the hidden org-level
 *   dataset `galctl-inventory` (columns kind, project, name, protected), written BEFORE the object is created.
 *   Galileo's project `labels` are the closed enum `ProjectLabels` = ["sample"] and the other kinds have no tags,
 *   so no marker can ride on those objects themselves (kubectl ApplySet / Flux keep an inventory the same way).
 * - datasets also keep their content hash in the current version's name (`galctl:sha256:<hex>`), so a no-op plan
 *   needs no rows; that name no longer says who owns the dataset.
 */
import type { DatasetEdit, DatasetRowRaw } from '../galileo/types.js';
import type { InventoryRow, InventoryState } from './types.js';

export const MARKER_PREFIX = 'galctl:';
export const OWNERSHIP_TAG = 'galctl:managed';
export const PROTECTED_MARKER = 'galctl:protected';
export const OWNED_DATASET_VERSION_PREFIX = 'galctl:';
export const PROTECTED_DATASET_VERSION_PREFIX = 'galctl:protected:';

export const isMarker = (value: string): boolean => value.startsWith(MARKER_PREFIX);

/** The list without galctl's markers (every `galctl:` value), sorted (tags and labels are sets). */
export function withoutMarkers(values: readonly string[] | null | undefined): string[] {
  return (values ?? []).filter((v) => !isMarker(v)).sort();
}

export function hasMarker(values: readonly string[] | null | undefined, marker: string): boolean {
  return (values ?? []).includes(marker);
}

/** Owned/protected as read from a live object's markers or from the inventory. */
export interface Ownership {
  owned: boolean;
  protected: boolean;
}

/** A scorer's tags. */
export function ownershipOfMarkers(values: readonly string[] | null | undefined): Ownership {
  return { owned: hasMarker(values, OWNERSHIP_TAG), protected: hasMarker(values, PROTECTED_MARKER) };
}

/** The name galctl gives a dataset version it creates (see plan/content-hash.ts for the hash). */
export function datasetVersionName(contentHash: string, protect: boolean): string {
  return `${protect ? PROTECTED_DATASET_VERSION_PREFIX : OWNED_DATASET_VERSION_PREFIX}sha256:${contentHash}`;
}

/** The tag markers to set and unset on a scorer (`protect:` on → the protection tag too). */
export function scorerMarkerChange(protect: boolean): { set: string[]; unset: string[] } {
  return protect ? { set: [OWNERSHIP_TAG, PROTECTED_MARKER], unset: [] } : { set: [OWNERSHIP_TAG], unset: [PROTECTED_MARKER] };
}

/**
 * The markers to send with a tag list: the user's values, then galctl's markers as they should be. `live` is what
 * the object carries now (undefined when creating); `set` is what to add, `unset` what to remove. Other galctl
 * markers already on the object are kept.
 */
export function withMarkers(
  userValues: readonly string[] | undefined,
  live: readonly string[] | null | undefined,
  change: { set?: readonly string[]; unset?: readonly string[] },
): string[] {
  const keep = (live ?? []).filter((v) => isMarker(v) && !(change.unset ?? []).includes(v));
  const base = userValues ?? withoutMarkers(live);
  return [...new Set([...base, ...keep, ...(change.set ?? [])])];
}

// ---- the inventory ----

/** The one org-level dataset where galctl lists what it owns. Never planned, pruned or exported. */
export const INVENTORY_DATASET_NAME = 'galctl-inventory';
export const INVENTORY_COLUMNS = ['kind', 'project', 'name', 'protected'] as const;
export const INVENTORY_KINDS = ['project', 'dataset', 'template', 'log_stream', 'experiment'] as const;
export type InventoryKind = (typeof INVENTORY_KINDS)[number];

export const isInventoryKind = (kind: string): kind is InventoryKind => (INVENTORY_KINDS as readonly string[]).includes(kind);

/** What identifies an inventory row: kind, project name ('' for org-level kinds) and name. */
export interface InventoryEntry {
  kind: InventoryKind;
  project: string;
  name: string;
}

export const inventoryKey = (e: InventoryEntry): string => `${e.kind}\u0000${e.project}\u0000${e.name}`;

/** An inventory dataset row → an InventoryRow; undefined for a row that is not one (an unknown kind, no name). */
export function parseInventoryRow(raw: DatasetRowRaw, columns: readonly string[]): InventoryRow | undefined {
  const value = (col: string): unknown => (raw.values_dict !== undefined ? raw.values_dict[col] : raw.values?.[columns.indexOf(col)]);
  const text = (col: string): string => {
    const v = value(col);
    return v === null || v === undefined ? '' : String(v);
  };
  const kind = text('kind');
  const name = text('name');
  if (!isInventoryKind(kind) || name === '') return undefined;
  const isProtected = value('protected');
  return { rowId: raw.row_id, kind, project: kind === 'project' || kind === 'dataset' ? '' : text('project'), name, protected: isProtected === true || String(isProtected).toLowerCase() === 'true' };
}

/** Whether galctl owns (and protects) an object, by kind, project name and name. */
export type OwnershipLookup = (e: InventoryEntry) => Ownership;

/** Who owns what, from the inventory's rows. Duplicate rows are harmless: one is enough, and any protected row protects. */
export function indexInventory(rows: readonly InventoryRow[]): OwnershipLookup {
  const byKey = new Map<string, boolean>();
  for (const r of rows) byKey.set(inventoryKey(r), (byKey.get(inventoryKey(r)) ?? false) || r.protected);
  return (e) => {
    const p = byKey.get(inventoryKey(e));
    return { owned: p !== undefined, protected: p ?? false };
  };
}

/** A row's cells as written to the dataset (strings: every Galileo dataset format keeps them as they are). */
export function inventoryValues(e: InventoryEntry & { protected: boolean }): Record<string, string> {
  return { kind: e.kind, project: e.project, name: e.name, protected: e.protected ? 'true' : 'false' };
}

/**
 * The edits that make the inventory list every wanted entry with its protection flag: `append_row` for an entry
 * with no row, `update_row` for each row whose flag differs. Entries already listed as wanted need nothing, so
 * claiming twice (a re-run, a second apply) never duplicates a row.
 */
export function claimEdits(inventory: InventoryState | undefined, want: readonly (InventoryEntry & { protected: boolean })[]): DatasetEdit[] {
  const rows = new Map<string, InventoryRow[]>();
  for (const r of inventory?.rows ?? []) rows.set(inventoryKey(r), [...(rows.get(inventoryKey(r)) ?? []), r]);
  const edits: DatasetEdit[] = [];
  const seen = new Set<string>();
  for (const w of want) {
    const key = inventoryKey(w);
    if (seen.has(key)) continue;
    seen.add(key);
    const have = rows.get(key) ?? [];
    if (have.length === 0) edits.push({ edit_type: 'append_row', values: inventoryValues(w) });
    for (const r of have) if (r.protected !== w.protected) edits.push({ edit_type: 'update_row', row_id: r.rowId, values: { protected: w.protected ? 'true' : 'false' } });
  }
  return edits;
}

/** `delete_row` for every row (duplicates included) of the given entries. */
export function releaseEdits(inventory: InventoryState | undefined, gone: readonly InventoryEntry[]): DatasetEdit[] {
  const keys = new Set(gone.map(inventoryKey));
  return (inventory?.rows ?? []).filter((r) => keys.has(inventoryKey(r))).map((r) => ({ edit_type: 'delete_row', row_id: r.rowId }));
}

/**
 * What a plan claims in the inventory before any step runs: every object of an inventory kind that the plan
 * creates, replaces, updates or versions, with its `protect:` flag. For an object galctl already owns this
 * changes nothing unless the flag moved; for an adopted object it is the first change galctl makes, which is
 * when adoption confers ownership (docs/ownership.md). No-ops claim nothing, so adoption alone writes nothing.
 */
export function planClaims(
  changes: readonly { kind: string; action: string; address: string; name: string; project?: string }[],
  protectOf: (address: string) => boolean | undefined,
): (InventoryEntry & { protected: boolean })[] {
  return changes.flatMap((c) => {
    if (!isInventoryKind(c.kind) || c.action === 'no-op' || c.action === 'delete') return [];
    const protect = protectOf(c.address);
    if (protect === undefined) return [];
    return [{ ...entryOf(c.kind, c.name, c.project), protected: protect }];
  });
}

/** The inventory entry of an object: org-level kinds have no project. */
export function entryOf(kind: InventoryKind, name: string, project: string | undefined): InventoryEntry {
  return { kind, project: kind === 'project' || kind === 'dataset' ? '' : (project ?? ''), name };
}
