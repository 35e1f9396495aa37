import type { KindSchema } from '../kind-descriptor.js';

/**
 * The manifest schema's part for this kind: its section and its definitions (assembled by
 * src/manifest/manifest-schema.ts).
 */
export const datasetSchema: KindSchema = {
  section: {
    description: 'Org-level datasets, keyed by a local name. Galileo: POST /datasets (multipart upload); content changes become new dataset versions.',
    type: 'object',
    propertyNames: { $ref: '#/$defs/key' },
    additionalProperties: { $ref: '#/$defs/dataset' },
  },
  defs: {
    cell: {
      description: 'One cell: a string, number, boolean, null, or an object/list (sent as JSON).',
      type: ['string', 'number', 'boolean', 'null', 'object', 'array'],
    },
    dataset: {
      description: 'A dataset, from a file or inline rows. Reserved columns: input, output (the expected answer; not ground_truth), generated_output (flow B), metadata. Galileo: POST /datasets.',
      type: 'object',
      additionalProperties: false,
      properties: {
        name: {
          $ref: '#/$defs/name',
          description: 'Remote dataset name (`name`); defaults to the key. Unique in the org.',
        },
        file: {
          $ref: '#/$defs/filePath',
          description: 'A .csv, .jsonl or .json file (JSON: a top-level array of objects). Galileo: multipart `file`.',
        },
        format: {
          description: 'File format when the extension does not say. Galileo: `?format=` query parameter.',
          enum: ['csv', 'jsonl', 'json'],
        },
        rows: {
          description: 'Inline rows instead of a file, each a map column → value. Uploaded as JSONL.',
          type: 'array',
          minItems: 1,
          items: {
            description: 'One row: column → value.',
            type: 'object',
            propertyNames: { type: 'string', minLength: 1 },
            additionalProperties: { $ref: '#/$defs/cell' },
          },
        },
        protect: { $ref: '#/$defs/protect' },
        adopt: { $ref: '#/$defs/adopt' },
      },
    },
  },
};
