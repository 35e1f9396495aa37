import type { Desired, DesiredResource } from '../../core/desired-types.js';
import type { StepKind } from '../../core/kind-map.js';
import type { LiveResource, LiveRun, ResourceState, UnmanagedResource } from '../../core/plan-types.js';
import type { Normalized } from '../normalize-live.js';
import type { GalileoClient } from '../../galileo/create-client.js';
import type { ProjectDB, Scorer } from '../../galileo/types.js';
import { KIND_LIST } from '../../kinds/registry.js';
import type { FoundRun, ListedObject } from '../../kinds/live-read.js';
import { isInventoryKind, type InventoryKind, type OwnedObject, type Ownership, type OwnershipLookup } from '../ownership.js';
import { findOne, liveResource } from './live-resource.js';
import { appendAll } from '../../core/append-all.js';

/** The kinds that live inside a project and read themselves (KindDescriptor.live), in registry order. */
const projectKinds = () => KIND_LIST.filter((k) => k.scope === 'project' && k.live !== undefined);

/** Everything of every project kind in one project (`wanted`: the names the manifest declares there, by kind). */
export async function listProject(client: GalileoClient, project: ProjectDB, wanted: (kind: StepKind) => string[] = () => []): Promise<Map<StepKind, OwnedObject[]>> {
  const kinds = projectKinds();
  const lists = await Promise.all(kinds.map((k) => k.live!.list(client, project.id, wanted(k.id))));
  return new Map(kinds.map((k, i) => [k.id, lists[i] ?? []]));
}

/** What listProject found, as the cautions see it. */
export const listedOf = (project: ProjectDB, lists: ReadonlyMap<StepKind, OwnedObject[]>): ListedObject[] =>
  [...lists].flatMap(([kind, objects]) => objects.map((object) => ({ kind, project: project.name, object })));

/**
 * Per managed project that exists (`orgLists`: what the reader listed of the org kinds, for naming ids): every project kind's objects (one list call per kind), matched to the
 * manifest's by name (or by the stack's inventory, for a rename), then, as soon as the project is matched, per run
 * found its sub-steps (scorer settings). With prune, everything else in those projects is reported as unmanaged; it counts as galctl's when
 * galctl's inventory lists it (`ownerOf`, engine/ownership.ts).
 */
export async function readProjectScopes(
  client: GalileoClient,
  desired: Desired,
  projectByKey: ReadonlyMap<string, ProjectDB>,
  orgLists: Promise<ReadonlyMap<StepKind, readonly OwnedObject[]>>,
  opts: {
    /** the org's custom scorers and the presets: awaited once a project's lists are in */
    scorers: Promise<readonly Scorer[]>;
    ownerOf: Promise<OwnershipLookup>;
    renamedOf: Promise<(kind: InventoryKind, address: string) => string[]>;
    /** the completed desired state: an experiment's current run is named by its inputs' fingerprint */
    complete: Promise<Readonly<Desired>>;
    /** called as each run is found (ReadLiveStateOptions.onRunFound) */
    onRunFound?: (run: LiveResource, projectId: string) => void;
    /** called once every project is matched: each run's reads are under way */
    onMatched?: () => void;
  },
): Promise<{ resources: LiveResource[]; unmanaged: UnmanagedResource[]; listed: ListedObject[]; runs: Record<string, LiveRun[]> }> {
  const resources: LiveResource[] = [];
  const history: Record<string, LiveRun[]> = {};
  const unmanaged: UnmanagedResource[] = [];
  const listed: ListedObject[] = [];
  const namesOf = (objects: readonly OwnedObject[] = []) => new Map(objects.map((x) => [x.id, x.name]));
  // the manifest's resources by kind and project (one pass, not one per project and kind)
  const declared = new Map<string, DesiredResource[]>();
  for (const r of desired.resources) {
    if (!('project' in r) || typeof r.project !== 'string') continue;
    const at = `${r.kind}\u0000${r.project}`;
    const list = declared.get(at);
    if (list === undefined) declared.set(at, [r]);
    else list.push(r);
  }
  for (const kind of projectKinds()) kind.live!.prepare?.(opts.complete);
  // each project's runs are read as soon as it is matched, not after every project's lists
  const runReads: Promise<LiveResource[]>[] = [];

  await Promise.all(
    [...projectByKey].map(async ([key, project]) => {
      // everything in the project: the stack's children the manifest dropped are found among them
      const wantedOf = (kind: StepKind): DesiredResource[] => declared.get(`${kind}\u0000${key}`) ?? [];
      const lists = await listProject(client, project, (kind) => wantedOf(kind).map((r) => r.name));
      appendAll(listed, listedOf(project, lists));
      const ownerOf = await opts.ownerOf;
      const renamedOf = await opts.renamedOf;
      const org = await orgLists;
      const named = new Map<StepKind, ReadonlyMap<string, string>>();
      const names = (kind: StepKind): ReadonlyMap<string, string> => {
        let found = named.get(kind);
        if (found === undefined) named.set(kind, (found = namesOf(lists.get(kind) ?? org.get(kind))));
        return found;
      };
      const matched = new Set<string>();
      const projectRuns: FoundRun[] = [];
      for (const kind of projectKinds()) {
        const live = lists.get(kind.id) ?? [];
        const wanted = wantedOf(kind.id);
        const ownership = (x: OwnedObject) => (isInventoryKind(kind.id) ? ownerOf(kind.id, x, project.name) : {});
        for (const w of wanted) {
          const ownershipOf = (x: OwnedObject): Ownership => (isInventoryKind(kind.id) ? ownerOf(kind.id, x, project.name) : { owned: false, protected: false });
          const match = kind.live!.match === undefined ? undefined : await kind.live!.match(w, live, { client, complete: opts.complete, ownershipOf });
          if (match !== undefined) {
            for (const id of match.belonging) matched.add(id);
            if (match.history !== undefined) history[w.address] = match.history;
          }
          // by name, else the stack's object declared at this address under another name (a rename)
          const found =
            match !== undefined
              ? match.found
              : (findOne(live, w.name, `${kind.label} in project "${project.name}"`) ?? live.find((x) => isInventoryKind(kind.id) && renamedOf(kind.id, w.address).includes(x.id) && !matched.has(x.id)));
          if (found === undefined) continue;
          matched.add(found.id);
          const { digest } = ownership(found) as Ownership;
          const normalized: Normalized<ResourceState> = kind.live!.normalize(found, { projectId: project.id, names, ...(digest === undefined ? {} : { recorded: digest }) });
          const resource = liveResource(w.address, kind.id, found.id, { ...normalized, ...ownership(found) });
          resources.push(resource);
          if (kind.live!.run === true) {
            projectRuns.push({ address: w.address, projectId: project.id, runId: found.id });
            opts.onRunFound?.(resource, project.id);
          }
        }
        const keep = new Set(wanted.map((w) => w.name));
        for (const x of live) if (!keep.has(x.name) && !matched.has(x.id)) unmanaged.push(unmanagedOf(kind.id, x, ownerOf, project.name));
      }
      for (const kind of KIND_LIST) {
        if (kind.readRuns === undefined || projectRuns.length === 0) continue;
        const read = kind.readRuns(client, projectRuns, { scorers: opts.scorers });
        read.catch(() => undefined); // awaited below, once every project is in
        runReads.push(read);
      }
    }),
  );

  opts.onMatched?.();
  for (const read of runReads) appendAll(resources, await read);
  return { resources, unmanaged, listed, runs: history };
}

/** An undeclared object as the stack sees it: owned, protected, or another stack's. */
export function unmanagedOf(kind: UnmanagedResource['kind'], x: OwnedObject, ownerOf: OwnershipLookup, project?: string): UnmanagedResource {
  const n = ownerOf(kind as 'project', x, project);
  return {
    kind,
    name: x.name,
    id: x.id,
    ...(project === undefined ? {} : { project }),
    // an unconfirmed claim never makes an object the stack's to delete
    owned: n.owned && n.unconfirmed !== true,
    ...(n.protected ? { protected: true, reason: 'protected' } : {}),
    ...(n.ownerStack === undefined ? {} : { owner_stack: n.ownerStack, reason: `owned by stack "${n.ownerStack}"` }),
  };
}
