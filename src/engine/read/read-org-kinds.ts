import type { Desired } from '../../core/desired-types.js';
import type { LiveResource, ResourceState, UnmanagedResource } from '../../core/plan-types.js';
import type { GalileoClient } from '../../galileo/create-client.js';
import type { OrgLiveRead } from '../../kinds/live-read.js';
import { KIND_LIST } from '../../kinds/registry.js';
import type { InventoryKind, OwnedObject, OwnershipLookup } from '../ownership.js';
import { findOne, liveResource } from './live-resource.js';
import { unmanagedOf } from './read-project-scopes.js';

/** What the org kinds' lists returned, by kind (phase 1 of readLiveState). */
export type OrgKindLists = ReadonlyMap<InventoryKind, OwnedObject[]>;

/** Every org kind with a live-read hook (KindDescriptor.orgLive): one list call each, in parallel. */
export async function listOrgKinds(client: GalileoClient): Promise<OrgKindLists> {
  const kinds = KIND_LIST.filter((k) => k.orgLive !== undefined);
  const lists = await Promise.all(kinds.map((k) => k.orgLive!.list(client)));
  return new Map(kinds.map((k, i) => [k.id as InventoryKind, lists[i]!]));
}

/**
 * The org kinds' declared objects, matched by name (or by the stack's inventory address after a rename) and
 * normalized by their kind (handed what galctl recorded when it last applied them), and the stack's objects that
 * the manifest no longer declares (only those: another team's integration is none of this stack's business).
 */
export async function readOrgKinds(
  client: GalileoClient,
  desired: Desired,
  lists: OrgKindLists,
  ownerOf: OwnershipLookup,
  renamedOf: (kind: InventoryKind, address: string) => string[],
): Promise<{ resources: LiveResource[]; unmanaged: UnmanagedResource[] }> {
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
      const ctx = { client, ...(ownership.recorded === undefined ? {} : { recorded: ownership.recorded }) };
      resources.push(Promise.resolve(read.normalize(found, ctx)).then((n) => liveResource(r.address, kind, found.id, { ...n, ...ownership })));
    }
    for (const x of listed) if (!matched.has(x.id) && ownerOf(kind, x).owned) unmanaged.push(unmanagedOf(kind, x, ownerOf));
  }
  return { resources: await Promise.all(resources), unmanaged };
}
