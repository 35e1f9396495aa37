import { describe, expect, it } from 'vitest';
import { medianRun } from '../../bench/median-run.js';
import type { Measurement } from '../../bench/measure.js';

const run = (wallMs: number, peakRssMb: number): { m: Measurement } => ({ m: { wallMs, peakRssMb, requests: 1, retries: 0, cpuMs: 0, byRoute: {}, simCpuMs: undefined, runQueueMs: undefined } });

describe('medianRun', () => {
  it('takes the run of median wall time, with the largest peak RSS of all runs', () => {
    const runs = [run(7_000, 150), run(6_000, 190), run(9_500, 170)];
    const { median, wallsMs } = medianRun(runs, (r) => r.m);
    expect(median).toBe(runs[0]);
    expect(median.m.peakRssMb).toBe(190);
    expect(wallsMs).toEqual([7_000, 6_000, 9_500]);
  });

  it('of an even count takes the slower middle run; of one, that run', () => {
    expect(medianRun([run(2, 1), run(4, 1), run(1, 1), run(3, 1)], (r) => r.m).median.m.wallMs).toBe(3);
    expect(medianRun([run(5, 9)], (r) => r.m).median.m.wallMs).toBe(5);
    expect(() => medianRun([], (r: { m: Measurement }) => r.m)).toThrow(/no run/);
  });
});
