import type { LogStreamState, UnmanagedResource } from '../../core/plan-types.js';
import type { GalileoClient } from '../../galileo/create-client.js';
import type { CautionContext, ProjectLiveRead } from '../live-read.js';
import { tracesCaution } from '../run-caution.js';
import { getLogStream, searchLogStreams } from './api.js';

/** A project's log streams: one search; a log stream is a run (its scorer settings are read next). */
export const logStreamLive: ProjectLiveRead<LogStreamState> = {
  list: (client, projectId) => searchLogStreams(client, projectId),
  normalize: (found, { projectId }) => ({ state: { name: found.name }, refs: { projectId } }),
  run: true,
};

/** An orphan log stream's traces, deleted with it. */
export async function logStreamCaution(client: GalileoClient, u: UnmanagedResource, { projectId }: CautionContext): Promise<string | undefined> {
  return projectId === undefined ? undefined : tracesCaution((await getLogStream(client, projectId, u.id, { counts: true })).num_traces);
}
