import type { Desired } from '../../core/desired-types.js';
import type { InventoryRow, LiveResource, ResourceState, UnmanagedResource } from '../../core/plan-types.js';
import type { GalileoClient } from '../../galileo/create-client.js';
import type { OrgLiveRead } from '../../kinds/live-read.js';
import { KIND_LIST } from '../../kinds/registry.js';
import type { InventoryKind, OwnedObject, OwnershipLookup } from '../ownership.js';
import { findOne, liveResource } from './live-resource.js';
import { unmanagedOf } from './read-project-scopes.js';

/** What the org kinds' lists returned, by kind (phase 1 of readLiveState). */
export type OrgKindLists = ReadonlyMap<InventoryKind, OwnedObject[]>;

const hooked = () => KIND_LIST.filter((k) => k.orgLive !== undefined);

/** The org kinds with a live-read hook (KindDescriptor.orgLive) that the manifest declares: one list call each, in parallel. */
export async function listOrgKinds(client: GalileoClient, desired: Desired): Promise<OrgKindLists> {
  const kinds = hooked().filter((k) => desired.resources.some((r) => r.kind === k.id));
  const lists = await Promise.all(kinds.map((k) => k.orgLive!.list(client)));
  return new Map(kinds.map((k, i) => [k.id as InventoryKind, lists[i]!]));
}

/**
 * The lists of the hooked kinds the manifest does not declare but the stack's inventory holds objects of (they may
 * be pruned): a manifest that never used a kind costs no call for it.
 */
async function listUndeclared(client: GalileoClient, desired: Desired, declared: OrgKindLists, rows: readonly InventoryRow[]): Promise<OrgKindLists> {
  const stack = desired.stack ?? '';
  const kinds = hooked().filter((k) => !declared.has(k.id as InventoryKind) && rows.some((r) => r.kind === k.id && r.stack === stack && r.id !== ''));
  const lists = await Promise.all(kinds.map((k) => k.orgLive!.list(client)));
  return new Map([...declared, ...kinds.map((k, i) => [k.id as InventoryKind, lists[i]!] as const)]);
}

/**
 * The org kinds' declared objects, matched by name (or by the stack's inventory address after a rename) and
 * normalized by their kind (handed the digest galctl recorded when it last applied them), and the stack's objects that
 * the manifest no longer declares (only those: another team's integration is none of this stack's business).
 */
export async function readOrgKinds(
  client: GalileoClient,
  desired: Desired,
  declared: OrgKindLists,
  inventory: readonly InventoryRow[],
  ownerOf: OwnershipLookup,
  renamedOf: (kind: InventoryKind, address: string) => string[],
): Promise<{ resources: LiveResource[]; unmanaged: UnmanagedResource[] }> {
  const lists = await listUndeclared(client, desired, declared, inventory);
  const resources: Promise<LiveResource>[] = [];
  const unmanaged: UnmanagedResource[] = [];
  for (const [kind, listed] of lists) {
    const { orgLive, label } = KIND_LIST.find((k) => k.id === kind)!;
    const read = orgLive as OrgLiveRead<ResourceState>;
    const matched = new Set<string>();
    for (const r of desired.resources.filter((x) => x.kind === kind)) {
      const found = findOne(listed, r.name, label) ?? listed.find((x) => renamedOf(kind, r.address).includes(x.id));
      if (found === undefined) continue;
      matched.add(found.id);
      const ownership = ownerOf(kind, found);
      const ctx = { client, ...(ownership.digest === undefined ? {} : { recorded: ownership.digest }) };
      resources.push(Promise.resolve(read.normalize(found, ctx)).then((n) => liveResource(r.address, kind, found.id, { ...n, ...ownership })));
    }
    for (const x of listed) if (!matched.has(x.id) && ownerOf(kind, x).owned) unmanaged.push(unmanagedOf(kind, x, ownerOf));
  }
  return { resources: await Promise.all(resources), unmanaged };
}
