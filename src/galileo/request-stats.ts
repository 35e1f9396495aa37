/** Request accounting for `--stats`: what the client sent, per route template. */
export interface ClientStats {
  /** `GET /projects/{project_id}` → number of HTTP requests sent (each retry counts) */
  requests: Record<string, number>;
  /** status code (`200`, `503`) or `network` → count */
  byStatus: Record<string, number>;
  /** attempts that were retries */
  retries: number;
  /** sum of the durations of all requests (ms); exceeds wall time when requests overlap */
  totalMs: number;
  /** from the start of the first request to the end of the last (ms) */
  wallMs: number;
}

export interface StatsRecorder {
  record(route: string, status: number | 'network', ms: number, isRetry: boolean, startedAt: number, endedAt: number): void;
  snapshot(): ClientStats;
}

export function createStatsRecorder(): StatsRecorder {
  const requests: Record<string, number> = {};
  const byStatus: Record<string, number> = {};
  let retries = 0;
  let totalMs = 0;
  let first: number | undefined;
  let last: number | undefined;
  return {
    record(route, status, ms, isRetry, startedAt, endedAt) {
      requests[route] = (requests[route] ?? 0) + 1;
      const s = String(status);
      byStatus[s] = (byStatus[s] ?? 0) + 1;
      if (isRetry) retries += 1;
      totalMs += ms;
      first = first === undefined ? startedAt : Math.min(first, startedAt);
      last = last === undefined ? endedAt : Math.max(last, endedAt);
    },
    snapshot: () => ({
      requests: { ...requests },
      byStatus: { ...byStatus },
      retries,
      totalMs: Math.round(totalMs),
      wallMs: first === undefined || last === undefined ? 0 : Math.round(last - first),
    }),
  };
}

const UUID_SEGMENT = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * A route template for a concrete path, for stats and debug lines: each uuid segment becomes `{<name>_id}` named
 * after the segment before it (`/projects/<uuid>/runs/<uuid>` → `/projects/{project_id}/runs/{run_id}`), integer
 * segments become `{n}`.
 */
export function routeTemplate(path: string): string {
  const parts = path.split('/');
  return parts
    .map((seg, i) => {
      if (UUID_SEGMENT.test(seg)) return `{${singular(parts[i - 1] ?? 'id')}_id}`;
      if (/^\d+$/.test(seg) && i > 0) return `{${parts[i - 1] === 'versions' || parts[i - 1] === 'version' ? 'version' : 'n'}}`;
      return seg;
    })
    .join('/');
}

function singular(segment: string): string {
  const base = segment.replace(/-/g, '_');
  if (base === 'log_streams') return 'log_stream';
  if (base.endsWith('ies')) return `${base.slice(0, -3)}y`;
  if (base.endsWith('s')) return base.slice(0, -1);
  return base === '' ? 'id' : base;
}
