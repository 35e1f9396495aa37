import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { baselineCounts, crashRun, type Target } from './apply-runs.js';

// The fast slice of the crash soak (test/soak/crash-resume.test.ts kills 20 times): the built binary (needs
// `npm run build`) is SIGKILLed mid-apply; the re-run converges with an empty re-plan and no duplicates.

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const TARGET: Target = { manifest: 'galileo.yaml.example', cwd: ROOT };
// the example's whole apply takes ~1.3 s here at 80±40 ms latency (new experiments get their scorers in the create
// body), so the last kill must land before that
const KILL_AFTER_MS = [400, 800, 1100];

describe('apply killed with SIGKILL, then re-run (fast slice)', () => {
  it.each(KILL_AFTER_MS)('killed after %i ms: the re-run converges with no duplicates', async (ms) => {
    const baseline = await baselineCounts(TARGET);
    const r = await crashRun(TARGET, ms, ms, baseline);
    expect(r.killed, 'the kill must land mid-apply').toBe(true);
    expect(r.resumed.code, r.resumed.stderr).toBe(0);
    expect(r.replanCode).toBe(0);
    expect(r.duplicates).toEqual([]);
    expect(r.missing).toEqual([]);
  });
});
