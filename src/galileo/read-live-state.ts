import type { Desired, DesiredDataset, DesiredScorer } from '../manifest/types.js';
import { indexDesired } from '../plan/desired-index.js';
import { normalizeDataset, normalizeProject, normalizeScorer } from '../plan/normalize-live.js';
import type { LiveResource, LiveState, UnmanagedResource } from '../plan/types.js';
import type { GalileoClient } from './create-client.js';
import { getDatasetContent, getLatestDatasetVersion, queryDatasets } from './datasets.js';
import { findOne, liveResource } from './live-resource.js';
import { listProjects } from './projects.js';
import { searchExperiments } from './experiments.js';
import { searchLogStreams } from './log-streams.js';
import { readProjectScopes, strayChild } from './read-project-scopes.js';
import { listProjectTemplates } from './templates.js';
import { getScorerCode, listScorers } from './scorers.js';
import { indexInventory, INVENTORY_DATASET_NAME, OWNERSHIP_TAG, type OwnershipLookup } from '../plan/ownership.js';
import { readInventory, splitInventory } from './read-inventory.js';
import type { Dataset, ProjectDB, Scorer } from './types.js';
import { appendAll } from '../append-all.js';

export interface ReadLiveStateOptions {
  /** also list what galctl owns in the managed scopes, for `--prune` (fills `unmanaged`) */
  prune?: boolean;
  /**
   * resolves once the desired datasets' rows and content hashes are filled in (plan reads dataset files while this
   * read is in flight, loadManifestStaged); each dataset's comparison waits for it. Default: already there.
   */
  datasetsReady?: Promise<unknown>;
}

/**
 * What exists in Galileo for the resources the manifest names, normalized to canonical states. List-first and
 * parallel under the client's one concurrency limit:
 *   1. projects, scorers (+ presets) and datasets by name: a few paged list calls in all; galctl's inventory
 *      dataset is found by the same dataset query (its name is one more in the `one_of` list);
 *   2. the inventory's rows when it exists (one call per 1,000 rows: who owns what), per found dataset its newest
 *      version (one call; its name settles row equality when galctl's hash matches, otherwise the rows are read),
 *      per found code scorer its source, per found project its templates, log streams and experiments (three calls);
 *   3. per found run its scorer settings.
 * Nothing is fetched one-by-one where a list returns the fields. Ownership of scorers comes from their tags, of
 * every other kind from the inventory (plan/ownership.ts), which is returned as `inventory` for apply.
 */
export async function readLiveState(client: GalileoClient, desired: Desired, opts: ReadLiveStateOptions = {}): Promise<LiveState> {
  const index = indexDesired(desired);
  const projects = [...index.projects.values()];
  const scorers = [...index.scorers.values()];
  const datasets = [...index.datasets.values()];
  const presetNames = [
    ...new Set(index.runs.flatMap((r) => r.scorers.flatMap((s) => (s.type === 'preset' ? [s.name] : [])))),
  ];
  const uniq = (xs: string[]): string[] => [...new Set(xs)];
  // only scorers carry their own marker: anything else needs the inventory
  const needInventory = projects.length > 0 || datasets.length > 0 || opts.prune === true;

  // ---- phase 1: org-level lists ----
  const [liveProjects, liveScorers, presetList, listedDatasets, ownedScorers] = await Promise.all([
    projects.length === 0 && !opts.prune ? [] : listProjects(client, opts.prune ? {} : { names: uniq(projects.map((p) => p.name)) }),
    scorers.length === 0 ? [] : listScorers(client, { names: uniq(scorers.map((s) => s.name)) }),
    presetNames.length === 0 ? [] : listScorers(client, { names: presetNames, types: ['preset'] }),
    !needInventory ? [] : queryDatasets(client, opts.prune ? {} : { names: uniq([...datasets.map((d) => d.name), INVENTORY_DATASET_NAME]) }),
    opts.prune ? listScorers(client, { tags: [OWNERSHIP_TAG] }) : [],
  ]);
  const { inventory: inventoryDataset, datasets: liveDatasets } = splitInventory(listedDatasets);
  const inventoryRead = inventoryDataset === undefined ? Promise.resolve(undefined) : readInventory(client, inventoryDataset.id);
  const ownerRead = inventoryRead.then((inv) => indexInventory(inv?.rows ?? []));
  ownerRead.catch(() => undefined); // awaited below; a failure surfaces there

  const resources: Record<string, LiveResource> = {};
  const unmanaged: UnmanagedResource[] = [];
  const presets: Record<string, string> = {};
  for (const p of presetList) if (p.scorer_type === 'preset' && presetNames.includes(p.name)) presets[p.name] = p.id;

  const projectByKey = new Map<string, ProjectDB>();
  const projectMatches = projects.flatMap((p) => {
    const found = findOne(liveProjects, p.name, 'project');
    if (found === undefined) return [];
    projectByKey.set(p.key, found);
    return [{ desired: p, found }];
  });

  const scorerMatches = scorers.flatMap((s) => {
    const found = findOne(liveScorers, s.name, `${s.scorerType} scorer`, (x) => x.scorer_type === s.scorerType);
    return found === undefined ? [] : [{ desired: s, found }];
  });
  const datasetMatches = datasets.flatMap((d) => {
    const found = findOne(liveDatasets, d.name, 'dataset');
    return found === undefined ? [] : [{ desired: d, found }];
  });

  // ---- phase 2: per-object reads that no list can replace, and the per-project lists ----
  const [scorerResults, datasetResults, scopes, ownerOf, inventory] = await Promise.all([
    Promise.all(scorerMatches.map(({ desired: s, found }) => readScorer(client, s, found))),
    Promise.all(datasetMatches.map(({ desired: d, found }) => readDataset(client, d, found, ownerRead, opts.datasetsReady))),
    readProjectScopes(client, desired, index, projectByKey, liveDatasets, {
      scorers: [...liveScorers, ...presetList, ...ownedScorers],
      prune: opts.prune ?? false,
      ownerOf: ownerRead,
    }),
    ownerRead,
    inventoryRead,
  ]);
  for (const { desired: p, found } of projectMatches) {
    resources[p.address] = liveResource(p.address, 'project', found.id, { ...normalizeProject(found), ...ownerOf({ kind: 'project', project: '', name: found.name }) });
  }
  for (const r of [...scorerResults, ...datasetResults, ...scopes.resources]) resources[r.address] = r;
  appendAll(unmanaged, scopes.unmanaged);

  if (opts.prune) appendAll(unmanaged, await orgUnmanaged(client, desired, liveProjects, ownedScorers, liveDatasets, ownerOf));
  return { resources, presets, unmanaged, ...(inventory === undefined ? {} : { inventory }) };
}

async function readScorer(client: GalileoClient, s: DesiredScorer, found: Scorer): Promise<LiveResource> {
  let code: string | undefined;
  if (found.scorer_type === 'code' && found.latest_version != null) {
    code = await getScorerCode(client, found.id, found.latest_version.version);
  }
  return liveResource(s.address, 'scorer', found.id, normalizeScorer(found, code));
}

/** One versions call; the rows only when the stored content hash does not already say "equal". */
async function readDataset(client: GalileoClient, d: DesiredDataset, found: Dataset, ownerRead: Promise<OwnershipLookup>, ready?: Promise<unknown>): Promise<LiveResource> {
  const latest = await getLatestDatasetVersion(client, found.id);
  await ready;
  const settled = normalizeDataset(found, latest);
  const normalized = settled.state.contentHash === d.contentHash ? settled : normalizeDataset(found, latest, await getDatasetContent(client, found.id));
  const ownership = (await ownerRead)({ kind: 'dataset', project: '', name: found.name });
  return liveResource(d.address, 'dataset', found.id, { ...normalized, ...ownership });
}

/**
 * For --prune: projects galctl's inventory lists, scorers carrying galctl's tag, and datasets, that the manifest no
 * longer names. An owned project's contents are listed too (three calls per such project): the planner deletes a
 * project only when everything in it is galctl's to delete.
 */
async function orgUnmanaged(
  client: GalileoClient,
  desired: Desired,
  liveProjects: readonly ProjectDB[],
  ownedScorers: readonly Scorer[],
  liveDatasets: readonly Dataset[],
  ownerOf: OwnershipLookup,
): Promise<UnmanagedResource[]> {
  const named = (kind: string): Set<string> => new Set(desired.resources.filter((r) => r.kind === kind).map((r) => r.name));
  const [projectNames, datasetNames] = [named('project'), named('dataset')];
  const scorerKeys = new Set(desired.resources.flatMap((r) => (r.kind === 'scorer' ? [`${r.scorerType}:${r.name}`] : [])));
  const out: UnmanagedResource[] = [];
  const flags = (n: { owned?: boolean; protected?: boolean }): UnmanagedResource['owned'] => n.owned === true;
  const projectOwner = (p: ProjectDB) => ownerOf({ kind: 'project', project: '', name: p.name });
  const strayProjects = liveProjects.filter((p) => !projectNames.has(p.name) && projectOwner(p).owned);
  const contents = await Promise.all(
    strayProjects.map(async (p) => {
      const [templates, logStreams, experiments] = await Promise.all([
        listProjectTemplates(client, p.id),
        searchLogStreams(client, p.id),
        searchExperiments(client, p.id),
      ]);
      return [
        ...templates.map((t) => strayChild('template', t, p, ownerOf)),
        ...logStreams.map((l) => strayChild('log_stream', l, p, ownerOf)),
        ...experiments.map((e) => strayChild('experiment', e, p, ownerOf)),
      ];
    }),
  );
  strayProjects.forEach((p, i) => {
    const n = projectOwner(p);
    out.push({ kind: 'project', name: p.name, id: p.id, owned: flags(n), ...(n.protected === true ? { protected: true } : {}) });
    appendAll(out, contents[i] ?? []);
  });
  for (const s of ownedScorers) {
    if (scorerKeys.has(`${s.scorer_type}:${s.name}`)) continue;
    const n = normalizeScorer(s);
    out.push({ kind: 'scorer', name: s.name, id: s.id, owned: flags(n), ...(n.protected === true ? { protected: true } : {}) });
  }
  for (const d of liveDatasets.filter((x) => !datasetNames.has(x.name))) {
    const n = ownerOf({ kind: 'dataset', project: '', name: d.name });
    out.push({ kind: 'dataset', name: d.name, id: d.id, owned: flags(n), ...(n.protected === true ? { protected: true } : {}) });
  }
  return out;
}
