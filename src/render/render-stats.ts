import type { ClientStats } from '../galileo/request-stats.js';

const WIDTH = 100;

function ms(n: number): string {
  return n >= 10_000 ? `${(n / 1000).toFixed(1)}s` : `${Math.round(n)}ms`;
}

/**
 * `--stats`: requests per route (most first), then totals. Fits 100 columns: long routes are cut in the middle.
 *
 *   requests  route
 *         12  POST /scorers/list
 *   total 14 requests, 1 retry; request time 420ms, wall time 180ms
 */
export function renderStats(stats: ClientStats): string {
  const rows = Object.entries(stats.requests).sort(([ra, a], [rb, b]) => b - a || (ra < rb ? -1 : ra > rb ? 1 : 0));
  const total = rows.reduce((sum, [, n]) => sum + n, 0);
  const countWidth = Math.max('requests'.length, String(total).length);
  const routeWidth = WIDTH - countWidth - 2;
  const lines = [`${'requests'.padStart(countWidth)}  route`];
  for (const [route, n] of rows) lines.push(`${String(n).padStart(countWidth)}  ${fit(route, routeWidth)}`);
  const statuses = Object.entries(stats.byStatus)
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([s, n]) => `${s}×${n}`)
    .join(' ');
  lines.push(
    `total ${total} request${total === 1 ? '' : 's'}, ${stats.retries} retr${stats.retries === 1 ? 'y' : 'ies'}; ` +
      `request time ${ms(stats.totalMs)}, wall time ${ms(stats.wallMs)}`,
  );
  if (statuses !== '') lines.push(fit(`status: ${statuses}`, WIDTH));
  return `${lines.join('\n')}\n`;
}

function fit(text: string, width: number): string {
  if (text.length <= width) return text;
  const half = Math.floor((width - 1) / 2);
  return `${text.slice(0, half)}…${text.slice(text.length - (width - 1 - half))}`;
}
