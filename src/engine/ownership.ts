/**
 * galctl's ownership and protection records (docs/ownership.md). What `--prune` may delete is only what the
 * manifest's stack owns; what is protected is never deleted or replaced. Normalization hides every `galctl:` tag
 * and label, so the manifest never lists them and they never show up as a diff.
 *
 * - every kind (scorers too: their tags are editable in Galileo's UI, so a tag cannot prove ownership): rows of
 *   galctl's inventory, the hidden org-level dataset `galctl-inventory` (columns kind, project, name, protected,
 *   stack, id). Apply claims a name BEFORE the create (id empty, "unconfirmed") and confirms it with the
 *   object's id once the create succeeded; only confirmed rows mean ownership, matched by kind and id. Galileo's
 *   project `labels` are the closed enum `ProjectLabels` = ["sample"] and the other kinds have no tags, so no
 *   marker can ride on the objects themselves (kubectl ApplySet / Flux keep an inventory the same way).
 * - older galctl versions tagged scorers `galctl:managed` / `galctl:protected`: those tags are still hidden from
 *   diffs and no longer read as ownership.
 * - datasets also keep their content hash in the current version's name (`galctl:sha256:<hex>`), so a no-op plan
 *   needs no rows; that name no longer says who owns the dataset.
 */
import type { DatasetEdit, DatasetRowRaw } from '../galileo/types.js';
import type { Kind } from '../core/desired-types.js';
import type { InventoryRow, InventoryState } from '../core/plan-types.js';
import { isKindId, KINDS } from '../kinds/registry.js';

export const MARKER_PREFIX = 'galctl:';
/** Legacy scorer tags of older galctl versions: hidden from diffs, no longer ownership, no longer written. */
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

/**
 * Owned (by the manifest's stack) and protected, as read from the inventory; `ownerStack`: another stack owns it;
 * `unconfirmed`: owned only through an unconfirmed claim that an interrupted apply left (see indexInventory).
 */
export interface Ownership {
  owned: boolean;
  protected: boolean;
  ownerStack?: string;
  unconfirmed?: boolean;
  /** a named stack looking at an object of the unnamed stack '': `adopt: true` moves it over */
  fromUnnamed?: boolean;
  /** what the stack recorded of what it last applied (a digest of what Galileo cannot read back) */
  digest?: string;
}

/**
 * Upgrading from galctl versions that marked scorers with the `galctl:managed` tag: for the unnamed stack only
 * (a manifest without `stack:`), such a scorer with no inventory row counts as owned but unconfirmed, so the
 * next plan confirms it into the inventory instead of asking for `adopt: true`. Named stacks never read tags, and
 * pruning needs a named stack, so a tag can never get anything deleted.
 */
export function legacyScorerOwnership(stack: string, ownership: Ownership, tags: readonly string[] | null | undefined): Ownership {
  if (stack !== '' || ownership.owned || ownership.ownerStack !== undefined || !hasMarker(tags, OWNERSHIP_TAG)) return ownership;
  return { owned: true, protected: hasMarker(tags, PROTECTED_MARKER), unconfirmed: true };
}

/** The name galctl gives a dataset version it creates (see plan/content-hash.ts for the hash). */
export function datasetVersionName(contentHash: string, { protect }: { protect: boolean }): string {
  return `${protect ? PROTECTED_DATASET_VERSION_PREFIX : OWNED_DATASET_VERSION_PREFIX}sha256:${contentHash}`;
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

/** A `stack:` name (the schema's pattern): what scopes ownership, recorded on every inventory row. */
export const STACK_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,62}$/;
/**
 * The stack a pull request preview (`galctl preview --id ID`) records what it creates under: `<stack>/preview/<id>`.
 * A `/` never appears in a `stack:` name, so no manifest can claim it; the stack it belongs to reads it as another
 * stack's (listed, never changed), and the preview sees its parent stack's objects as its own, so that it can use
 * them (a preview only ever plans no-ops on them: src/preview refuses anything else).
 */
export const PREVIEW_STACK_INFIX = '/preview/';
export const previewStack = (stack: string, id: string): string => `${stack}${PREVIEW_STACK_INFIX}${id}`;
/** The stack and preview id of a preview stack's name; undefined for any other stack. */
export function parsePreviewStack(stack: string): { stack: string; id: string } | undefined {
  const at = stack.lastIndexOf(PREVIEW_STACK_INFIX);
  return at < 0 ? undefined : { stack: stack.slice(0, at), id: stack.slice(at + PREVIEW_STACK_INFIX.length) };
}

/** The stack `galctl export` writes unless told otherwise. */
export const DEFAULT_EXPORT_STACK = 'exported';

export const INVENTORY_COLUMNS = ['kind', 'project', 'name', 'protected', 'stack', 'id', 'address', 'digest'] as const;
/** The kinds galctl records in the inventory: the manifest's resource kinds (each kind's `owned`). */
export type InventoryKind = Kind;

export const isInventoryKind = (kind: string): kind is InventoryKind => isKindId(kind) && KINDS[kind].owned;

/** Kinds that live at org level: their rows have no project. */
const isOrgKind = (kind: InventoryKind): boolean => KINDS[kind].scope === 'org';

/** What names a claim: kind, project name ('' for org-level kinds), name and the stack that claims it. */
export interface InventoryEntry {
  kind: InventoryKind;
  project: string;
  name: string;
  stack: string;
}

/** A claim as written: `id` empty until the create is confirmed; `address` the manifest's (renames follow it). */
export type Claim = InventoryEntry & { protected: boolean; id: string; address?: string; digest?: string };

export const inventoryKey = (e: InventoryEntry): string => `${e.kind}\u0000${e.project}\u0000${e.name}\u0000${e.stack}`;

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
  return {
    rowId: raw.row_id,
    kind,
    project: isOrgKind(kind) ? '' : text('project'),
    name,
    protected: isProtected === true || String(isProtected).toLowerCase() === 'true',
    stack: text('stack'),
    id: text('id'),
    ...(text('address') === '' ? {} : { address: text('address') }),
    ...(text('digest') === '' ? {} : { digest: text('digest') }),
    ...(typeof (raw.metadata?.updated_at ?? raw.metadata?.created_at) === 'string' ? { writtenAt: (raw.metadata?.updated_at ?? raw.metadata?.created_at)! } : {}),
  };
}

/** A live object as the ownership lookup needs it. */
export interface OwnedObject {
  id: string;
  name: string;
  created_at?: string;
}

/** Who owns a live object (of a kind, in a project for project-level kinds), as the manifest's stack sees it. */
export type OwnershipLookup = (kind: InventoryKind, obj: OwnedObject, project?: string) => Ownership;

/**
 * How long after its claim an object may appear and still be taken for the one an interrupted apply created (a
 * kill between a create and its confirmation). Later, or before the claim, it is someone else's.
 */
export const UNCONFIRMED_CLAIM_WINDOW_MS = 10 * 60_000;

/**
 * Who owns what, from the inventory. Ownership is a CONFIRMED row (with an id): an object is the stack's when a
 * row of that stack carries its kind and id; any protected row of the stack protects it. A row without an id
 * is a claim whose create never confirmed: apply removes those of failed creates, so one that stays was left by
 * an apply killed mid-step. It proves nothing for --prune, ever; it makes a same-named object `unconfirmed`
 * (the plan confirms it, or `adopt: true` is not needed) only when that object was made within
 * UNCONFIRMED_CLAIM_WINDOW_MS after the claim, as the killed apply's create would be. Duplicate rows are harmless.
 */
export function indexInventory(rows: readonly InventoryRow[], stack: string): OwnershipLookup {
  const mine = new Map<string, boolean>();
  const digests = new Map<string, string>();
  const others = new Map<string, string>();
  const unnamed = new Set<string>();
  const claimed = new Map<string, InventoryRow>();
  // a preview's stack also owns what its parent stack owns (previewStack)
  const parent = parsePreviewStack(stack)?.stack;
  for (const r of rows) {
    if (r.id === '') {
      if (r.stack === stack) claimed.set(inventoryKey(r), r);
      continue;
    }
    const key = `${r.kind}\u0000${r.id}`;
    if (r.stack === stack && r.digest !== undefined) digests.set(key, r.digest); // the last row written wins
    if (r.stack === stack || r.stack === parent) mine.set(key, (mine.get(key) ?? false) || r.protected);
    // the unnamed stack '' (manifests without stack:, and every row older galctl wrote) is nobody's to a named
    // stack: `adopt: true` moves its objects over; a named stack's objects are never another's to take
    else if (r.stack === '') unnamed.add(key);
    else if (!others.has(key)) others.set(key, r.stack);
  }
  return (kind, obj, project) => {
    const key = `${kind}\u0000${obj.id}`;
    const p = mine.get(key);
    if (p !== undefined) return { owned: true, protected: p, ...(digests.has(key) ? { digest: digests.get(key)! } : {}) };
    const other = others.get(key);
    if (other !== undefined) return { owned: false, protected: false, ownerStack: other };
    if (unnamed.has(key)) return { owned: false, protected: false, fromUnnamed: true };
    const claim = claimed.get(inventoryKey(entryOf(kind, obj.name, project, stack)));
    const after = claim?.writtenAt === undefined || obj.created_at === undefined ? NaN : Date.parse(obj.created_at) - Date.parse(claim.writtenAt);
    if (claim !== undefined && after >= 0 && after <= UNCONFIRMED_CLAIM_WINDOW_MS) return { owned: true, protected: claim.protected, unconfirmed: true };
    return { owned: false, protected: false };
  };
}

/** A row's cells as written to the dataset (strings: every Galileo dataset format keeps them as they are). */
export function inventoryValues(c: Claim): Record<string, string> {
  return { kind: c.kind, project: c.project, name: c.name, protected: c.protected ? 'true' : 'false', stack: c.stack, id: c.id, address: c.address ?? '', ...(c.digest === undefined ? {} : { digest: c.digest }) };
}

/**
 * The Galileo ids of what the stack created at a manifest address (its confirmed rows), following `moved:` (the
 * old address of a new one): how a plan finds an object whose name changed (a rename, docs/ownership.md). For a
 * project's child, rows recorded under any project key count too (the project itself may have been moved since):
 * the caller only takes an id found among that project's children.
 */
export function addressIndex(rows: readonly InventoryRow[], stack: string, moved: readonly { from: string; to: string }[] = []): (kind: InventoryKind, address: string) => string[] {
  const mine = rows.filter((r) => r.stack === stack && r.id !== '' && r.address !== undefined);
  const from = new Map(moved.map((m) => [m.to, m.from]));
  const childKey = (address: string): string | undefined => (address.split('.').length === 4 ? address.split('.').slice(2).join('.') : undefined);
  return (kind, address) => {
    const wanted = [address, ...(from.has(address) ? [from.get(address)!] : [])];
    const keys = new Set(wanted.flatMap((w) => childKey(w) ?? []));
    return mine.filter((r) => r.kind === kind && (wanted.includes(r.address!) || (keys.size > 0 && keys.has(childKey(r.address!) ?? '')))).map((r) => r.id);
  };
}

/**
 * The edits that make the inventory hold every wanted claim with its protection flag. A claim without an id (a
 * create to come) reuses an unconfirmed row of the same name and stack; a claim with an id (an object the stack
 * owns or adopts) updates the stack's rows of that id, or appends a confirmed row. Claiming twice (a re-run, a
 * second apply) never duplicates a row.
 */
export function claimEdits(inventory: InventoryState | undefined, want: readonly Claim[], opts: { redate?: boolean } = {}): DatasetEdit[] {
  const redate = opts.redate ?? true;
  const rows = inventory?.rows ?? [];
  const edits: DatasetEdit[] = [];
  const seen = new Set<string>();
  for (const w of want) {
    const key = `${inventoryKey(w)}\u0000${w.id}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const have = w.id === '' ? rows.filter((r) => r.id === '' && inventoryKey(r) === inventoryKey(w)) : rows.filter((r) => r.id === w.id && r.kind === w.kind && r.stack === w.stack);
    if (have.length === 0) edits.push({ edit_type: 'append_row', values: inventoryValues(w) });
    for (const r of have) {
      const values: Record<string, string> = {};
      // a re-claimed name is claimed anew: rewriting the row dates the claim (indexInventory's window)
      // (not when re-reading after a lost answer: the edit that was lost has dated it, or a retry would never end)
      if (r.protected !== w.protected || (w.id === '' && redate)) values['protected'] = w.protected ? 'true' : 'false';
      if (r.name !== w.name || r.project !== w.project) Object.assign(values, { name: w.name, project: w.project });
      if (w.address !== undefined && r.address !== w.address) values['address'] = w.address;
      if (w.digest !== undefined && r.digest !== w.digest) values['digest'] = w.digest;
      if (Object.keys(values).length > 0) edits.push({ edit_type: 'update_row', row_id: r.rowId, values });
    }
  }
  return edits;
}

/**
 * `delete_row` for every row (duplicates included) of the objects that are gone (by kind and id, in `stack`),
 * and for the stack's unconfirmed claims of `settled` names: once apply has run, a claim is either confirmed by
 * its own row or was never made good (a failed create), and must not linger.
 */
export function releaseEdits(inventory: InventoryState | undefined, stack: string, gone: readonly { kind: string; id: string }[], settled: readonly InventoryEntry[] = []): DatasetEdit[] {
  const ids = new Set(gone.map((g) => `${g.kind}\u0000${g.id}`));
  const names = new Set(settled.map(inventoryKey));
  return (inventory?.rows ?? [])
    .filter((r) => r.stack === stack && ((r.id !== '' && ids.has(`${r.kind}\u0000${r.id}`)) || (r.id === '' && names.has(inventoryKey(r)))))
    .map((r) => ({ edit_type: 'delete_row', row_id: r.rowId }));
}

/**
 * What a plan claims in the inventory before any step runs: every object that the plan creates (no id yet) or
 * replaces, updates or versions (its id), with its `protect:` flag. For an object the stack already owns this
 * changes nothing unless the flag moved; for an adopted object it is the first change galctl makes, which is
 * when adoption confers ownership (docs/ownership.md). No-ops claim nothing, so adoption alone writes nothing.
 */
export function planClaims(
  changes: readonly { kind: string; action: string; address: string; name: string; project?: string; id?: string }[],
  stack: string,
  protectOf: (address: string) => boolean | undefined,
): Claim[] {
  return changes.flatMap((c) => {
    if (!isInventoryKind(c.kind) || c.action === 'no-op' || c.action === 'delete') return [];
    const protect = protectOf(c.address);
    if (protect === undefined) return [];
    const fresh = c.action === 'create' || c.action === 'replace' || c.id === undefined;
    return [{ ...entryOf(c.kind, c.name, c.project, stack), protected: protect, id: fresh ? '' : c.id!, address: c.address }];
  });
}

/** The inventory entry of an object: org-level kinds have no project. */
export function entryOf(kind: InventoryKind, name: string, project: string | undefined, stack: string): InventoryEntry {
  return { kind, project: isOrgKind(kind) ? '' : (project ?? ''), name, stack };
}
