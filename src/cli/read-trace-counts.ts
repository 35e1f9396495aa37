import type { GalileoClient } from '../galileo/create-client.js';
import type { Desired } from '../manifest/types.js';
import { addressOf, tracesAddress } from '../plan/address.js';
import { indexDesired } from '../plan/desired-index.js';
import type { LiveState, TraceCounts } from '../plan/types.js';
import { countPresentTraces } from '../traces/count-present-traces.js';
import { postVia } from '../traces/post-via.js';
import { traceIdScope } from '../traces/trace-id.js';

/**
 * For every run with a trace file: how many records the file has and how many the run already holds (none when
 * the run does not exist yet). Keyed by the `<run>.traces` address, as buildPlan takes them.
 */
export async function readTraceCounts(client: GalileoClient, desired: Desired, live: LiveState, signal?: AbortSignal): Promise<Record<string, TraceCounts>> {
  const index = indexDesired(desired);
  const post = postVia(client);
  const entries = await Promise.all(
    index.runs.flatMap((run) => {
      if (run.traces === undefined) return [];
      const project = index.projects.get(run.project);
      const projectLive = live.resources[addressOf('project', run.project)];
      const runLive = live.resources[run.address];
      const destination = runLive === undefined ? null : run.kind === 'experiment' ? { experiment_id: runLive.id } : { log_stream_id: runLive.id };
      return [
        countPresentTraces({
          post,
          projectId: projectLive?.id ?? null,
          destination,
          file: run.traces.file,
          idScope: traceIdScope(project?.name ?? run.project, run.kind, run.name),
          ...(signal === undefined ? {} : { signal }),
        }).then((counts) => [tracesAddress(run.address), counts] as const),
      ];
    }),
  );
  return Object.fromEntries(entries);
}
