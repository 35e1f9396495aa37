import type { KindSchema } from '../kind-descriptor.js';

/** The manifest schema's part for this kind: the org-wide templates (assembled by src/manifest/manifest-schema.ts). */
export const globalTemplateSchema: KindSchema = {
  section: {
    description: 'Org-wide prompt templates shared by every project, keyed by a local name. Galileo: POST /templates.',
    type: 'object',
    propertyNames: { $ref: '#/$defs/key' },
    additionalProperties: { $ref: '#/$defs/globalTemplate' },
  },
  defs: {
    globalTemplate: {
      description:
        'An org-wide prompt template (Mustache text, {{input}}). Galileo: POST /templates; a change becomes a new version, or selects an older version that says the same, and the plan shows the selected version moving.',
      type: 'object',
      additionalProperties: false,
      properties: {
        name: { $ref: '#/$defs/name', description: 'Remote template name (`name`, unique in the org); defaults to the key.' },
        template: { description: 'Template text with Mustache variables such as {{input}}. Galileo: `template`.', type: 'string', minLength: 1 },
        messages: {
          description: 'A chat template, as messages (instead of template). Galileo: `template` as Message[].',
          type: 'array',
          minItems: 1,
          items: { $ref: '#/$defs/message' },
        },
        settings: { $ref: '#/$defs/promptSettings', description: 'Model settings saved with the template version. Galileo: `settings` (PromptRunSettings).' },
        protect: { $ref: '#/$defs/protect' },
        adopt: { $ref: '#/$defs/adopt' },
      },
    },
  },
};
