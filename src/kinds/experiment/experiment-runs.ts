import type { DesiredExperiment } from '../../core/desired-types.js';
import type { DesiredIndex } from '../../core/desired-index.js';
import type { LiveRun } from '../../core/plan-types.js';
import { newestFirst } from '../../core/newest-first.js';
import type { Experiment } from '../../galileo/types.js';
import { desiredRun } from '../../runs/desired-run.js';
import { isRunOf, parseRunName } from '../../runs/run-name.js';
import { flattenRunTags } from '../../runs/run-tags.js';
import type { Ownership } from '../../engine/ownership.js';
import type { GalileoClient } from '../../galileo/create-client.js';
import { isNotFound } from '../../galileo/api-error.js';
import { rowValues } from '../../engine/normalize-live.js';
import { getDatasetContent } from '../dataset/api.js';
import { findOne } from '../../engine/read/live-resource.js';

/** An experiment's runs in its project: the current one (if it exists) and the stack's earlier ones, newest first. */
export interface ExperimentRuns {
  current?: Experiment;
  history: LiveRun[];
}

/**
 * Sorts a project's experiments into the runs of one declared experiment (issue 17): the current run is the one
 * named `runName(name, fingerprint of the current inputs)` (`e` and `index` from the completed desired state); the
 * history is every other run of it the stack owns (`<name> · <fingerprint>`, or a legacy one named exactly
 * `<name>`). History is neither an orphan nor replaced: only keep_runs deletes from it.
 */
export function experimentRuns(
  e: DesiredExperiment,
  index: DesiredIndex,
  manifestFile: string,
  experiments: readonly Experiment[],
  ownershipOf: (x: Experiment) => Ownership,
): ExperimentRuns {
  const currentName = desiredRun(e, index, manifestFile).name;
  // adopt: true takes an experiment made outside galctl under the experiment's own name as its current run (export
  // writes such experiments; galctl cannot read inputs Galileo does not record). One the stack made is history.
  const legacy = e.adopt ? findOne(experiments, e.name, 'experiment') : undefined;
  const current = findOne(experiments, currentName, 'experiment') ?? (legacy !== undefined && !ownershipOf(legacy).owned ? legacy : undefined);
  const history: LiveRun[] = [];
  for (const x of experiments) {
    if (x.id === current?.id || (x.name !== e.name && !isRunOf(e.name, x.name))) continue;
    const n = ownershipOf(x);
    if (!n.owned) continue;
    history.push({
      id: x.id,
      name: x.name,
      fingerprint: parseRunName(x.name)?.fingerprint ?? null,
      created_at: x.created_at ?? '',
      owned: n.unconfirmed !== true,
      protected: n.protected,
      tags: flattenRunTags(x.tags ?? undefined),
    });
  }
  return { ...(current === undefined ? {} : { current }), history: newestFirst(history) };
}

/**
 * The rows of the dataset version the newest earlier run read (`dataset.version_index`: Galileo keeps every version),
 * so a new run's reason counts rows added, removed and changed. One read; none when that run had no dataset or the
 * version is gone (the reason then names row counts).
 */
export async function readPreviousRows(client: GalileoClient, history: LiveRun[], experiments: readonly Experiment[]): Promise<void> {
  const latest = history[0];
  const dataset = experiments.find((x) => x.id === latest?.id)?.dataset;
  if (latest === undefined || typeof dataset?.dataset_id !== 'string' || typeof dataset.version_index !== 'number') return;
  try {
    const content = await getDatasetContent(client, dataset.dataset_id, { version: dataset.version_index });
    latest.dataset_rows = content.rows.map((r) => rowValues(r.values_dict, r.values, content.columns));
  } catch (err) {
    if (!isNotFound(err)) throw err;
  }
}
