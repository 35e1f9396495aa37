import type { KindSchema } from '../kind-descriptor.js';

const OPERATORS = ['gt', 'lt', 'gte', 'lte', 'eq', 'neq', 'contains', 'all', 'any', 'empty', 'not_empty'];
const STATUSES = ['triggered', 'failed', 'error', 'timeout', 'paused', 'not_triggered', 'skipped'];

/** The manifest schema's part for Protect stages (Galileo's `StageWithRulesets`, `Ruleset`, `Rule`, actions). */
export const stageSchema: KindSchema = {
  section: {
    description: 'Protect stages of this project, keyed by a local name.',
    type: 'object',
    propertyNames: { $ref: '#/$defs/key' },
    additionalProperties: { $ref: '#/$defs/stage' },
  },
  defs: {
    stage: {
      description:
        'A Protect stage: rulesets checked against a payload, in priority order. Galileo: POST /projects/{id}/stages; a change of rulesets is a new version of the stage, `paused` is PUT …/stages/{id}?pause=. Galileo does not read rulesets back: galctl compares them with what it last applied.',
      type: 'object',
      additionalProperties: false,
      properties: {
        name: { $ref: '#/$defs/name', description: 'Remote stage name (`name`, unique in the project); defaults to the key.' },
        description: { type: 'string', description: 'What the stage guards (`description`); set when the stage is made, Galileo cannot change it.' },
        type: { enum: ['local', 'central'], description: '`local` (default) or `central`; set when the stage is made, Galileo cannot change it.' },
        paused: { type: 'boolean', description: 'A paused stage applies no action (`paused`); default false.' },
        rulesets: {
          description: 'Rulesets in priority order (`prioritized_rulesets`). Left out: galctl leaves the rulesets alone.',
          type: 'array',
          items: { $ref: '#/$defs/stageRuleset' },
        },
        protect: { $ref: '#/$defs/protect' },
        adopt: { $ref: '#/$defs/adopt' },
      },
    },
    stageRuleset: {
      description: 'A ruleset: when all its rules are met, its action applies.',
      type: 'object',
      additionalProperties: false,
      required: ['rules'],
      properties: {
        description: { type: 'string', description: 'What the ruleset checks (`description`).' },
        rules: {
          description: 'Rules that must all be met (`rules`, at least one).',
          type: 'array',
          minItems: 1,
          items: {
            type: 'object',
            additionalProperties: false,
            required: ['metric', 'operator', 'target_value'],
            properties: {
              metric: { type: 'string', minLength: 1, description: 'The metric compared (e.g. `toxicity`).' },
              operator: { enum: OPERATORS, description: 'How the metric compares with `target_value`.' },
              target_value: { description: 'The right-hand side: a string, a number, a list or null.', type: ['string', 'number', 'array', 'null'] },
            },
          },
        },
        action: {
          description: 'What happens when every rule is met: OVERRIDE answers one of `choices`; PASSTHROUGH (default) lets the payload through.',
          type: 'object',
          additionalProperties: false,
          required: ['type'],
          properties: {
            type: { enum: ['OVERRIDE', 'PASSTHROUGH'], description: 'The action (`type`).' },
            choices: { type: 'array', minItems: 1, items: { type: 'string' }, description: 'OVERRIDE: the answers to choose from (`choices`).' },
            subscriptions: {
              description: 'Webhooks notified of executions (`subscriptions`).',
              type: 'array',
              items: {
                type: 'object',
                additionalProperties: false,
                required: ['url'],
                properties: {
                  url: { type: 'string', format: 'uri', description: 'The webhook URL.' },
                  statuses: { type: 'array', items: { enum: STATUSES }, description: 'Execution statuses that notify it (default: triggered).' },
                },
              },
            },
          },
          if: { properties: { type: { const: 'OVERRIDE' } } },
          then: { required: ['choices'], properties: { choices: { description: 'OVERRIDE needs its choices.' } } },
        },
      },
    },
  },
};
