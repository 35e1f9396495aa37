import { publicScorerName } from '../galileo/preset-names.js';
import type { TraceMetricStats } from './types.js';

/**
 * Folds one log record's `metric_info` into per-scorer stats (PURE): successful scores counted and their numeric
 * min/max kept (booleans as 0/1, numeric strings as numbers), `pending` and `error` entries counted (an error's first
 * message kept). Only the scorer names asked for
 * (public names; a preset reported under its internal name counts under its public one) are kept.
 */
export function addTraceMetricStats(stats: Record<string, TraceMetricStats>, metricInfo: unknown, names: ReadonlySet<string>): void {
  if (metricInfo === null || typeof metricInfo !== 'object') return;
  for (const [reported, raw] of Object.entries(metricInfo as Record<string, unknown>)) {
    const name = publicScorerName(reported);
    if (!names.has(name) || raw === null || typeof raw !== 'object') continue;
    const info = raw as { status_type?: unknown; value?: unknown; message?: unknown };
    const s = (stats[name] ??= { scored: 0, pending: 0 });
    if (info.status_type === 'pending') {
      s.pending += 1;
      continue;
    }
    if (info.status_type === 'error') {
      s.errored = (s.errored ?? 0) + 1;
      if (s.error === undefined && typeof info.message === 'string' && info.message !== '') s.error = info.message;
      continue;
    }
    if (info.status_type !== 'success') continue;
    s.scored += 1;
    const v = typeof info.value === 'boolean' ? (info.value ? 1 : 0) : typeof info.value === 'number' || typeof info.value === 'string' ? Number(info.value) : Number.NaN;
    if (!Number.isFinite(v)) continue;
    s.min = s.min === undefined ? v : Math.min(s.min, v);
    s.max = s.max === undefined ? v : Math.max(s.max, v);
  }
}
