/** Request counters for `GET /__sim/stats`: per `METHOD /route/template` and per status. */
export interface SimStats {
  total: number;
  by_route: Record<string, number>;
  by_status: Record<string, number>;
  /**
   * requests answered by the knobs rather than the API: before the handler (dropped, rate_limited, injected 5xx),
   * or after it processed the request (after_5xx, after_dropped)
   */
  faults: { dropped: number; rate_limited: number; injected: number; after_5xx: number; after_dropped: number };
  /** calls to the /__sim admin routes (not counted above) */
  admin: number;
}

export class Stats {
  private s: SimStats = emptyStats();

  route(key: string): void {
    this.s.total++;
    this.s.by_route[key] = (this.s.by_route[key] ?? 0) + 1;
  }

  status(code: number): void {
    const k = String(code);
    this.s.by_status[k] = (this.s.by_status[k] ?? 0) + 1;
  }

  fault(kind: keyof SimStats['faults']): void {
    this.s.faults[kind]++;
  }

  admin(): void {
    this.s.admin++;
  }

  snapshot(): SimStats {
    return structuredClone(this.s);
  }

  reset(): void {
    this.s = emptyStats();
  }
}

function emptyStats(): SimStats {
  return { total: 0, by_route: {}, by_status: {}, faults: { dropped: 0, rate_limited: 0, injected: 0, after_5xx: 0, after_dropped: 0 }, admin: 0 };
}
