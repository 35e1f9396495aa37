import { formatRunProgress } from './format-run-progress.js';
import type { RunProgress } from './run-rows.js';

/** How often a progress line is printed without a TTY (CI logs): one line per interval at most. */
export const CI_PROGRESS_INTERVAL_MS = 5000;

export interface ProgressReporterOptions {
  /** redraw one line in place (a terminal) instead of printing lines */
  tty: boolean;
  /** writes text to stderr (the CLI's stream) */
  write: (text: string) => void;
  /** default CI_PROGRESS_INTERVAL_MS */
  intervalMs?: number;
  /** the clock, in ms (tests pass their own) */
  now?: () => number;
}

export interface ProgressReporter {
  /** runRows' onProgress */
  update(progress: RunProgress): void;
  /** the last state, once, on its own line (the bar is ended with a newline) */
  finish(): void;
}

/**
 * runRows' progress for people: on a TTY one line redrawn in place (`\r`, cleared to its end) at every update; in
 * CI a plain line at most every intervalMs, plus the first and the last, so a long run shows it is alive without
 * flooding the log.
 */
export function createProgressReporter(label: string, opts: ProgressReporterOptions): ProgressReporter {
  const now = opts.now ?? (() => performance.now());
  const interval = opts.intervalMs ?? CI_PROGRESS_INTERVAL_MS;
  let last: RunProgress | undefined;
  let printedAt: number | undefined;
  let printed: RunProgress | undefined;
  const line = (p: RunProgress): string => formatRunProgress(label, p, { tty: opts.tty });
  return {
    update(p) {
      last = p;
      if (opts.tty) return opts.write(`\r${line(p)}\u001b[K`);
      const t = now();
      if (printedAt !== undefined && t - printedAt < interval) return;
      printedAt = t;
      printed = p;
      opts.write(`${line(p)}\n`);
    },
    finish() {
      if (last === undefined) return;
      if (opts.tty) return opts.write('\n');
      if (printed !== last) opts.write(`${line(last)}\n`);
    },
  };
}
