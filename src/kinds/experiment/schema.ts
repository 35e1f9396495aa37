import { runnerSchema } from '../../runner/runner-schema.js';
import type { KindSchema } from '../kind-descriptor.js';

/**
 * The manifest schema's part for this kind: its section and its definitions (assembled by
 * src/manifest/manifest-schema.ts).
 */
export const experimentSchema: KindSchema = {
  section: {
    description: 'Experiments of this project, keyed by a local name.',
    type: 'object',
    propertyNames: { $ref: '#/$defs/key' },
    additionalProperties: { $ref: '#/$defs/experiment' },
  },
  defs: {
    runner: runnerSchema,
    threshold: {
      description: "Pass/fail limits on one scorer's results, checked after the run. galctl only.",
      type: 'object',
      additionalProperties: false,
      minProperties: 1,
      properties: {
        average: {
          $ref: '#/$defs/comparison',
          description: 'On the average score (metrics `average`), e.g. ">= 0.8".',
        },
        share_true: {
          $ref: '#/$defs/comparison',
          description: 'Boolean scorers: on the share of true results (0 to 1), e.g. ">= 0.9".',
        },
        min: { $ref: '#/$defs/comparison', description: 'On the lowest score, e.g. ">= 0.5".' },
        max: { $ref: '#/$defs/comparison', description: 'On the highest score, e.g. "<= 1".' },
        categories: {
          description: 'Categorical scorers: category → comparison on its count (metrics `buckets`), e.g. {toxic: "== 0"}.',
          type: 'object',
          additionalProperties: { $ref: '#/$defs/comparison' },
        },
        max_drop: {
          type: 'number',
          description: 'Regression gate: the largest allowed drop of the average (share of true for boolean scorers) from the baseline run, on rows paired across both runs, e.g. 0.02. A negative value requires an improvement. galctl only.',
        },
        max_regressed_rows: {
          type: 'integer',
          minimum: 0,
          description: 'Regression gate: the most rows allowed to regress from the baseline run (true to false, a lower score, a changed category), e.g. 2. galctl only.',
        },
      },
    },
    experiment: {
      description: 'An experiment. Flow A: dataset + template. Flow B: dataset with a generated_output column, no template. Flow C: traces (no dataset). Galileo: POST /projects/{id}/experiments; dataset and template are fixed at creation.',
      type: 'object',
      additionalProperties: false,
      properties: {
        name: { $ref: '#/$defs/name', description: 'Remote experiment name (`name`); defaults to the key.' },
        dataset: {
          description: 'A key under `datasets:`, or `{name: key, version: N}` to pin the run to that version of it. Galileo: `dataset {dataset_id, version_index}`.',
          oneOf: [
            { $ref: '#/$defs/key' },
            {
              type: 'object',
              additionalProperties: false,
              required: ['name', 'version'],
              properties: {
                name: { $ref: '#/$defs/key', description: 'A key under `datasets:`.' },
                version: { type: 'integer', minimum: 1, description: 'The dataset version the run reads (`version_index`); it must exist.' },
              },
            },
          ],
        },
        template: {
          description: "A key under this project's `templates:`, or `{global: key}` for a key under `global_templates:` (needs a dataset). Galileo: `prompt_template_version_id` (the template's selected version).",
          oneOf: [
            { $ref: '#/$defs/key' },
            {
              type: 'object',
              additionalProperties: false,
              required: ['global'],
              properties: { global: { $ref: '#/$defs/key', description: 'A key under `global_templates:`; the run uses its selected version.' } },
            },
          ],
        },
        prompt_settings: {
          $ref: '#/$defs/promptSettings',
          description: 'Settings for generation (flow A). Galileo: `prompt_settings`.',
        },
        scorers: { $ref: '#/$defs/scorerList' },
        scorer_overrides: { $ref: '#/$defs/scorerOverrides' },
        sampling: { $ref: '#/$defs/sampling' },
        trigger: {
          description: 'Start generation and scoring at creation. Galileo: `trigger`. Default true when a dataset is given.',
          anyOf: [{ type: 'boolean' }, { $ref: '#/$defs/placeholder' }],
        },
        thresholds: {
          description: 'Per scorer (as listed in scorers), limits the results must meet. galctl only.',
          type: 'object',
          propertyNames: { $ref: '#/$defs/scorerRef' },
          additionalProperties: { $ref: '#/$defs/threshold' },
        },
        traces: { $ref: '#/$defs/traceFile' },
        runner: { $ref: '#/$defs/runner' },
        tags: {
          description: "Tags of the experiment's runs, key → value, e.g. {team: search, tier: gold}. Written with galctl's own run tags (galctl:…, a reserved prefix); a changed value is updated on the current run, a tag added by hand is left alone. Galileo: POST/PUT /projects/{id}/experiments/{id}/tags (tag_type generic).",
          type: 'object',
          propertyNames: { type: 'string', minLength: 1, maxLength: 256, pattern: '^(?!galctl:)' },
          additionalProperties: { type: 'string', maxLength: 256 },
        },
        keep_runs: {
          type: 'integer',
          minimum: 1,
          description: "Runs of this experiment to keep (the current one included): apply deletes the stack's older runs beyond this many. Default: keep every run. galctl only.",
        },
        protect: { $ref: '#/$defs/protect' },
        adopt: { $ref: '#/$defs/adopt' },
      },
    },
  },
};
