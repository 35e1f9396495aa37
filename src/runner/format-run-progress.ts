import type { RunProgress } from './run-rows.js';

/** `1:05`, `12:00`, `1:02:03` */
export function formatElapsed(ms: number): string {
  const s = Math.floor(ms / 1000);
  const hms = [Math.floor(s / 3600), Math.floor(s / 60) % 60, s % 60];
  const [h, m, sec] = hms as [number, number, number];
  const pad = (n: number): string => String(n).padStart(2, '0');
  return h > 0 ? `${h}:${pad(m)}:${pad(sec)}` : `${m}:${pad(sec)}`;
}

/** Width of the TTY bar in characters. */
const BAR_WIDTH = 20;

/**
 * One line of a runner's progress (pure: the CLI decides where and how often). On a TTY a bar, redrawn in place:
 * `experiment app-answers  [########------------]  16/40 rows  2 failed  0:42`; in CI (no TTY) a plain line, printed
 * every few seconds: `experiment app-answers: 16/40 rows, 2 failed, 0:42 elapsed (3 already in the run)`.
 */
export function formatRunProgress(label: string, p: RunProgress, opts: { tty: boolean }): string {
  const failed = p.failures === 0 ? '' : `${p.failures} failed`;
  const skipped = p.skipped === 0 ? '' : `${p.skipped} already in the run`;
  if (opts.tty) {
    const filled = p.total === 0 ? BAR_WIDTH : Math.round((BAR_WIDTH * p.done) / p.total);
    const bar = `[${'#'.repeat(filled)}${'-'.repeat(BAR_WIDTH - filled)}]`;
    return [label, bar, `${p.done}/${p.total} rows`, failed, formatElapsed(p.elapsedMs)].filter((s) => s !== '').join('  ');
  }
  const parts = [`${p.done}/${p.total} rows`, failed, `${formatElapsed(p.elapsedMs)} elapsed`].filter((s) => s !== '');
  return `${label}: ${parts.join(', ')}${skipped === '' ? '' : ` (${skipped})`}`;
}
