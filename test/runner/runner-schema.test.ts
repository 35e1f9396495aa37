import { readFileSync } from 'node:fs';
import ajv2020 from 'ajv/dist/2020.js';
import { describe, expect, it } from 'vitest';
import { runnerSchema } from '../../src/runner/runner-schema.js';
import { ROOT } from '../helpers/example-workspace.js';

/** The manifest schema with `runner:` wired in as the lead will: $defs.runner and experiment.properties.runner. */
function validator() {
  const schema = JSON.parse(readFileSync(`${ROOT}/schemas/galileo.schema.json`, 'utf8')) as { $defs: Record<string, { properties: Record<string, unknown> }> };
  schema.$defs['runner'] = runnerSchema as never;
  schema.$defs['experiment']!.properties['runner'] = { $ref: '#/$defs/runner' };
  const Ajv = ajv2020 as unknown as typeof ajv2020.default;
  return new Ajv({ allErrors: true, strict: false }).compile(schema);
}

const manifest = (runner: unknown) => ({ version: 1, datasets: { d: { rows: [{ input: 'q' }] } }, projects: { demo: { experiments: { app: { dataset: 'd', runner } } } } });

describe('runnerSchema', () => {
  const validate = validator();
  it.each([
    [{ command: ['python3', 'app/answer.py'], inputs: ['app/**/*.py'], concurrency: 4, timeout: '30s' }, true],
    [{ url: 'http://127.0.0.1:8080/answer', env: { MODE: 'eval' }, galileo_key: false }, true],
    [{ command: [] }, false],
    [{ command: ['x'], concurrency: 65 }, false],
    [{ command: ['x'], concurrency: 0 }, false],
    [{ command: ['x'], retries: 3 }, false],
    [{ command: ['x'], env: { 'BAD-NAME': 'v' } }, false],
  ])('%j valid: %s', (runner, ok) => {
    expect(validate(manifest(runner))).toBe(ok);
  });
});
