import { describe, expect, it } from 'vitest';
import { mapInSlices } from '../src/core/map-in-slices.js';

const busy = (ms: number): void => {
  const until = performance.now() + ms;
  while (performance.now() < until) {
    // a slice of CPU work
  }
};

describe('mapInSlices', () => {
  it('maps in order, and lets the event loop run between slices of work', async () => {
    const seen: string[] = [];
    setImmediate(() => seen.push('turn'));
    const out = await mapInSlices([1, 2, 3, 4, 5, 6], (n, i) => {
      seen.push(`item ${i}`);
      busy(2);
      return n * 10;
    }, 3);
    expect(out).toEqual([10, 20, 30, 40, 50, 60]);
    // the callback queued before the loop ran after the first slice (two items of 2 ms), not after the whole loop
    expect(seen.indexOf('turn')).toBeGreaterThan(0);
    expect(seen.indexOf('turn')).toBeLessThan(seen.length - 1);
  });

  it('work shorter than a slice runs in one go', async () => {
    const seen: string[] = [];
    setImmediate(() => seen.push('turn'));
    await mapInSlices([1, 2, 3], (n) => seen.push(`item ${n}`), 1000);
    expect(seen).toEqual(['item 1', 'item 2', 'item 3']);
  });
});
