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
import { readRunTags } from '../runs/run-tags.js';
import { isRunOf } from '../runs/run-name.js';
import { newestFirst } from '../core/newest-first.js';

export interface ComparisonOptions {
  /** `--baseline`: the name of the run to compare with, in each checked experiment's project */
  baseline?: string;
  /** `--baseline-ref`: the commit (7 or more hex digits, a prefix) whose run of the same experiment to compare with */
  baselineRef?: string;
  /** the console's base URL, for links to both runs */
  consoleBase: string;
  /** a scorer's name in the baseline run when it differs from the candidate's (a preview's scorer copy → main's scorer) */
  baselineMetrics?: ReadonlyMap<string, string>;
}

/** The baseline's rows with their scores under the candidate's metric names (ComparisonOptions.baselineMetrics). */
async function readBaselineRows(client: GalileoClient, projectId: string, id: string, names: ReadonlySet<string>, renamed: ReadonlyMap<string, string> | undefined): Promise<RunRows['rows']> {
  if (renamed === undefined || renamed.size === 0) return readRunRows(client, projectId, id, names);
  const back = new Map([...names].map((n) => [renamed.get(n) ?? n, n]));
  const rows = await readRunRows(client, projectId, id, new Set(back.keys()));
  return rows.map((r) => ({ ...r, scores: Object.fromEntries(Object.entries(r.scores).map(([name, v]) => [back.get(name) ?? name, v])) }));
}

/**
 * The run to compare with (issue 17): `--baseline` names it (a run, or an experiment: its newest run); `--baseline-ref` is the run of the same experiment whose
 * `galctl:commit` tag starts with the given commit; by default the newest run of the experiment other than the
 * current one (its previous run), none when it has no other ("no baseline yet"). A named one that does not exist is
 * an error: comparing with nothing would pass the relative gates.
 */
async function chooseBaseline(client: GalileoClient, input: CheckInput, projectId: string, opts: ComparisonOptions): Promise<{ id: string; name: string } | undefined> {
  const currentId = input.live?.id;
  if (opts.baseline !== undefined) {
    const name = opts.baseline;
    // a run's name, or an experiment's: then its newest run
    const hit =
      findOne(await searchExperiments(client, projectId, { names: [name] }), name, `experiment in project "${input.project}"`) ??
      newestFirst((await searchExperiments(client, projectId)).filter((x) => isRunOf(name, x.name)))[0];
    if (hit === undefined) {
      throw new GalctlError('baseline-not-found', `baseline run "${name}" not found in project "${input.project}" (checking ${input.address})`, {
        hint: 'pass --baseline the name of an earlier run (experiment) of this project',
      });
    }
    return { id: hit.id, name: hit.name };
  }
  const runs = newestFirst(input.runs ?? []);
  if (opts.baselineRef !== undefined) {
    const ref = opts.baselineRef.toLowerCase();
    const hit = runs.find((r) => readRunTags(r.tags).commit?.toLowerCase().startsWith(ref) === true);
    if (hit === undefined) {
      throw new GalctlError('baseline-not-found', `no run of ${input.address} was made at commit ${opts.baselineRef} (its runs' galctl:commit tags)`, {
        hint: 'apply the manifest at that commit first (CI does on the main branch), or pass --baseline RUN',
      });
    }
    return { id: hit.id, name: hit.name };
  }
  const previous = runs.find((r) => r.id !== currentId);
  return previous === undefined ? undefined : { id: previous.id, name: previous.name };
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
      (opts.baseline !== undefined || opts.baselineRef !== undefined || i.thresholds.some(hasRelativeGate)),
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
      const chosen = await chooseBaseline(client, input, projectId, opts);
      let baseline: RunRows | null = null;
      if (chosen !== undefined) {
        const { id, name } = chosen;
        const jobs = await listJobs(client, projectId, id);
        const running = jobs.filter((j) => !TERMINAL_JOB_STATUS.has(j.status)).length;
        if (running > 0) {
          throw new GalctlError('baseline-not-scored', `baseline run "${name}" is not scored yet (jobs ${jobs.length - running}/${jobs.length} done)`, {
            hint: 'wait for its scoring to finish, or pick another baseline',
          });
        }
        baseline = { id, name, url: experimentLink(opts.consoleBase, projectId, id), rows: await readBaselineRows(client, projectId, id, names, opts.baselineMetrics) };
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
