import ajv2020 from 'ajv/dist/2020.js';
import { describe, expect, it } from 'vitest';
import { assembleManifestSchema } from '../../src/manifest/manifest-schema.js';
import { manifestSchema, validateSchema } from '../../src/manifest/validate-schema.js';

/** Every property schema (under `properties`, and every `$defs` entry) with its JSON path. */
function propertySchemas(node: unknown, path: string, out: [string, Record<string, unknown>][]): void {
  if (node === null || typeof node !== 'object') return;
  const obj = node as Record<string, unknown>;
  for (const section of ['properties', '$defs'] as const) {
    const props = obj[section];
    if (props !== null && typeof props === 'object') {
      for (const [name, sub] of Object.entries(props as Record<string, unknown>)) {
        if (sub !== null && typeof sub === 'object') out.push([`${path}.${section}.${name}`, sub as Record<string, unknown>]);
      }
    }
  }
  for (const [k, v] of Object.entries(obj)) if (typeof v === 'object') propertySchemas(v, `${path}.${k}`, out);
}

describe('schemas/galileo.schema.json', () => {
  const schema = manifestSchema();

  it('is the schema assembled from the kind registry (each kind\'s section and definitions)', () => {
    // the shipped file is what editors read; galctl validates with the assembled one: they must not drift
    expect(schema).toEqual(assembleManifestSchema());
  });

  it('is draft 2020-12 with an $id and a title', () => {
    expect(schema['$schema']).toBe('https://json-schema.org/draft/2020-12/schema');
    expect(schema['$id']).toMatch(/galileo\.schema\.json$/);
    expect(schema['title']).toBeTruthy();
  });

  it('has a description on every property (directly, or on the definition it refers to)', () => {
    const defs = schema['$defs'] as Record<string, Record<string, unknown>>;
    const all: [string, Record<string, unknown>][] = [];
    propertySchemas(schema, '$', all);
    expect(all.length).toBeGreaterThan(80);
    // `if` conditions only test a value; they are not fields a user writes
    const missing = all.filter(([path, s]) => {
      if (path.includes('.if.')) return false;
      if (typeof s['description'] === 'string' && s['description'].length > 0) return false;
      const ref = s['$ref'];
      return !(typeof ref === 'string' && typeof defs[ref.replace('#/$defs/', '')]?.['description'] === 'string');
    });
    expect(missing.map(([p]) => p)).toEqual([]);
  });

  it('closes every object (additionalProperties false or a schema for the values)', () => {
    const open: string[] = [];
    const walk = (node: unknown, path: string): void => {
      if (node === null || typeof node !== 'object') return;
      const o = node as Record<string, unknown>;
      if (o['type'] === 'object' && o['additionalProperties'] === undefined && path !== '$.$defs.promptSettings.properties.response_format' && !path.includes('tool')) open.push(path);
      for (const [k, v] of Object.entries(o)) walk(v, `${path}.${k}`);
    };
    walk(schema, '$');
    expect(open).toEqual([]);
  });

  it('accepts ${VAR} references in number and boolean fields as written (editors), while galctl still checks the value', () => {
    const ajv = new ajv2020.default({ allErrors: true, strict: false });
    const validate = ajv.compile(schema);
    const manifest = (judges: unknown, trigger: unknown): unknown => ({
      version: 1,
      scorers: { q: { type: 'llm', node_types: ['llm'], output_type: 'percentage', prompt: 'Rate {output}', judges, chain_of_thought: '${COT:-true}', protect: '${PROTECT}' } },
      projects: { p: { experiments: { e: { trigger, scorers: ['q'] } } } },
    });
    expect(validate(manifest('${JUDGES:-3}', '${TRIGGER:-false}')), JSON.stringify(validate.errors)).toBe(true);
    expect(validate(manifest(3, true))).toBe(true);
    expect(validate(manifest('three', true))).toBe(false);
    expect(validate(manifest(11, true))).toBe(false);
    // galctl validates the interpolated data: a `${…}` left there is not a number, and the error names the type
    const issues = validateSchema({ version: 1, scorers: { q: { type: 'llm', node_types: ['llm'], output_type: 'percentage', prompt: 'Rate {output}', judges: '${JUDGES}' } } });
    expect(issues.map((i) => i.message).join('\n')).toContain('expected an integer for judges of scorer "q"');
  });
});
