import type { GalileoClient } from '../../galileo/create-client.js';
import { apiPath } from '../../galileo/api-path.js';
import { requestObject } from '../../galileo/request-object.js';
import type { IntegrationProvider } from './types.js';

/** `IntegrationDB`: no configuration, no secret. */
export interface IntegrationDB {
  id: string;
  name: string;
  provider: string;
  created_at?: string;
}

/** The org's integrations (`GET /integrations`: one call, no paging). */
export async function listIntegrations(client: GalileoClient): Promise<IntegrationDB[]> {
  const { data } = await client.request<IntegrationDB[]>('GET', '/integrations');
  return Array.isArray(data) ? data : [];
}

/** One provider's integration with its settings (`GET /integrations/{name}`), never its token. */
export async function getIntegration(client: GalileoClient, name: string): Promise<Record<string, unknown>> {
  return requestObject<Record<string, unknown>>(client, 'GET', apiPath`/integrations/${name}`);
}

type Put = (client: GalileoClient, body: Record<string, unknown>) => Promise<IntegrationDB>;

/** Galileo has one create-or-replace route per provider, each with its own body schema. */
const PUT: Record<IntegrationProvider, Put> = {
  openai: (client, body) => requestObject<IntegrationDB>(client, 'PUT', '/integrations/openai', { body }),
  anthropic: (client, body) => requestObject<IntegrationDB>(client, 'PUT', '/integrations/anthropic', { body }),
  azure: (client, body) => requestObject<IntegrationDB>(client, 'PUT', '/integrations/azure', { body }),
  mistral: (client, body) => requestObject<IntegrationDB>(client, 'PUT', '/integrations/mistral', { body }),
};

/** Creates or replaces the org's integration of a provider (`PUT /integrations/{provider}`). */
export async function putIntegration(client: GalileoClient, provider: IntegrationProvider, body: Record<string, unknown>): Promise<IntegrationDB> {
  return PUT[provider](client, body);
}

export async function deleteIntegration(client: GalileoClient, name: string): Promise<void> {
  await client.request('DELETE', apiPath`/integrations/${name}`);
}
