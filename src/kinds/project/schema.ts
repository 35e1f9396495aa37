import type { KindSchema } from '../kind-descriptor.js';

/**
 * The manifest schema's part for this kind: its section and its definitions (assembled by
 * src/manifest/manifest-schema.ts). A project's definition gets each project kind's section added.
 */
export const projectSchema: KindSchema = {
  section: {
    description: 'Galileo projects (type gen_ai), keyed by a local name, each with its templates, log streams and experiments. Galileo: POST /projects.',
    type: 'object',
    propertyNames: { $ref: '#/$defs/key' },
    additionalProperties: { $ref: '#/$defs/project' },
  },
  defs: {
    project: {
      description: 'A Galileo project (type gen_ai). Galileo: POST /projects, PUT /projects/{id} for description and labels.',
      type: 'object',
      additionalProperties: false,
      properties: {
        name: { $ref: '#/$defs/name', description: 'Remote project name (`name`); defaults to the key.' },
        description: { description: 'Galileo: `description`.', type: 'string' },
        labels: {
          description: 'Galileo: `labels`. Galileo only accepts "sample" (its closed enum ProjectLabels); it marks a sample project in the UI.',
          type: 'array',
          items: {
            type: 'string',
            enum: ['sample'],
            description: 'Galileo only accepts "sample"; it marks a sample project in the UI.',
          },
          uniqueItems: true,
        },
        protect: { $ref: '#/$defs/protect' },
        adopt: { $ref: '#/$defs/adopt' },
      },
    },
  },
};
