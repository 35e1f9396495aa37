import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli, spawnCli } from '../helpers/run-cli.js';
import { createFuzzWorkspace, fuzzCase, judgeValidate, OUTSIDE_SECRET, writeCase, type FuzzWorkspace } from './manifest-fuzzer.js';

// The fast slice of the manifest fuzzer (the soak suite runs 10,000 cases): seeded and deterministic, so a failure
// names the seed and index that reproduce it.

const SEED = 20_240_610;
const CASES = 300;
const BINARY_SAMPLE = 6;

let ws: FuzzWorkspace;
beforeAll(() => {
  ws = createFuzzWorkspace();
});
afterAll(() => ws.cleanup());

describe('manifest fuzzer (fast slice)', () => {
  it(`${CASES} mutated manifests: no crash, no stack trace, exit 0 or 1, every problem located`, async () => {
    const failures: string[] = [];
    let rejected = 0;
    for (let i = 0; i < CASES; i++) {
      const c = fuzzCase(ws, SEED, i);
      const r = await runCli(writeCase(c), { cwd: c.dir, env: { GALILEO_API_KEY: 'glk_fuzz' } });
      const wrong = judgeValidate(r);
      if (r.code === 1) rejected += 1;
      if (r.stderr.includes(OUTSIDE_SECRET) && !c.args.includes('--allow-outside-files')) failures.push(`#${i} leaked a file outside the directory`);
      if (wrong !== undefined) failures.push(`#${i} (${c.base}: ${c.mutations.join(', ')}${c.args.length > 0 ? ' --allow-outside-files' : ''}): ${wrong}\n${r.stderr.slice(0, 600)}`);
    }
    expect(failures).toEqual([]);
    // the mutations do break manifests: most cases must be refused
    expect(rejected).toBeGreaterThan(CASES / 2);
  });

  it(`a sample through the built binary behaves the same`, async () => {
    for (let i = 0; i < BINARY_SAMPLE; i++) {
      const c = fuzzCase(ws, SEED + 1, i);
      const r = await spawnCli(writeCase(c), { cwd: c.dir, timeoutMs: 20_000 });
      expect(r.signal, `case ${i} killed by timeout`).toBeNull();
      expect(judgeValidate(r), `case ${i} (${c.mutations.join(', ')})`).toBeUndefined();
    }
  });

  it('the binary prints no Node warning for a YAML key that is a collection (the yaml package warned on stderr)', async () => {
    const dir = ws.bases[0]?.dir ?? '';
    writeFileSync(path.join(dir, 'fuzz.yaml'), '? [a, b]\n: c\nversion: 1\n');
    const r = await spawnCli(['validate', '-f', 'fuzz.yaml'], { cwd: dir, timeoutMs: 20_000 });
    expect(r.stderr).not.toMatch(/Warning|trace-warnings/);
    expect(judgeValidate(r)).toBeUndefined();
  });
});
