import { requestObject } from '../../galileo/request-object.js';
import type { GalileoClient } from '../../galileo/create-client.js';
import { listByNames } from '../../galileo/list-by-names.js';
import type { ProjectCreate, ProjectDB, ProjectUpdate } from '../../galileo/types.js';
import { apiPath } from '../../galileo/api-path.js';

/** Projects by exact name (`POST /projects/paginated`, name filters are case-sensitive), or all when no names. */
export async function listProjects(client: GalileoClient, opts: { names?: readonly string[] } = {}): Promise<ProjectDB[]> {
  return listByNames<ProjectDB>(client, { method: 'POST', path: '/projects/paginated', itemsKey: 'projects', tokenIn: 'query', lane: 'first' }, opts.names);
}

export async function getProject(client: GalileoClient, id: string): Promise<ProjectDB> {
  return requestObject<ProjectDB>(client, 'GET', apiPath`/projects/${id}`);
}

/** Experiments need `type: gen_ai`; the example templates Galileo offers to add are never wanted. */
export async function createProject(client: GalileoClient, body: ProjectCreate): Promise<ProjectDB> {
  return requestObject<ProjectDB>(client, 'POST', '/projects', { body: { type: 'gen_ai', create_example_templates: false, ...body } });
}

export async function updateProject(client: GalileoClient, id: string, body: ProjectUpdate): Promise<ProjectDB> {
  return requestObject<ProjectDB>(client, 'PUT', apiPath`/projects/${id}`, { body });
}

export async function deleteProject(client: GalileoClient, id: string): Promise<void> {
  await client.request('DELETE', apiPath`/projects/${id}`);
}
