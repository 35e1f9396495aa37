import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli, spawnCli } from '../helpers/run-cli.js';
import { createFuzzWorkspace, fuzzCase, judgeValidate, OUTSIDE_SECRET, writeCase, type FuzzWorkspace } from '../reliability/manifest-fuzzer.js';

// 10,000 fuzzed manifests in-process through `galctl validate`, plus 100 through the built binary.

const SEED = 10_010;
const CASES = 10_000;
const BINARY_SAMPLE = 100;

let ws: FuzzWorkspace;
beforeAll(() => {
  ws = createFuzzWorkspace();
});
afterAll(() => ws.cleanup());

describe('manifest fuzzer (soak)', () => {
  it(`${CASES} cases: no crash, no stack trace, exit 0 or 1, every problem located`, async () => {
    const failures: string[] = [];
    const byMutation: Record<string, number> = {};
    let rejected = 0;
    const started = Date.now();
    for (let i = 0; i < CASES; i++) {
      const c = fuzzCase(ws, SEED, i);
      for (const m of c.mutations) byMutation[m] = (byMutation[m] ?? 0) + 1;
      const r = await runCli(writeCase(c), { cwd: c.dir });
      if (r.code === 1) rejected += 1;
      if (r.stderr.includes(OUTSIDE_SECRET) && !c.args.includes('--allow-outside-files')) failures.push(`#${i} leaked a file outside the directory`);
      const wrong = judgeValidate(r);
      if (wrong !== undefined) failures.push(`#${i} (${c.base}: ${c.mutations.join(', ')}): ${wrong}`);
    }
    console.log(`fuzz soak: ${CASES} cases (seed ${SEED}), ${rejected} refused with located problems, ${CASES - rejected} valid, ${failures.length} failures, ${((Date.now() - started) / 1000).toFixed(1)} s; mutations ${JSON.stringify(byMutation)}`);
    expect(failures.slice(0, 20)).toEqual([]);
  }, 15 * 60_000);

  it(`${BINARY_SAMPLE} cases through the built binary`, async () => {
    const failures: string[] = [];
    for (let i = 0; i < BINARY_SAMPLE; i++) {
      const c = fuzzCase(ws, SEED + 1, i);
      const r = await spawnCli(writeCase(c), { cwd: c.dir, timeoutMs: 20_000 });
      const wrong = r.signal !== null ? `killed (${r.signal})` : judgeValidate(r);
      if (wrong !== undefined) failures.push(`#${i} (${c.mutations.join(', ')}): ${wrong}`);
    }
    expect(failures).toEqual([]);
  }, 10 * 60_000);
});
