import type { Desired, DesiredExperiment, DesiredLogStream, DesiredTemplate } from '../../core/desired-types.js';
import { scorerSettingsAddress } from '../../core/address.js';
import type { DesiredIndex } from '../../core/desired-index.js';
import { normalizeExperiment, normalizeScorerSettings, normalizeTemplate } from '../normalize-live.js';
import type { OwnedObject, OwnershipLookup } from '../ownership.js';
import type { LiveResource, LiveRun, ScorerKey, UnmanagedResource } from '../../core/plan-types.js';
import { isNotFound } from '../../galileo/api-error.js';
import type { GalileoClient } from '../../galileo/create-client.js';
import { searchExperiments } from '../../kinds/experiment/api.js';
import { searchLogStreams } from '../../kinds/log-stream/api.js';
import { findOne, liveResource } from './live-resource.js';
import type { ListedExperiment } from './read-cautions.js';
import { getScorerSettings } from '../../galileo/runs.js';
import { getScorer } from '../../kinds/scorer/api.js';
import { listProjectTemplates } from '../../kinds/template/api.js';
import type { Dataset, ProjectDB, Scorer } from '../../galileo/types.js';
import { appendAll } from '../../core/append-all.js';
import { experimentRuns, readPreviousRows } from '../../kinds/experiment/experiment-runs.js';
import { indexDesired } from '../../core/desired-index.js';
import { flattenRunTags, RUN_TAG_KEYS } from '../../runs/run-tags.js';

interface FoundRun {
  address: string;
  projectId: string;
  runId: string;
}

/**
 * Per managed project that exists: its templates (one GET), log streams and experiments (one search each, by
 * name), then per run found its scorer settings. With prune, everything else in those projects is reported as
 * unmanaged; it counts as galctl's when galctl's inventory lists it (`ownerOf`, plan/ownership.ts).
 */
export async function readProjectScopes(
  client: GalileoClient,
  desired: Desired,
  index: DesiredIndex,
  projectByKey: ReadonlyMap<string, ProjectDB>,
  liveDatasets: readonly Dataset[],
  opts: {
    scorers: readonly Scorer[];
    ownerOf: Promise<OwnershipLookup>;
    renamedOf: Promise<(kind: ChildKind, address: string) => string[]>;
    /** the completed desired state: an experiment's current run is named by its inputs' fingerprint */
    complete: Promise<Readonly<Desired>>;
  },
): Promise<{ resources: LiveResource[]; unmanaged: UnmanagedResource[]; experiments: ListedExperiment[]; runs: Record<string, LiveRun[]> }> {
  const byProject = new Map<string, { templates: DesiredTemplate[]; logStreams: DesiredLogStream[]; experiments: DesiredExperiment[] }>();
  for (const key of projectByKey.keys()) byProject.set(key, { templates: [], logStreams: [], experiments: [] });
  for (const r of desired.resources) {
    const slot = 'project' in r ? byProject.get(r.project) : undefined;
    if (slot === undefined) continue;
    if (r.kind === 'template') slot.templates.push(r);
    else if (r.kind === 'log_stream') slot.logStreams.push(r);
    else if (r.kind === 'experiment') slot.experiments.push(r);
  }

  const resources: LiveResource[] = [];
  const unmanaged: UnmanagedResource[] = [];
  const runs: FoundRun[] = [];
  const listed: ListedExperiment[] = [];
  const history: Record<string, LiveRun[]> = {};
  const datasetNames = new Map(liveDatasets.map((d) => [d.id, d.name]));

  await Promise.all(
    [...byProject.entries()].map(async ([key, wanted]) => {
      const project = projectByKey.get(key) as ProjectDB;
      // everything in the project: the stack's children the manifest dropped are found among them
      const [templates, logStreams, experiments] = await Promise.all([
        listProjectTemplates(client, project.id),
        searchLogStreams(client, project.id),
        searchExperiments(client, project.id),
      ]);
      const templateNames = new Map(templates.map((t) => [t.id, t.name]));
      appendAll(listed, experiments.map((experiment) => ({ project: project.name, experiment })));
      const ownerOf = await opts.ownerOf;
      const renamedOf = await opts.renamedOf;
      const matched = new Set<string>();
      /** by name, else the stack's object declared at this address under another name (a rename) */
      const find = <T extends OwnedObject>(list: readonly T[], kind: ChildKind, w: { name: string; address: string }, what: string): T | undefined => {
        const found = findOne(list, w.name, what) ?? list.find((x) => renamedOf(kind, w.address).includes(x.id) && !matched.has(x.id));
        if (found !== undefined) matched.add(found.id);
        return found;
      };
      const ownershipOfChild = (kind: ChildKind, x: OwnedObject) => ownerOf(kind, x, project.name);
      for (const t of wanted.templates) {
        const found = find(templates, 'template', t, 'template');
        if (found !== undefined) {
          resources.push(liveResource(t.address, 'template', found.id, { ...normalizeTemplate(found, project.id), ...ownershipOfChild('template', found) }));
        }
      }
      for (const ls of wanted.logStreams) {
        const found = find(logStreams, 'log_stream', ls, `log stream in project "${project.name}"`);
        if (found === undefined) continue;
        const ownership = ownershipOfChild('log_stream', found);
        resources.push(liveResource(ls.address, 'log_stream', found.id, { state: { name: found.name }, refs: { projectId: project.id }, ...ownership }));
        runs.push({ address: ls.address, projectId: project.id, runId: found.id });
      }
      const full = wanted.experiments.length === 0 ? undefined : await opts.complete;
      const fullIndex = full === undefined ? undefined : indexDesired(full);
      for (const e of wanted.experiments) {
        // an experiment is its runs: the current one (named by its inputs' fingerprint) and the earlier ones (history)
        const declared = fullIndex?.runs.find((r) => r.address === e.address);
        const runsOf = experimentRuns(declared?.kind === 'experiment' ? declared : e, fullIndex!, full!.file, experiments, (x) => ownershipOfChild('experiment', x));
        history[e.address] = runsOf.history;
        // a new run's reasons count rows against its previous run's dataset version: read only when one is planned
        if (runsOf.current === undefined) await readPreviousRows(client, runsOf.history, experiments);
        for (const r of runsOf.history) matched.add(r.id);
        const found = runsOf.current;
        if (found === undefined) continue;
        matched.add(found.id);
        const base = normalizeExperiment(found, project.id, { datasets: datasetNames, templates: templateNames });
        // a run whose tags an interrupted apply did not write gets them on the next apply
        const normalized = { ...base, refs: { ...base.refs, runTagged: flattenRunTags(found.tags ?? undefined).some((t) => t.key === RUN_TAG_KEYS.fingerprint) } };
        resources.push(liveResource(e.address, 'experiment', found.id, { ...normalized, ...ownershipOfChild('experiment', found) }));
        runs.push({ address: e.address, projectId: project.id, runId: found.id });
      }
      const strays = (kind: ChildKind, live: OwnedObject[], want: { name: string }[]): void => {
        const keep = new Set(want.map((w) => w.name));
        for (const x of live) if (!keep.has(x.name) && !matched.has(x.id)) unmanaged.push(strayChild(kind, x, project, ownerOf));
      };
      strays('template', templates, wanted.templates);
      strays('log_stream', logStreams, wanted.logStreams);
      strays('experiment', experiments, wanted.experiments);
    }),
  );

  appendAll(resources, await readScorerSettings(client, runs, opts.scorers));
  return { resources, unmanaged, experiments: listed, runs: history };
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

export type ChildKind = 'template' | 'log_stream' | 'experiment';

/** A template, log stream or experiment no desired address names; owned/protected as galctl's inventory says. */
export function strayChild(kind: ChildKind, x: OwnedObject, project: ProjectDB, ownerOf: OwnershipLookup): UnmanagedResource {
  return unmanagedOf(kind, x, ownerOf, project.name);
}

/** One GET per run found (no list serves them); ids the lists did not name are looked up once each. */
async function readScorerSettings(client: GalileoClient, runs: FoundRun[], known: readonly Scorer[]): Promise<LiveResource[]> {
  const keyOfId = new Map<string, ScorerKey>(known.map((s) => [s.id, `${s.scorer_type}:${s.name}`]));
  const settings = await Promise.all(runs.map((r) => getScorerSettings(client, r.projectId, r.runId)));
  const unknown = new Set(settings.flatMap((s) => normalizeScorerSettings(s.scorers, keyOfId).unknownIds));
  const looked = await Promise.all([...unknown].map((id) => getScorer(client, id).catch((err: unknown) => {
    if (isNotFound(err)) return undefined;
    throw err;
  })));
  for (const s of looked) if (s !== undefined) keyOfId.set(s.id, `${s.scorer_type}:${s.name}`);
  return runs.map((run, i) => {
    const { state, unknownIds } = normalizeScorerSettings(settings[i]?.scorers ?? [], keyOfId);
    // a scorer id that no longer resolves (deleted scorer) still shows in the diff as removed
    const shown = { scorers: [...state.scorers, ...unknownIds.map((id) => `unknown:${id}`)].sort() };
    return liveResource(scorerSettingsAddress(run.address), 'scorer_settings', run.runId, {
      state: shown,
      refs: { projectId: run.projectId, runId: run.runId },
    });
  });
}
