import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { baselineCounts, faultRun, type Target } from './apply-runs.js';

// The fast slice of the fault soak (test/soak/faults-apply.test.ts runs 30): apply under 10% 5xx, 5% 429 with
// Retry-After, 2% dropped connections and jitter, 5% of answers lost after processing, retried like CI while it
// exits 1; the re-plan must be empty and /__sim/state must hold exactly what a fault-free apply creates.

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const TARGETS: Target[] = [
  { manifest: 'galileo.yaml.example', cwd: ROOT },
  { manifest: 'examples/prompt-template/galileo.yaml', cwd: ROOT },
  { manifest: 'examples/log-stream-monitoring/galileo.yaml', cwd: ROOT },
];

describe('apply under injected faults (fast slice)', () => {
  /** answers lost after processing, per target: a small manifest may draw none, the three together do */
  const lostAfter: number[] = [];
  it.each(TARGETS.map((t, i) => [t.manifest, t, i] as const))('%s converges with no duplicates', async (_name, target, i) => {
    const baseline = await baselineCounts(target);
    const report = await faultRun(target, 100 + i, baseline);
    expect(report.duplicates).toEqual([]);
    expect(report.missing).toEqual([]);
    expect(report.converged, report.failures.join('\n')).toBe(true);
    expect(report.replanCode, report.failures.join('\n')).toBe(0);
    expect(report.faults.injected + report.faults.rate_limited + report.faults.dropped).toBeGreaterThan(0);
    lostAfter.push(report.faults.after_5xx + report.faults.after_dropped);
  });

  it('answers lost after processing were among the faults', () => {
    expect(lostAfter).toHaveLength(TARGETS.length);
    expect(lostAfter.reduce((a, b) => a + b, 0)).toBeGreaterThan(0);
  });
});
