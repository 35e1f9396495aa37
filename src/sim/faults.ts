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
  /** share of requests processed (state changed) whose answer is then lost: 502/503/504 or a dropped socket (0..1) */
  faultAfterRate: number;
  /**
   * limits faultAfterRate to these routes (`"POST /templates/{id}/versions"`; any parameter name, `{x}` or `:x`;
   * `/v2` ignored); empty = every route
   */
  faultAfterRoutes: string[];
  /** what a lost answer is, picked uniformly among these: 502, 503, 504, 'drop'; empty = all four */
  faultAfterKinds: FaultAfterKind[];
  /** at most this many lost answers (counted from the last change of the knobs); 0 = no limit */
  faultAfterLimit: number;
}

export type FaultAfterKind = 502 | 503 | 504 | 'drop';
const AFTER_KINDS: readonly FaultAfterKind[] = [502, 503, 504, 'drop'];

export const NO_FAULTS: FaultKnobs = { latencyMs: 0, jitterMs: 0, faultRate: 0, rateLimit: 0, dropRate: 0, throttleRate: 0, faultAfterRate: 0, faultAfterRoutes: [], faultAfterKinds: [], faultAfterLimit: 0 };

/** What happens to a processed request's answer: replaced by a 5xx, or the socket closed with none. */
export type FaultAfter = { kind: 'fault-after'; status: 502 | 503 | 504 } | { kind: 'drop-after' };

export type FaultDecision =
  | { kind: 'drop' }
  | { kind: 'rate-limited'; retryAfterS: number }
  | { kind: 'fault'; status: 500 | 502 | 503 }
  | { kind: 'pass'; delayMs: number };

const FAULT_STATUSES = [500, 502, 503] as const;
const RATES: ReadonlySet<keyof FaultKnobs> = new Set(['faultRate', 'dropRate', 'throttleRate', 'faultAfterRate']);

/** Decides, per request, what the knobs do to it. Uses the store's seeded PRNG only. */
export class Faults {
  knobs: FaultKnobs;
  private tokens = 0;
  private lastRefill = 0;
  private lostAnswers = 0;

  constructor(knobs: Partial<FaultKnobs>, private readonly rng: Prng) {
    this.knobs = { ...NO_FAULTS };
    this.set(knobs);
  }

  set(patch: Partial<FaultKnobs>): FaultKnobs {
    for (const [k, v] of Object.entries(patch) as [keyof FaultKnobs, unknown][]) {
      if (!(k in NO_FAULTS)) continue;
      if (k === 'faultAfterRoutes') {
        this.knobs.faultAfterRoutes = routeList(v);
        continue;
      }
      if (k === 'faultAfterKinds') {
        this.knobs.faultAfterKinds = kindList(v);
        continue;
      }
      const n = Number(v);
      if (!Number.isFinite(n) || n < 0) throw new RangeError(`${k} must be a number >= 0, got ${String(v)}`);
      if (RATES.has(k) && n > 1) throw new RangeError(`${k} must be between 0 and 1, got ${n}`);
      this.knobs[k] = n;
    }
    this.tokens = this.knobs.rateLimit;
    this.lastRefill = Date.now();
    this.lostAnswers = 0;
    return { ...this.knobs, faultAfterRoutes: [...this.knobs.faultAfterRoutes], faultAfterKinds: [...this.knobs.faultAfterKinds] };
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

  /**
   * After the handler processed `route` (`"METHOD /template"`) successfully: is its answer lost? Draws from the
   * PRNG only when the knob applies to the route, so runs without it keep their fault sequence.
   */
  after(route: string): FaultAfter | undefined {
    const k = this.knobs;
    if (k.faultAfterRate <= 0 || (k.faultAfterLimit > 0 && this.lostAnswers >= k.faultAfterLimit)) return undefined;
    if (k.faultAfterRoutes.length > 0 && !k.faultAfterRoutes.includes(routeShape(route))) return undefined;
    if (this.rng.next() >= k.faultAfterRate) return undefined;
    this.lostAnswers += 1;
    const kinds = k.faultAfterKinds.length > 0 ? k.faultAfterKinds : AFTER_KINDS;
    const pick = kinds[Math.floor(this.rng.next() * kinds.length)] ?? 'drop';
    return pick === 'drop' ? { kind: 'drop-after' } : { kind: 'fault-after', status: pick };
  }
}

function routeList(v: unknown): string[] {
  const list = typeof v === 'string' ? v.split(',') : v;
  if (!Array.isArray(list) || !list.every((r) => typeof r === 'string')) throw new RangeError(`faultAfterRoutes must be a list of "METHOD /route/template", got ${JSON.stringify(v)}`);
  const routes = list.map((r) => r.trim().replace(/\s+/g, ' ')).filter((r) => r !== '');
  const bad = routes.find((r) => !/^[A-Z]+ \/\S*$/.test(r));
  if (bad !== undefined) throw new RangeError(`faultAfterRoutes: "${bad}" is not "METHOD /route/template" (e.g. "POST /templates/{id}/versions")`);
  return routes.map(routeShape);
}

/** `POST /v2/templates/:template_id/versions` and `POST /templates/{id}/versions` → `POST /templates/{}/versions`. */
function routeShape(route: string): string {
  return route.replace(/^(\S+) \/v2\//, '$1 /').replace(/\/(:[^/]+|\{[^/]*\})/g, '/{}');
}

function kindList(v: unknown): FaultAfterKind[] {
  const list = typeof v === 'string' ? v.split(',') : Array.isArray(v) ? v : [v];
  return list.map((x) => {
    const t = String(x).trim();
    const kind = AFTER_KINDS.find((a) => String(a) === t);
    if (kind === undefined) throw new RangeError(`faultAfterKinds: "${t}" is not one of 502, 503, 504, drop`);
    return kind;
  });
}
