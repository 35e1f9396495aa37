import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { baselineCounts, crashRun, type Target } from './apply-runs.js';

// The fast slice of the crash soak (test/soak/crash-resume.test.ts kills 20 times): the built binary (needs
// `npm run build`) is SIGKILLed mid-apply; the re-run converges with an empty re-plan and no duplicates.

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const TARGET: Target = { manifest: 'galileo.yaml.example', cwd: ROOT };
// kill points in finished steps (progress lines): the example's whole apply finishes 12, so each kill lands mid-apply
// whatever the machine's speed
const KILL_AFTER_STEPS = [1, 5, 10];

describe('apply killed with SIGKILL, then re-run (fast slice)', () => {
  it.each(KILL_AFTER_STEPS)('killed after %i finished steps: the re-run converges with no duplicates', async (steps) => {
    const baseline = await baselineCounts(TARGET);
    const r = await crashRun(TARGET, 400 + steps, steps, baseline);
    expect(r.killed, 'the kill must land mid-apply').toBe(true);
    expect(r.resumed.code, r.resumed.stderr).toBe(0);
    expect(r.replanCode).toBe(0);
    expect(r.duplicates).toEqual([]);
    expect(r.missing).toEqual([]);
  });
});
