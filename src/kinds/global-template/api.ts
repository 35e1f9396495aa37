import type { GalileoClient } from '../../galileo/create-client.js';
import { requestObject } from '../../galileo/request-object.js';
import type { Template } from '../../galileo/types.js';
import { templateOf } from '../template/api.js';

/** Creates an org-wide template with version 1, selected (`POST /templates`, no project). */
export async function createGlobalTemplate(
  client: GalileoClient,
  body: { name: string; template: unknown; settings?: Record<string, unknown> },
): Promise<Template> {
  return templateOf(await requestObject<Template>(client, 'POST', '/templates', { body }));
}
