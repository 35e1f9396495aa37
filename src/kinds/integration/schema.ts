import type { KindSchema } from '../kind-descriptor.js';

const token = {
  description:
    'Galileo: `token`, write-only. Only a `${VAR}` reference to an environment variable whose name contains KEY, TOKEN, SECRET or PASSWORD (so galctl masks it); galctl records a salted fingerprint of it to see a rotation, never reads it back.',
  type: 'string',
};
const text = (field: string): Record<string, unknown> => ({ description: `Galileo: \`${field}\`.`, type: 'string' });
const stringMap = (field: string): Record<string, unknown> => ({
  description: `Galileo: \`${field}\`.`,
  type: 'object',
  additionalProperties: { type: 'string' },
});
const common = { protect: { $ref: '#/$defs/protect' }, adopt: { $ref: '#/$defs/adopt' } };
const oauth = {
  authentication_scope: text('authentication_scope'),
  oauth2_token_url: text('oauth2_token_url'),
  custom_header_mapping: stringMap('custom_header_mapping'),
};

/**
 * The manifest schema's part for this kind: the org's LLM provider integrations, keyed by provider (Galileo keeps
 * one per provider). Galileo: PUT /integrations/{provider}, GET /integrations, DELETE /integrations/{name}.
 */
export const integrationSchema: KindSchema = {
  section: {
    description: 'LLM provider integrations of the org, keyed by provider (one each). Galileo: PUT /integrations/{provider}.',
    type: 'object',
    additionalProperties: false,
    properties: {
      openai: { $ref: '#/$defs/integrationOpenai' },
      anthropic: { $ref: '#/$defs/integrationAnthropic' },
      azure: { $ref: '#/$defs/integrationAzure' },
      mistral: { $ref: '#/$defs/integrationMistral' },
    },
  },
  defs: {
    integrationOpenai: {
      description: 'The OpenAI integration. Galileo: OpenAIIntegrationCreate.',
      type: 'object',
      additionalProperties: false,
      required: ['token'],
      properties: { token, organization_id: text('organization_id'), ...common },
    },
    integrationAnthropic: {
      description: 'The Anthropic integration. Galileo: AnthropicIntegrationCreate.',
      type: 'object',
      additionalProperties: false,
      required: ['token'],
      properties: {
        token,
        authentication_type: { description: 'Galileo: `authentication_type`.', enum: ['api_key', 'custom_oauth2'] },
        endpoint: text('endpoint'),
        ...oauth,
        ...common,
      },
    },
    integrationAzure: {
      description: 'The Azure OpenAI integration. Galileo: AzureIntegrationCreate.',
      type: 'object',
      additionalProperties: false,
      required: ['token', 'endpoint'],
      properties: {
        token,
        endpoint: text('endpoint'),
        proxy: { description: 'Galileo: `proxy`.', type: 'boolean' },
        api_version: text('api_version'),
        azure_deployment: text('azure_deployment'),
        authentication_type: { description: 'Galileo: `authentication_type`.', enum: ['api_key', 'client_secret', 'username_password', 'custom_oauth2'] },
        default_headers: stringMap('default_headers'),
        deployments: stringMap('deployments'),
        ...oauth,
        ...common,
      },
    },
    integrationMistral: {
      description: 'The Mistral integration. Galileo: MistralIntegrationCreate.',
      type: 'object',
      additionalProperties: false,
      required: ['token'],
      properties: { token, ...common },
    },
  },
};
