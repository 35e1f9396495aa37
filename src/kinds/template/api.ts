import { requestObject } from '../../galileo/request-object.js';
import { badResponse, checkRecords, describeValue } from '../../galileo/check-response.js';
import type { GalileoClient } from '../../galileo/create-client.js';
import { listByNames } from '../../galileo/list-by-names.js';
import { collect, paginate } from '../../galileo/paginate.js';
import type { CreateTemplateRequest, CreateTemplateVersionRequest, Template, TemplateVersion } from '../../galileo/types.js';
import { apiPath } from '../../galileo/api-path.js';

/**
 * A template as galctl reads it: `name` may come back as the spec's `Name` object (`{value,
 * append_suffix_if_duplicate}`, [SPEC BasePromptTemplateResponse.name]); it becomes its `value`.
 */
export function templateOf<T>(raw: T): T {
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) return raw;
  const name: unknown = (raw as { name?: unknown }).name;
  if (name === null || typeof name !== 'object' || Array.isArray(name)) return raw;
  const value = (name as { value?: unknown }).value;
  return typeof value === 'string' ? { ...raw, name: value } : raw;
}

/** All templates of a project, each with its selected version (one request, no paging). */
export async function listProjectTemplates(client: GalileoClient, projectId: string): Promise<Template[]> {
  const where = `GET ${apiPath`/projects/${projectId}/templates`}`;
  const raw = (await client.request<unknown>('GET', apiPath`/projects/${projectId}/templates`)).data;
  const templates = checkRecords(where, 'templates', Array.isArray(raw) ? raw.map(templateOf) : raw);
  templates.forEach((t, i) => {
    const selected = t['selected_version'];
    if (selected !== undefined && selected !== null && (typeof selected !== 'object' || Array.isArray(selected))) throw badResponse(where, `templates[${i}].selected_version is ${describeValue(selected)}, not an object`);
    if (t['all_versions'] !== undefined && t['all_versions'] !== null) checkRecords(where, `templates[${i}].all_versions`, t['all_versions']);
  });
  return templates as unknown as Template[];
}

/** Org-wide templates by exact name (`POST /templates/query`). */
export async function queryTemplates(client: GalileoClient, opts: { names?: readonly string[] } = {}): Promise<Template[]> {
  return listByNames<Template>(client, { method: 'POST', path: '/templates/query', itemsKey: 'templates', tokenIn: 'query', mapItem: templateOf }, opts.names);
}

/** Creates a template in a project with version 1, selected. */
export async function createTemplate(client: GalileoClient, projectId: string, body: CreateTemplateRequest): Promise<Template> {
  return templateOf(await requestObject<Template>(client, 'POST', apiPath`/projects/${projectId}/templates`, { body }));
}

export async function getTemplate(client: GalileoClient, id: string): Promise<Template> {
  return templateOf(await requestObject<Template>(client, 'GET', apiPath`/templates/${id}`));
}

/** Adds version n+1. It is not selected: call selectTemplateVersion. */
export async function createTemplateVersion(client: GalileoClient, id: string, body: CreateTemplateVersionRequest): Promise<TemplateVersion> {
  return requestObject<TemplateVersion>(client, 'POST', apiPath`/templates/${id}/versions`, { body });
}

/** Every version of a template (`POST /templates/{id}/versions/query`), oldest first. */
export async function listTemplateVersions(client: GalileoClient, id: string): Promise<TemplateVersion[]> {
  return collect(paginate<TemplateVersion>(client, { method: 'POST', path: apiPath`/templates/${id}/versions/query`, itemsKey: 'versions', tokenIn: 'query', body: {} }));
}

export async function selectTemplateVersion(client: GalileoClient, id: string, version: number): Promise<Template> {
  return templateOf(await requestObject<Template>(client, 'PUT', apiPath`/templates/${id}/versions/${version}`));
}

export async function renameTemplate(client: GalileoClient, id: string, name: string): Promise<Template> {
  return templateOf(await requestObject<Template>(client, 'PATCH', apiPath`/templates/${id}`, { body: { name }, idempotent: true }));
}

export async function deleteTemplate(client: GalileoClient, id: string): Promise<void> {
  await client.request('DELETE', apiPath`/templates/${id}`);
}
