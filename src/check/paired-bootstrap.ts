/**
 * Paired bootstrap of a mean difference (PURE, deterministic). Given the per-row differences candidate − baseline
 * of rows paired across two runs, it draws BOOTSTRAP_RESAMPLES resamples of the rows with replacement from a
 * mulberry32 generator seeded with BOOTSTRAP_SEED, takes each resample's mean, and reports the 2.5th and 97.5th
 * percentiles of those means as the 95% interval (percentile method; nearest rank on the sorted means). Same
 * differences in the same order → the same interval, on every machine and every run.
 */

/** The fixed seed: reruns of `galctl check` print the same intervals. */
export const BOOTSTRAP_SEED = 17;

/** Number of resamples. */
export const BOOTSTRAP_RESAMPLES = 2000;

export interface BootstrapInterval {
  /** the observed mean difference (the point estimate) */
  delta: number;
  /** 95% percentile interval of the resampled mean differences */
  low: number;
  high: number;
}

/** mulberry32: a small 32-bit generator, uniform in [0, 1). */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function mean(xs: readonly number[]): number {
  let sum = 0;
  for (const x of xs) sum += x;
  return sum / xs.length;
}

/** The point estimate and its 95% interval; null for no rows. */
export function pairedBootstrap(diffs: readonly number[], opts: { seed?: number; resamples?: number } = {}): BootstrapInterval | null {
  const n = diffs.length;
  if (n === 0) return null;
  const delta = mean(diffs);
  const resamples = opts.resamples ?? BOOTSTRAP_RESAMPLES;
  const random = mulberry32(opts.seed ?? BOOTSTRAP_SEED);
  const means = new Float64Array(resamples);
  for (let b = 0; b < resamples; b += 1) {
    let sum = 0;
    for (let i = 0; i < n; i += 1) sum += diffs[Math.floor(random() * n)] as number;
    means[b] = sum / n;
  }
  means.sort();
  const at = (q: number): number => means[Math.min(resamples - 1, Math.max(0, Math.ceil(q * resamples) - 1))] as number;
  return { delta, low: at(0.025), high: at(0.975) };
}
