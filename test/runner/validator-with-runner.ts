import { readFileSync } from 'node:fs';
import ajv2020 from 'ajv/dist/2020.js';
import { runnerSchema } from '../../src/runner/runner-schema.js';
import { ROOT } from '../helpers/example-workspace.js';

/** The manifest schema with `runner:` wired in as the lead will: $defs.runner and experiment.properties.runner. */
export function validatorWithRunner(): (data: unknown) => boolean {
  const schema = JSON.parse(readFileSync(`${ROOT}/schemas/galileo.schema.json`, 'utf8')) as { $defs: Record<string, { properties: Record<string, unknown> }> };
  schema.$defs['runner'] = runnerSchema as never;
  schema.$defs['experiment']!.properties['runner'] = { $ref: '#/$defs/runner' };
  const Ajv = ajv2020 as unknown as typeof ajv2020.default;
  const validate = new Ajv({ allErrors: true, strict: false }).compile(schema);
  return (data) => validate(data);
}
