import { readFileSync } from 'node:fs';
import ajv2020 from 'ajv/dist/2020.js';
import { ROOT } from '../helpers/example-workspace.js';

/** A validator of the shipped manifest schema (schemas/galileo.schema.json), which holds `runner:` ($defs.runner). */
export function validatorWithRunner(): (data: unknown) => boolean {
  const schema = JSON.parse(readFileSync(`${ROOT}/schemas/galileo.schema.json`, 'utf8')) as object;
  const Ajv = ajv2020 as unknown as typeof ajv2020.default;
  const validate = new Ajv({ allErrors: true, strict: false }).compile(schema);
  return (data) => validate(data);
}
