/**
 * The JSON Schema fragment for an experiment's `runner:` (issue 19): run the team's own application over the
 * experiment's dataset, one call per row. To wire: `$defs.runner` = runnerSchema, and `runner: {$ref:
 * '#/$defs/runner'}` under `$defs.experiment.properties`. What the schema cannot say (command XOR url, which URLs,
 * durations that parse, env that would leak the key) is checkRunner's.
 */
export const runnerSchema = {
  description:
    "Runs your application once per dataset row and ingests its answers as the run's traces (galctl only; Galileo sees the traces). Give command (the row as JSON on stdin, the answer on stdout) or url (the row POSTed as JSON); see docs/runner.md.",
  type: 'object',
  additionalProperties: false,
  properties: {
    command: {
      description: 'The program and its arguments, run in the manifest\'s directory without a shell, e.g. ["python3", "app/answer.py"].',
      type: 'array',
      minItems: 1,
      items: { type: 'string', minLength: 1 },
    },
    url: {
      description: 'An HTTP endpoint that answers a POSTed row: https, or http on a loopback address (127.0.0.1, ::1, localhost).',
      type: 'string',
      minLength: 1,
    },
    inputs: {
      description: "Globs (relative to the manifest) of the files your application's answers depend on; their content is part of the run's fingerprint, so a change to them plans a new run.",
      type: 'array',
      items: { type: 'string', minLength: 1 },
    },
    concurrency: {
      description: 'Rows in flight at once.',
      default: 4,
      anyOf: [{ type: 'integer', minimum: 1, maximum: 64 }, { $ref: '#/$defs/placeholder' }],
    },
    timeout: {
      description: 'Longest time one row may take (e.g. 30s, 2m, 500ms; a bare number is seconds); a row over it fails.',
      default: '30s',
      anyOf: [{ type: 'string', minLength: 1 }, { type: 'number', exclusiveMinimum: 0 }],
    },
    env: {
      description: 'Variables added to the environment of the application (over the inherited ones).',
      type: 'object',
      propertyNames: { pattern: '^[A-Za-z_][A-Za-z0-9_]*$' },
      additionalProperties: { type: 'string' },
    },
    galileo_key: {
      description: "Pass galctl's Galileo credentials (GALILEO_API_KEY and the like) on to the application; by default they are removed from its environment.",
      default: false,
      anyOf: [{ type: 'boolean' }, { $ref: '#/$defs/placeholder' }],
    },
  },
} as const;
