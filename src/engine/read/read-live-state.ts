import type { Desired, DesiredDataset, DesiredScorer } from '../../core/desired-types.js';
import { indexDesired } from '../../core/desired-index.js';
import { normalizeDataset, normalizeProject, normalizeScorer } from '../normalize-live.js';
import type { LiveResource, LiveState, UnmanagedResource } from '../../core/plan-types.js';
import type { GalileoClient } from '../../galileo/create-client.js';
import { getDatasetContent, getLatestDatasetVersion, queryDatasets } from '../../kinds/dataset/api.js';
import { findOne, liveResource, nameIndex } from './live-resource.js';
import { mapInSlices } from '../../core/map-in-slices.js';
import { listProjects } from '../../kinds/project/api.js';
import { listedOf, listProject, readProjectScopes, unmanagedOf } from './read-project-scopes.js';
import { getScorerCode, listScorers } from '../../kinds/scorer/api.js';
import { addressIndex, indexInventory, legacyScorerOwnership, type InventoryKind, type OwnedObject, type OwnershipLookup } from '../ownership.js';
import type { StepKind } from '../../core/kind-map.js';
import { readInventory, splitInventory } from './read-inventory.js';
import { addCautions } from './read-cautions.js';
import { listOrgKinds, readOrgKinds } from './read-org-kinds.js';
import type { ListedObject } from '../../kinds/live-read.js';
import type { Dataset, ProjectDB, Scorer } from '../../galileo/types.js';
import { appendAll } from '../../core/append-all.js';
import { dirname } from 'node:path';
import { recordedVersions, type RecordedVersions } from './recorded-versions.js';
import type { ListPageHints, OrgList } from './list-page-hints.js';
import type { ListPaging } from '../../galileo/paginate.js';

export interface ReadLiveStateOptions {
  /**
   * the completed desired state, with the datasets' rows and content hashes (plan reads dataset files while this
   * read is in flight: loadManifestStaged's second stage); each dataset's comparison waits for it. Default: the
   * desired state given is complete.
   */
  datasetsReady?: Promise<Readonly<Desired>>;
  /** the org's lists, started before the manifest's files were read (startOrgLists); default: listed now */
  orgLists?: EarlyOrgLists;
  /** called as each run (an experiment's, a log stream) is found, before the rest of the read: its traces are counted meanwhile */
  onRunFound?: (run: LiveResource, projectId: string) => void;
  /**
   * called once every request the read needs is under way (each run's settings queued), with the presets' ids
   * (LiveState.presets, the same object): what waits for the live read can be prepared while the answers come in
   */
  onReadQueued?: (presets: Record<string, string>) => void;
}

/** The org-level lists that need nothing from the manifest: every project, custom scorer and dataset. */
export interface OrgLists {
  projects: ProjectDB[];
  scorers: Scorer[];
  datasets: Dataset[];
}

/**
 * Starts the org-level lists (readLiveState's phase 1, presets aside): they need only a client, so plan starts them
 * as soon as the manifest's YAML is parsed, before its files are read and hashed. A failure surfaces where awaited.
 * `hints`: the pages each list had last time, asked for at once.
 */
export function startOrgLists(client: GalileoClient, hints?: Promise<ListPageHints>): EarlyOrgLists {
  // each list asks for the pages it had last time at once (list-page-hints.ts); a hint that cannot be read is none
  const known = (hints ?? Promise.resolve(undefined)).catch(() => undefined);
  const paging = (h: ListPageHints | undefined, list: OrgList): ListPaging => {
    const pages = h?.pagesOf(list);
    return { ...(pages === undefined ? {} : { pagesAhead: pages }), onPaged: (n) => h?.record(list, n) };
  };
  const projects = known.then((h) => listProjects(client, { paging: paging(h, 'projects') }));
  const datasets = known.then((h) => queryDatasets(client, { paging: paging(h, 'datasets') }));
  const scorers = known.then((h) => listScorers(client, { types: ['llm', 'code'], paging: paging(h, 'scorers') }));
  const all = Promise.all([projects, scorers, datasets, known]).then(async ([projects, scorers, datasets, h]) => {
    await h?.save();
    return { projects, scorers, datasets };
  });
  projects.catch(() => undefined); // awaited by readLiveState
  datasets.catch(() => undefined);
  all.catch(() => undefined);
  return { projects, datasets, all };
}

/**
 * The org lists in flight: the projects alone (one page for most orgs: the project lists start once it is in), the
 * datasets alone (galctl's inventory is among them: who owns what is read once they are in), and all three (the
 * scorers take a page per hundred, one after another).
 */
export interface EarlyOrgLists {
  projects: Promise<ProjectDB[]>;
  datasets: Promise<Dataset[]>;
  all: Promise<OrgLists>;
}

/**
 * What exists in Galileo for the resources the manifest names, normalized to canonical states, and every object
 * in the scopes it manages that it does not name (`unmanaged`; the planner keeps the stack's orphans, and the rest
 * for --prune). List-first and parallel under the client's one concurrency limit:
 *   1. the org's projects, custom scorers (+ presets by name) and datasets: a few paged list calls in all; galctl's
 *      inventory dataset is found by the same dataset query; the project lists of step 2 start once the projects
 *      are listed, without waiting for the scorer pages;
 *   2. the inventory's rows when it exists (one call per 1,000 rows: who owns what), per found project one list
 *      per project kind (KindDescriptor.live), per found dataset its current version's name (recorded by galctl
 *      for the version the query names, else one call; it settles row equality when galctl's hash matches,
 *      otherwise the rows are read), per found code scorer its source (unless galctl recorded that the listed
 *      latest version holds the desired code: recorded-versions.ts);
 *   3. per found run its scorer settings.
 * Nothing is fetched one-by-one where a list returns the fields. Ownership comes from the inventory's confirmed
 * rows of the manifest's stack (plan/ownership.ts), which is returned as `inventory` for apply.
 */
export async function readLiveState(client: GalileoClient, desired: Desired, opts: ReadLiveStateOptions = {}): Promise<LiveState> {
  const index = indexDesired(desired);
  const projects = [...index.projects.values()];
  const scorers = [...index.scorers.values()];
  const datasets = [...index.datasets.values()];
  const presetNames = [
    ...new Set(index.runs.flatMap((r) => r.scorers.flatMap((s) => (s.type === 'preset' ? [s.name] : [])))),
  ];
  const stack = desired.stack ?? '';
  const versions = recordedVersions(dirname(desired.file), client.apiUrl);

  const orgKindLists = listOrgKinds(client, desired); // the org kinds with a live-read hook (KindDescriptor.orgLive)
  orgKindLists.catch(() => undefined); // awaited below
  // ---- phase 1: org-level lists (everything: the stack's orphans are found among them) ----
  const early = opts.orgLists ?? startOrgLists(client);
  const listsRead = Promise.all([early.all, presetNames.length === 0 ? [] : listScorers(client, { names: presetNames, types: ['preset'] })]);
  listsRead.catch(() => undefined); // awaited below
  const listed = listsRead.then(([lists]) => ({ ...lists, ...splitInventory(lists.datasets) }));
  listed.catch(() => undefined); // awaited below
  // the inventory and the datasets do not wait for the scorer pages (a page per hundred, one after another)
  const datasetsListed = early.datasets.then((all) => splitInventory(all));
  datasetsListed.catch(() => undefined); // awaited below
  const inventoryRead = datasetsListed.then(({ inventory }) => (inventory === undefined ? undefined : readInventory(client, inventory)));
  inventoryRead.catch(() => undefined); // awaited below
  const ownerRead = inventoryRead.then((inv) => indexInventory(inv?.rows ?? [], stack));
  ownerRead.catch(() => undefined); // awaited below; a failure surfaces there
  // an object not found by its name may be the stack's under an older name (a rename: `name:` changed, or moved:)
  const renamedRead = inventoryRead.then((inv) => addressIndex(inv?.rows ?? [], stack, desired.moved));
  renamedRead.catch(() => undefined); // awaited below

  // the projects first: their lists (and the runs those find, whose settings are most of the read) start before the
  // scorer pages are all in
  const liveProjects = await early.projects;
  const projectsByName = projects.map((p) => findOne(liveProjects, p.name, 'project'));
  const projectRenamedOf = projectsByName.some((x) => x === undefined) ? await renamedRead : (): string[] => [];
  const projectByKey = new Map<string, ProjectDB>();
  const projectMatches = projects.flatMap((p, i) => {
    const found = projectsByName[i] ?? liveProjects.find((x) => projectRenamedOf('project', p.address).includes(x.id));
    if (found === undefined) return [];
    projectByKey.set(p.key, found);
    return [{ desired: p, found }];
  });
  const orgListed = datasetsListed.then(({ datasets }): ReadonlyMap<StepKind, readonly OwnedObject[]> => new Map([['dataset', datasets]]));
  orgListed.catch(() => undefined); // awaited in readProjectScopes (or not, when it fails first)
  const scorersListed = listsRead.then(([{ scorers }, presetList]) => [...scorers, ...presetList]);
  scorersListed.catch(() => undefined); // likewise
  let projectsMatched: () => void = () => undefined;
  const scopesMatched = new Promise<void>((resolve) => (projectsMatched = resolve));
  const scopesRead = readProjectScopes(client, desired, projectByKey, orgListed, {
    scorers: scorersListed,
    ownerOf: ownerRead,
    renamedOf: renamedRead,
    complete: opts.datasetsReady ?? Promise.resolve(desired),
    ...(opts.onRunFound === undefined ? {} : { onRunFound: opts.onRunFound }),
    onMatched: () => projectsMatched(),
  });
  scopesRead.catch(() => undefined); // awaited below

  const [{ scorers: liveScorers, datasets: liveDatasets }, presetList] = await Promise.all([listed, listsRead.then(([, presetList]) => presetList)]);
  const resources: Record<string, LiveResource> = {};
  const unmanaged: UnmanagedResource[] = [];
  const presets: Record<string, string> = {};
  for (const p of presetList) if (p.scorer_type === 'preset' && presetNames.includes(p.name)) presets[p.name] = p.id;
  void scopesMatched.then(() => opts.onReadQueued?.(presets));

  const [scorerNamed, datasetNamed] = [nameIndex(liveScorers), nameIndex(liveDatasets)];
  const declaredScorerNames = new Map<string, number>();
  for (const s of scorers) declaredScorerNames.set(s.name, (declaredScorerNames.get(s.name) ?? 0) + 1);
  const byName = {
    // a same-named scorer of the other type is the one to replace (a scorer's type is fixed at creation)
    scorers: scorers.map(
      (s) =>
        scorerNamed(s.name, `${s.scorerType} scorer`, (x) => x.scorer_type === s.scorerType) ??
        (declaredScorerNames.get(s.name)! > 1 ? undefined : scorerNamed(s.name, 'scorer')),
    ),
    datasets: datasets.map((d) => datasetNamed(d.name, 'dataset')),
  };
  const missing = [...byName.scorers, ...byName.datasets].some((x) => x === undefined);
  const renamedOf = missing ? await renamedRead : (): string[] => [];
  const orRenamed = <T extends { id: string }>(found: T | undefined, list: readonly T[], kind: InventoryKind, address: string): T | undefined => {
    if (found !== undefined) return found;
    const ids = renamedOf(kind, address);
    return list.find((x) => ids.includes(x.id));
  };

  const scorerMatches = scorers.flatMap((s, i) => {
    const found = orRenamed(byName.scorers[i], liveScorers, 'scorer', s.address);
    return found === undefined ? [] : [{ desired: s, found }];
  });
  const datasetMatches = datasets.flatMap((d, i) => {
    const found = orRenamed(byName.datasets[i], liveDatasets, 'dataset', d.address);
    return found === undefined ? [] : [{ desired: d, found }];
  });
  const matched = new Set([...projectMatches, ...scorerMatches, ...datasetMatches].map((m) => m.found.id));

  // ---- phase 2: per-object reads that no list can replace, and the per-project lists ----
  const orgKindsRead = Promise.all([orgKindLists, inventoryRead, ownerRead, renamedRead]).then(([lists, inv, owner, renamed]) => readOrgKinds(client, desired, lists, inv?.rows ?? [], owner, renamed));
  orgKindsRead.catch(() => undefined); // awaited below
  // the project lists first: the runs they find have settings and traces to read, on the critical path; a dataset's
  // version and a scorer's code are leaves (and mostly settled by galctl's record)
  const [scopes, scorerResults, datasetResults, ownerOf, inventory] = await Promise.all([
    scopesRead,
    // a thousand scorers' normalizing and hashing, sliced: the responses in flight are handled in between
    mapInSlices(scorerMatches, ({ desired: s, found }) => readScorer(client, s, found, versions)).then((reads) => Promise.all(reads)),
    mapInSlices(datasetMatches, ({ desired: d, found }) => readDataset(client, d, found, ownerRead, versions, opts.datasetsReady)).then((reads) => Promise.all(reads)),
    ownerRead,
    inventoryRead,
  ]);
  for (const { desired: p, found } of projectMatches) {
    resources[p.address] = liveResource(p.address, 'project', found.id, { ...normalizeProject(found), ...ownerOf('project', found) });
  }
  for (const [i, r] of scorerResults.entries()) {
    const found = scorerMatches[i]!.found;
    resources[r.address] = { ...r, ...legacyScorerOwnership(stack, ownerOf('scorer', found), found.tags) };
  }
  for (const r of [...datasetResults, ...scopes.resources]) resources[r.address] = r;
  appendAll(unmanaged, scopes.unmanaged);
  const orgKinds = await orgKindsRead;
  for (const r of orgKinds.resources) resources[r.address] = r;
  appendAll(unmanaged, orgKinds.unmanaged);

  const strays = (xs: readonly ProjectDB[] | readonly Scorer[] | readonly Dataset[]) => xs.filter((x) => !matched.has(x.id));
  const org = await orgUnmanaged(client, desired, strays(liveProjects) as ProjectDB[], strays(liveScorers) as Scorer[], strays(liveDatasets) as Dataset[], ownerOf);
  appendAll(unmanaged, org.unmanaged);
  await addCautions(client, unmanaged, liveProjects, [...scopes.listed, ...org.listed]);
  return { resources, presets, unmanaged, runs: scopes.runs, ...(inventory === undefined ? {} : { inventory }) };
}

/** A code scorer's source: no read when galctl recorded that the listed latest version holds the desired code. */
async function readScorer(client: GalileoClient, s: DesiredScorer, found: Scorer, versions: RecordedVersions): Promise<LiveResource> {
  let code: string | undefined;
  if (found.scorer_type === 'code' && found.latest_version != null) {
    if (s.scorerType === 'code' && (await versions.holdsCode(found, s.code))) {
      code = s.code;
    } else {
      code = await getScorerCode(client, found.id, found.latest_version.version);
      await versions.recordScorerCode(found, code);
    }
  }
  return liveResource(s.address, 'scorer', found.id, normalizeScorer(found, code));
}

/**
 * The current version's name (galctl's content hash): recorded, or one versions call; the rows only when the
 * stored content hash does not already say "equal".
 */
async function readDataset(client: GalileoClient, d: DesiredDataset, found: Dataset, ownerRead: Promise<OwnershipLookup>, versions: RecordedVersions, ready?: Promise<Readonly<Desired>>): Promise<LiveResource> {
  const recorded = await versions.datasetVersionName(found);
  const latest = recorded === undefined ? await getLatestDatasetVersion(client, found.id) : { version_index: found.current_version_index, name: recorded.name };
  if (recorded === undefined && latest?.version_index === found.current_version_index) await versions.recordDatasetVersion(found, latest.name);
  const completed = ready === undefined ? d : (await ready).resources.find((r) => r.address === d.address);
  const contentHash = completed !== undefined && 'contentHash' in completed ? completed.contentHash : d.contentHash;
  const settled = normalizeDataset(found, latest);
  const normalized = settled.state.contentHash === contentHash ? settled : normalizeDataset(found, latest, await getDatasetContent(client, found.id));
  const ownership = (await ownerRead)('dataset', found);
  return liveResource(d.address, 'dataset', found.id, { ...normalized, ...ownership });
}

/**
 * Projects the stack owns, and scorers and datasets, that the manifest no longer names. An owned project's contents
 * are listed too (one call per project kind): the planner deletes a project only when everything in it is
 * the stack's to delete.
 */
async function orgUnmanaged(
  client: GalileoClient,
  desired: Desired,
  liveProjects: readonly ProjectDB[],
  liveScorers: readonly Scorer[],
  liveDatasets: readonly Dataset[],
  ownerOf: OwnershipLookup,
): Promise<{ unmanaged: UnmanagedResource[]; listed: ListedObject[] }> {
  const named = (kind: string): Set<string> => new Set(desired.resources.filter((r) => r.kind === kind).map((r) => r.name));
  const [projectNames, datasetNames] = [named('project'), named('dataset')];
  const scorerKeys = new Set(desired.resources.flatMap((r) => (r.kind === 'scorer' ? [`${r.scorerType}:${r.name}`] : [])));
  const out: UnmanagedResource[] = [];
  const listed: ListedObject[] = [];
  const strayProjects = liveProjects.filter((p) => !projectNames.has(p.name) && ownerOf('project', p).owned);
  const contents = await Promise.all(
    strayProjects.map(async (p) => {
      const lists = await listProject(client, p);
      appendAll(listed, listedOf(p, lists));
      return [...lists].flatMap(([kind, objects]) => objects.map((x) => unmanagedOf(kind, x, ownerOf, p.name)));
    }),
  );
  strayProjects.forEach((p, i) => {
    out.push(unmanagedOf('project', p, ownerOf));
    appendAll(out, contents[i] ?? []);
  });
  for (const s of liveScorers) {
    if (scorerKeys.has(`${s.scorer_type}:${s.name}`) || !ownerOf('scorer', s).owned) continue;
    out.push(unmanagedOf('scorer', s, ownerOf));
  }
  for (const d of liveDatasets.filter((x) => !datasetNames.has(x.name))) out.push(unmanagedOf('dataset', d, ownerOf));
  return { unmanaged: out, listed };
}
