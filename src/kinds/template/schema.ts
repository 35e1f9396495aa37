import type { KindSchema } from '../kind-descriptor.js';

/**
 * The manifest schema's part for this kind: its section and its definitions (assembled by
 * src/manifest/manifest-schema.ts).
 */
export const templateSchema: KindSchema = {
  section: {
    description: 'Prompt templates of this project, keyed by a local name.',
    type: 'object',
    propertyNames: { $ref: '#/$defs/key' },
    additionalProperties: { $ref: '#/$defs/template' },
  },
  defs: {
    message: {
      description: 'One chat message. Galileo: Message {role, content}.',
      type: 'object',
      additionalProperties: false,
      required: ['role', 'content'],
      properties: {
        role: {
          description: 'Galileo: `role`.',
          enum: ['system', 'user', 'assistant', 'tool', 'developer', 'function'],
        },
        content: { description: 'Mustache text ({{input}}). Galileo: `content`.', type: 'string' },
      },
    },
    template: {
      description: 'A prompt template; its text is Mustache ({{input}}). Galileo: POST /projects/{id}/templates; changes become a new version that galctl selects.',
      type: 'object',
      additionalProperties: false,
      properties: {
        name: { $ref: '#/$defs/name', description: 'Remote template name (`name`); defaults to the key.' },
        template: {
          description: 'Template text with Mustache variables such as {{input}}. Galileo: `template`.',
          type: 'string',
          minLength: 1,
        },
        messages: {
          description: 'A chat template, as messages (instead of template). Galileo: `template` as Message[].',
          type: 'array',
          minItems: 1,
          items: { $ref: '#/$defs/message' },
        },
        template_file: {
          $ref: '#/$defs/filePath',
          description: 'A text file holding the template (instead of template). Galileo: `template`.',
        },
        settings: {
          $ref: '#/$defs/promptSettings',
          description: 'Model settings saved with the template version. Galileo: `settings` (PromptRunSettings).',
        },
        protect: { $ref: '#/$defs/protect' },
        adopt: { $ref: '#/$defs/adopt' },
      },
    },
  },
};
