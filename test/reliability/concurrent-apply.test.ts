import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { baselineCounts, concurrentRun, type Target } from './apply-runs.js';

// Two applies of the same manifest at the same time against one simulator: whatever each of them reports, no
// named resource, version or trace exists twice afterwards, and a settling re-run leaves an empty plan.

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

describe('two applies of the same manifest at once', () => {
  it.each([
    ['galileo.yaml.example', 7],
    ['examples/prompt-template/galileo.yaml', 8],
  ])('%s: no duplicate named resources', async (manifest, seed) => {
    const target: Target = { manifest, cwd: ROOT };
    const baseline = await baselineCounts(target);
    const r = await concurrentRun(target, seed, baseline);
    expect(r.duplicates).toEqual([]);
    expect(r.missing).toEqual([]);
    expect(r.settleCode).toBe(0);
    expect(r.replanCode).toBe(0);
  });
});
