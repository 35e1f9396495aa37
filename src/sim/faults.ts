import type { Prng } from './prng.js';

/** Run-time knobs: latency, 5xx faults, rate limit, dropped connections. All off by default. */
export interface FaultKnobs {
  latencyMs: number;
  jitterMs: number;
  /** share of requests answered 500/502/503 (0..1) */
  faultRate: number;
  /** requests per second; above it 429 with Retry-After. 0 = unlimited */
  rateLimit: number;
  /** share of requests whose connection is closed with no response (0..1) */
  dropRate: number;
  /** share of requests answered 429 with Retry-After: 1, whatever the request rate (0..1) */
  throttleRate: number;
}

export const NO_FAULTS: FaultKnobs = { latencyMs: 0, jitterMs: 0, faultRate: 0, rateLimit: 0, dropRate: 0, throttleRate: 0 };

export type FaultDecision =
  | { kind: 'drop' }
  | { kind: 'rate-limited'; retryAfterS: number }
  | { kind: 'fault'; status: 500 | 502 | 503 }
  | { kind: 'pass'; delayMs: number };

const FAULT_STATUSES = [500, 502, 503] as const;

/** Decides, per request, what the knobs do to it. Uses the store's seeded PRNG only. */
export class Faults {
  knobs: FaultKnobs;
  private tokens = 0;
  private lastRefill = 0;

  constructor(knobs: Partial<FaultKnobs>, private readonly rng: Prng) {
    this.knobs = { ...NO_FAULTS };
    this.set(knobs);
  }

  set(patch: Partial<FaultKnobs>): FaultKnobs {
    for (const [k, v] of Object.entries(patch) as [keyof FaultKnobs, unknown][]) {
      if (!(k in NO_FAULTS)) continue;
      const n = Number(v);
      if (!Number.isFinite(n) || n < 0) throw new RangeError(`${k} must be a number >= 0, got ${String(v)}`);
      if ((k === 'faultRate' || k === 'dropRate' || k === 'throttleRate') && n > 1) throw new RangeError(`${k} must be between 0 and 1, got ${n}`);
      this.knobs[k] = n;
    }
    this.tokens = this.knobs.rateLimit;
    this.lastRefill = Date.now();
    return { ...this.knobs };
  }

  decide(nowMs: number): FaultDecision {
    const k = this.knobs;
    if (k.dropRate > 0 && this.rng.next() < k.dropRate) return { kind: 'drop' };
    if (k.rateLimit > 0) {
      const elapsed = (nowMs - this.lastRefill) / 1000;
      this.tokens = Math.min(k.rateLimit, this.tokens + elapsed * k.rateLimit);
      this.lastRefill = nowMs;
      if (this.tokens < 1) return { kind: 'rate-limited', retryAfterS: Math.max(1, Math.ceil((1 - this.tokens) / k.rateLimit)) };
      this.tokens -= 1;
    }
    if (k.throttleRate > 0 && this.rng.next() < k.throttleRate) return { kind: 'rate-limited', retryAfterS: 1 };
    if (k.faultRate > 0 && this.rng.next() < k.faultRate) {
      return { kind: 'fault', status: FAULT_STATUSES[Math.floor(this.rng.next() * 3)] ?? 500 };
    }
    const delayMs = k.latencyMs + (k.jitterMs > 0 ? this.rng.next() * k.jitterMs : 0);
    return { kind: 'pass', delayMs };
  }
}
