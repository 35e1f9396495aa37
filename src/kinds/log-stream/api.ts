import { requestObject } from '../../galileo/request-object.js';
import type { GalileoClient } from '../../galileo/create-client.js';
import { listByNames } from '../../galileo/list-by-names.js';
import type { LogStream } from '../../galileo/types.js';
import { apiPath } from '../../galileo/api-path.js';

/** Log streams of a project by exact name (`POST …/log_streams/search`, paging in the body), or all. */
export async function searchLogStreams(client: GalileoClient, projectId: string, opts: { names?: readonly string[] } = {}): Promise<LogStream[]> {
  return listByNames<LogStream>(client, { method: 'POST', path: apiPath`/projects/${projectId}/log_streams/search`, itemsKey: 'log_streams', tokenIn: 'body' }, opts.names);
}

export async function getLogStream(client: GalileoClient, projectId: string, id: string, opts: { counts?: boolean } = {}): Promise<LogStream & { num_traces?: number | null }> {
  return requestObject<LogStream>(client, 'GET', apiPath`/projects/${projectId}/log_streams/${id}`, opts.counts === true ? { query: { include_counts: true } } : {});
}

export async function createLogStream(client: GalileoClient, projectId: string, name: string): Promise<LogStream> {
  return requestObject<LogStream>(client, 'POST', apiPath`/projects/${projectId}/log_streams`, { body: { name } });
}

export async function renameLogStream(client: GalileoClient, projectId: string, id: string, name: string): Promise<LogStream> {
  return requestObject<LogStream>(client, 'PUT', apiPath`/projects/${projectId}/log_streams/${id}`, { body: { name } });
}

export async function deleteLogStream(client: GalileoClient, projectId: string, id: string): Promise<void> {
  await client.request('DELETE', apiPath`/projects/${projectId}/log_streams/${id}`, { expect: 'none' });
}
