import type { ExperimentState, UnmanagedResource } from '../../core/plan-types.js';
import { normalizeExperiment } from '../../engine/normalize-live.js';
import type { GalileoClient } from '../../galileo/create-client.js';
import type { Experiment } from '../../galileo/types.js';
import { indexDesired } from '../../core/desired-index.js';
import type { Desired } from '../../core/desired-types.js';
import { desiredRun } from '../../runs/desired-run.js';
import { mapInSlices } from '../../core/map-in-slices.js';
import { declaredTagsOf, flattenRunTags, RUN_TAG_KEYS } from '../../runs/run-tags.js';
import type { CautionContext, LiveMatch, MatchContext, ProjectLiveRead, ProjectReadContext } from '../live-read.js';
import { experimentRuns, readPreviousRows } from './experiment-runs.js';
import { tracesCaution } from '../run-caution.js';
import { getExperiment, searchExperiments } from './api.js';


/** A project's experiments: one search; their inputs are named from the listed datasets and templates. */
export const experimentLive: ProjectLiveRead<ExperimentState> = {
  list: (client, projectId) => searchExperiments(client, projectId),
  normalize: (found: Experiment, { projectId, names }: ProjectReadContext) => {
    const base = normalizeExperiment(found, projectId, { datasets: names('dataset'), templates: names('template') });
    // a run whose tags an interrupted apply did not write gets them on the next apply
    return {
      ...base,
      state: { ...base.state, tags: declaredTagsOf(found.tags) },
      refs: { ...base.refs, runTagged: flattenRunTags(found.tags ?? undefined).some((t) => t.key === RUN_TAG_KEYS.fingerprint) },
    };
  },
  run: true,
  /** each experiment's current run (inputs, fingerprint, name: desiredRun) derived while the lists are in flight */
  prepare(complete) {
    // a failure (of the load, or of a run's derivation) surfaces in match, which derives the same run
    complete.then(deriveRunsAhead).catch(() => undefined);
  },
  /** an experiment is its runs: the current one (named by its inputs' fingerprint) and the earlier ones (history) */
  async match(declared, listed: readonly Experiment[], { client, complete, ownershipOf }: MatchContext): Promise<LiveMatch> {
    const full = await complete;
    const index = indexDesired(full);
    const e = index.runs.find((r) => r.address === declared.address);
    if (e?.kind !== 'experiment') return { belonging: [] };
    const runs = experimentRuns(e, index, full.file, listed, ownershipOf);
    // a new run's reasons count rows against its previous run's dataset version: read only when one is planned
    if (runs.current === undefined) await readPreviousRows(client, runs.history, listed);
    return {
      ...(runs.current === undefined ? {} : { found: runs.current }),
      belonging: [...runs.history.map((r) => r.id), ...(runs.current === undefined ? [] : [runs.current.id])],
      history: runs.history,
    };
  },
};

/** desiredRun of every experiment of `full`, a few at a time: requests in flight are answered in between. */
async function deriveRunsAhead(full: Readonly<Desired>): Promise<void> {
  const index = indexDesired(full);
  await mapInSlices(
    index.runs.filter((r) => r.kind === 'experiment'),
    (e) => void desiredRun(e, index, full.file),
  );
}

/** An orphan experiment's traces, deleted with it. */
export async function experimentCaution(client: GalileoClient, u: UnmanagedResource, { projectId }: CautionContext): Promise<string | undefined> {
  return projectId === undefined ? undefined : tracesCaution((await getExperiment(client, projectId, u.id, { counts: true })).num_traces);
}
