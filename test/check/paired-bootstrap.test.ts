import { describe, expect, it } from 'vitest';
import { BOOTSTRAP_RESAMPLES, BOOTSTRAP_SEED, mulberry32, pairedBootstrap } from '../../src/check/paired-bootstrap.js';

describe('pairedBootstrap', () => {
  it('identical runs: delta 0, interval [0, 0]', () => {
    expect(pairedBootstrap([0, 0, 0, 0, 0])).toEqual({ delta: 0, low: 0, high: 0 });
  });

  it('every row changed by the same amount: the interval is that amount', () => {
    const r = pairedBootstrap(Array.from({ length: 8 }, () => -0.25));
    expect(r).toEqual({ delta: -0.25, low: -0.25, high: -0.25 });
  });

  it('two rows, 0 and 1: resample means are 0, 0.5 or 1, each end with 25% chance, so the 95% interval is [0, 1]', () => {
    expect(pairedBootstrap([0, 1])).toEqual({ delta: 0.5, low: 0, high: 1 });
  });

  it('no rows: no interval', () => {
    expect(pairedBootstrap([])).toBeNull();
  });

  it('is seeded: the same differences give the same interval on every call; the documented seed and count are the defaults', () => {
    const diffs = [0.1, -0.3, 0.05, 0, -0.2, 0.4, -0.1, 0.15, -0.05, 0.2];
    const a = pairedBootstrap(diffs);
    expect(pairedBootstrap(diffs)).toEqual(a);
    expect(pairedBootstrap(diffs, { seed: BOOTSTRAP_SEED, resamples: BOOTSTRAP_RESAMPLES })).toEqual(a);
    expect(a?.low).toBeLessThan(a?.delta ?? Number.NaN);
    expect(a?.high).toBeGreaterThan(a?.delta ?? Number.NaN);
    expect(a?.delta).toBeCloseTo(0.025, 12);
  });

  it('mulberry32 is uniform in [0, 1) and repeatable', () => {
    const g = mulberry32(BOOTSTRAP_SEED);
    const h = mulberry32(BOOTSTRAP_SEED);
    const xs = Array.from({ length: 1000 }, () => g());
    expect(xs).toEqual(Array.from({ length: 1000 }, () => h()));
    expect(Math.min(...xs)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...xs)).toBeLessThan(1);
    expect(xs.reduce((s, x) => s + x, 0) / xs.length).toBeGreaterThan(0.4);
    expect(xs.reduce((s, x) => s + x, 0) / xs.length).toBeLessThan(0.6);
  });
});
