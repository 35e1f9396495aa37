import type { KindSchema } from '../kind-descriptor.js';

/**
 * The manifest schema's part for this kind: its section and its definitions (assembled by
 * src/manifest/manifest-schema.ts).
 */
export const logStreamSchema: KindSchema = {
  section: {
    description: 'Log streams of this project, keyed by a local name.',
    type: 'object',
    propertyNames: { $ref: '#/$defs/key' },
    additionalProperties: { $ref: '#/$defs/logStream' },
  },
  defs: {
    logStream: {
      description: 'A log stream for production traffic. Galileo: POST /projects/{id}/log_streams + scorer settings.',
      type: 'object',
      additionalProperties: false,
      properties: {
        name: { $ref: '#/$defs/name', description: 'Remote log stream name (`name`); defaults to the key.' },
        scorers: { $ref: '#/$defs/scorerList' },
        scorer_overrides: { $ref: '#/$defs/scorerOverrides' },
        sampling: { $ref: '#/$defs/sampling' },
        traces: { $ref: '#/$defs/traceFile' },
        protect: { $ref: '#/$defs/protect' },
        adopt: { $ref: '#/$defs/adopt' },
      },
    },
  },
};
