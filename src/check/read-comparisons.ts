import { GalctlError } from '../core/errors.js';
import type { GalileoClient } from '../galileo/create-client.js';
import { searchExperiments } from '../kinds/experiment/api.js';
import { findOne } from '../engine/read/live-resource.js';
import { publicScorerName } from '../galileo/preset-names.js';
import { listJobs, TERMINAL_JOB_STATUS } from '../galileo/runs.js';
import { compareRuns, hasRelativeGate, type RunComparison, type RunRows } from './compare-runs.js';
import { experimentLink } from './console-link.js';
import { fillRowTexts, readRunRows } from './read-run-rows.js';
import type { CheckInput } from './types.js';

export interface ComparisonOptions {
  /** `--baseline`: the name of the run to compare with, in each checked experiment's project; none: no baseline yet */
  baseline?: string;
  /** the console's base URL, for links to both runs */
  consoleBase: string;
}

/**
 * Per checked experiment that has a relative gate (or every one when a baseline is named): reads the candidate
 * run's rows and the baseline run's, compares them (compareRuns), then reads the texts of the worst rows. A named baseline that does not exist, or
 * whose scoring has not finished, is an error (exit 1): comparing with it would report numbers that are not
 * its own. Experiments that were not found or are still being scored are left to the caller.
 */
export async function readComparisons(client: GalileoClient, inputs: readonly CheckInput[], opts: ComparisonOptions): Promise<RunComparison[]> {
  const wanted = inputs.filter(
    (i) =>
      i.live?.projectId !== undefined &&
      i.thresholds.length > 0 &&
      i.live.jobs.every((j) => TERMINAL_JOB_STATUS.has(j.status)) &&
      (opts.baseline !== undefined || i.thresholds.some(hasRelativeGate)),
  );
  return Promise.all(
    wanted.map(async (input) => {
      const live = input.live as NonNullable<CheckInput['live']>;
      const projectId = live.projectId as string;
      const thresholds = input.thresholds.map((t) => ({ ...t, metric: publicScorerName(t.metric) }));
      const names = new Set(thresholds.map((t) => t.metric));
      const candidate: RunRows = {
        id: live.id,
        name: input.name,
        url: experimentLink(opts.consoleBase, projectId, live.id),
        rows: await readRunRows(client, projectId, live.id, names),
      };
      let baseline: RunRows | null = null;
      if (opts.baseline !== undefined) {
        const name = opts.baseline;
        const hit = findOne(await searchExperiments(client, projectId, { names: [name] }), name, `experiment in project "${input.project}"`);
        if (hit === undefined) {
          throw new GalctlError('baseline-not-found', `baseline run "${name}" not found in project "${input.project}" (checking ${input.address})`, {
            hint: 'pass --baseline the name of an earlier run (experiment) of this project',
          });
        }
        const jobs = await listJobs(client, projectId, hit.id);
        const running = jobs.filter((j) => !TERMINAL_JOB_STATUS.has(j.status)).length;
        if (running > 0) {
          throw new GalctlError('baseline-not-scored', `baseline run "${name}" is not scored yet (jobs ${jobs.length - running}/${jobs.length} done)`, {
            hint: 'wait for its scoring to finish, or pick another baseline',
          });
        }
        baseline = { id: hit.id, name, url: experimentLink(opts.consoleBase, projectId, hit.id), rows: await readRunRows(client, projectId, hit.id, names) };
      }
      const comparison = compareRuns(input.address, candidate, baseline, thresholds);
      // the texts of the rows the report shows, and only those
      await Promise.all([
        fillRowTexts(client, projectId, live.id, comparison.worst.map((w) => w.pair.candidate)),
        ...(baseline === null ? [] : [fillRowTexts(client, projectId, baseline.id, comparison.worst.map((w) => w.pair.baseline))]),
      ]);
      return comparison;
    }),
  );
}
