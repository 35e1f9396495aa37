import { requestObject } from '../../galileo/request-object.js';
import type { GalileoClient } from '../../galileo/create-client.js';
import { listByNames } from '../../galileo/list-by-names.js';
import type { ListPaging } from '../../galileo/paginate.js';
import type { ProjectCreate, ProjectDB, ProjectUpdate } from '../../galileo/types.js';
import { apiPath } from '../../galileo/api-path.js';

/** Projects by exact name (`POST /projects/paginated`, name filters are case-sensitive), or all when no names. */
/**
 * A listed project without its `runs` (every run of the project, embedded: 1.1 MB for the 50 projects of the bench
 * org), which galctl reads with the run kinds' own lists: dropped as the page is read, it is not kept for the read.
 */
function withoutRuns(item: unknown): unknown {
  if (item === null || typeof item !== 'object' || !('runs' in item)) return item;
  const { runs: _runs, ...project } = item as Record<string, unknown>;
  return project;
}

export async function listProjects(client: GalileoClient, opts: { names?: readonly string[]; paging?: ListPaging } = {}): Promise<ProjectDB[]> {
  return listByNames<ProjectDB>(client, { method: 'POST', path: '/projects/paginated', itemsKey: 'projects', tokenIn: 'query', lane: 'first', mapItem: withoutRuns, ...opts.paging }, opts.names);
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
