import type { GalileoClient } from '../../galileo/create-client.js';
import { apiPath } from '../../galileo/api-path.js';
import { collect, paginate } from '../../galileo/paginate.js';
import { requestObject } from '../../galileo/request-object.js';

/** `AnnotationTemplateDB` (the fields galctl reads). */
export interface QueueTemplate {
  id: string;
  name: string;
  criteria?: string | null;
  constraints?: Record<string, unknown> | null;
  include_explanation?: boolean | null;
}

/** `AnnotationQueueResponse` (the fields galctl reads): its templates ride along. */
export interface AnnotationQueue {
  id: string;
  name: string;
  description?: string | null;
  created_at?: string;
  templates?: QueueTemplate[];
}

/** `UserAnnotationQueueCollaborator` (the fields galctl reads). */
export interface QueueUser {
  user_id: string;
  email?: string | null;
  role: string;
}

/** Every annotation queue of the org (`POST /annotation_queues/query`, paged), or those of these exact names. */
export async function queryAnnotationQueues(client: GalileoClient, names?: readonly string[]): Promise<AnnotationQueue[]> {
  const body = names === undefined ? {} : { filters: [{ name: 'name', operator: 'one_of', value: names, case_sensitive: true }] };
  return collect(
    paginate<AnnotationQueue>(client, { method: 'POST', path: '/annotation_queues/query', itemsKey: 'annotation_queues', tokenIn: 'query', body }),
  );
}

export async function getAnnotationQueue(client: GalileoClient, id: string): Promise<AnnotationQueue> {
  return requestObject<AnnotationQueue>(client, 'GET', apiPath`/annotation_queues/${id}`);
}

/** A queue's `name` is Galileo's `Name` object, never a bare string ([SPEC] Create/UpdateAnnotationQueueRequest). */
const asName = (value: string): { value: string } => ({ value });

export async function createAnnotationQueue(
  client: GalileoClient,
  body: { name: string; description?: string; annotator_emails?: string[] },
): Promise<AnnotationQueue> {
  return requestObject<AnnotationQueue>(client, 'POST', '/annotation_queues', { body: { ...body, name: asName(body.name) } });
}

export async function updateAnnotationQueue(client: GalileoClient, id: string, body: { name?: string; description?: string }): Promise<AnnotationQueue> {
  const sent = body.name === undefined ? body : { ...body, name: asName(body.name) };
  return requestObject<AnnotationQueue>(client, 'PATCH', apiPath`/annotation_queues/${id}`, { body: sent, idempotent: true });
}

export async function deleteAnnotationQueue(client: GalileoClient, id: string): Promise<void> {
  await client.request('DELETE', apiPath`/annotation_queues/${id}`);
}

export async function createQueueTemplate(client: GalileoClient, queueId: string, template: Record<string, unknown>): Promise<void> {
  await client.request('POST', apiPath`/annotation_queues/${queueId}/templates`, { body: { template } });
}

/** Only `name` and `criteria` can change (`AnnotationTemplateUpdate`); constraints cannot. */
export async function updateQueueTemplate(client: GalileoClient, queueId: string, id: string, body: { name: string; criteria: string | null }): Promise<void> {
  await client.request('PATCH', apiPath`/annotation_queues/${queueId}/templates/${id}`, { body, idempotent: true });
}

export async function deleteQueueTemplate(client: GalileoClient, queueId: string, id: string): Promise<void> {
  await client.request('DELETE', apiPath`/annotation_queues/${queueId}/templates/${id}`);
}

export async function listQueueUsers(client: GalileoClient, queueId: string): Promise<QueueUser[]> {
  return collect(
    paginate<QueueUser>(client, { method: 'GET', path: apiPath`/annotation_queues/${queueId}/users`, itemsKey: 'collaborators', tokenIn: 'query' }),
  );
}

export async function shareQueue(client: GalileoClient, queueId: string, users: { user_email: string; role: string }[]): Promise<void> {
  await client.request('POST', apiPath`/annotation_queues/${queueId}/users`, { body: users });
}

export async function setQueueUserRole(client: GalileoClient, queueId: string, userId: string, role: string): Promise<void> {
  await client.request('PATCH', apiPath`/annotation_queues/${queueId}/users/${userId}`, { body: { role }, idempotent: true });
}

export async function removeQueueUser(client: GalileoClient, queueId: string, userId: string): Promise<void> {
  await client.request('DELETE', apiPath`/annotation_queues/${queueId}/users/${userId}`);
}
