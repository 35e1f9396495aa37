import { addressOf, tracesAddress } from '../core/address.js';
import type { Desired } from '../core/desired-types.js';
import { indexDesired } from '../core/desired-index.js';
import type { LiveState, TraceCounts } from '../core/plan-types.js';
import type { GalileoClient } from '../galileo/create-client.js';
import { TRACE_ID_CHUNK } from '../traces/count-present-traces.js';
import { countTraceIds } from '../traces/find-present-trace-ids.js';
import { postVia } from '../traces/post-via.js';
import { traceIdScope } from '../traces/trace-id.js';
import { runnerRows, runnerTraceIds } from './runner-rows.js';

/**
 * For each runner experiment's `<run>.traces`: how many rows its dataset has (one application call each) and how
 * many of their traces the current run holds (a count per 1,000 ids; none when the run does not exist yet), so the
 * plan shows the calls still to make and an unchanged, finished run plans nothing. Nothing is run at plan time.
 */
export async function readRunnerCounts(client: GalileoClient, live: LiveState, desired: Desired): Promise<Record<string, TraceCounts>> {
  const index = indexDesired(desired);
  const post = postVia(client);
  const counts: Record<string, TraceCounts> = {};
  await Promise.all(
    index.runs.map(async (run) => {
      if (run.kind !== 'experiment' || run.runner === undefined) return;
      const rows = runnerRows(run.dataset === undefined ? [] : (index.datasets.get(run.dataset)?.rows ?? []));
      const runLive = live.resources[run.address];
      const projectLive = live.resources[addressOf('project', run.project)];
      // the live run's name carries its fingerprint: the ids are scoped by it (an earlier run is not this one)
      const liveName = (runLive?.state as { name?: unknown } | undefined)?.name;
      let present = 0;
      if (runLive !== undefined && projectLive !== undefined && typeof liveName === 'string') {
        const projectName = index.projects.get(run.project)?.name ?? run.project;
        const ids = runnerTraceIds(rows, traceIdScope(projectName, 'experiment', liveName));
        for (let i = 0; i < ids.length; i += TRACE_ID_CHUNK) present += await countTraceIds(post, projectLive.id, { experiment_id: runLive.id }, ids.slice(i, i + TRACE_ID_CHUNK));
      }
      counts[tracesAddress(run.address)] = { total: rows.length, present };
    }),
  );
  return counts;
}
