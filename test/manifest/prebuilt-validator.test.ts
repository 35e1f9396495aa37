import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ErrorObject, ValidateFunction } from 'ajv';
import { parse } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compileManifestValidator } from '../../src/manifest/validate-schema.js';
import { assertFreshBuild } from '../helpers/run-cli.js';
import { createFuzzWorkspace, fuzzCase, type FuzzWorkspace } from '../reliability/manifest-fuzzer.js';

// The CLI validates manifests with the validator the build compiled ahead of time (scripts/build-cli.mjs writes
// dist/manifest/prebuilt-validator.js); the sources compile it at first use. Both must say the same of any data.

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const shape = (errors: ErrorObject[] | null | undefined) =>
  (errors ?? []).map((e) => ({ instancePath: e.instancePath, schemaPath: e.schemaPath, keyword: e.keyword, params: e.params, message: e.message, parentSchema: e.parentSchema }));

describe('the prebuilt manifest validator', () => {
  let prebuilt: ValidateFunction;
  let runtime: ValidateFunction;
  let ws: FuzzWorkspace;
  beforeAll(async () => {
    assertFreshBuild();
    const built = (await import(path.join(ROOT, 'dist/manifest/prebuilt-validator.js'))) as { prebuiltValidator?: ValidateFunction };
    expect(typeof built.prebuiltValidator).toBe('function');
    prebuilt = built.prebuiltValidator!;
    runtime = compileManifestValidator().validate;
    ws = createFuzzWorkspace();
  });
  afterAll(() => ws?.cleanup());

  const same = (data: unknown): boolean => {
    const ok = runtime(data);
    expect(prebuilt(data)).toBe(ok);
    expect(shape(prebuilt.errors)).toEqual(shape(runtime.errors));
    return ok;
  };

  it('accepts the examples, as the compiled one does', () => {
    for (const file of ['galileo.yaml.example', 'examples/production/galileo.yaml', 'examples/raw-traces/galileo.yaml', 'examples/app-runner/galileo.yaml']) {
      expect(same(parse(readFileSync(path.join(ROOT, file), 'utf8'))), file).toBe(true);
    }
  });

  it('words 300 fuzzed manifests exactly as the compiled one does', () => {
    let refused = 0;
    for (let i = 0; i < 300; i += 1) {
      const c = fuzzCase(ws, 0x5eed, i);
      let data: unknown;
      try {
        data = parse(c.content.toString(), { maxAliasCount: 100 });
      } catch {
        continue; // not YAML: never reaches the schema
      }
      if (!same(data)) refused += 1;
    }
    expect(refused).toBeGreaterThan(20);
  });
});
