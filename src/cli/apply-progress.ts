import type { ApplyEvent } from '../engine/apply/types.js';
import { renderHeartbeat, renderInFlight, renderStepLine, renderWaitHeartbeat, renderWaitLine, type InFlightStep } from '../render/render-apply.js';
import type { Io } from './io.js';

/** Redraws of the live view at most this often (5×/s). */
const REDRAW_MS = 200;
/** Without a terminal (CI logs): a heartbeat line per step in flight this often, so long work is never silent. */
export const DEFAULT_HEARTBEAT_MS = 10_000;

/** The heartbeat interval: GALCTL_HEARTBEAT_MS (a whole number of ms ≥ 1), else 10 s. */
export function heartbeatMsFrom(env: Record<string, string | undefined>): number {
  const n = Number(env['GALCTL_HEARTBEAT_MS'] ?? '');
  return Number.isInteger(n) && n >= 1 ? n : DEFAULT_HEARTBEAT_MS;
}

export interface ProgressReporter {
  onEvent(event: ApplyEvent): void;
  /** clears the live view; call before printing the summary */
  stop(): void;
}

/**
 * Apply progress on stdout. On a terminal: finished steps scroll as lines above a live block of the steps in
 * flight with their elapsed time, and a bar with done/total, rate and ETA for measured work such as an ingest
 * (redrawn with ANSI cursor moves). Otherwise: one line per finished step, and every `heartbeatMs` (default 10 s)
 * one heartbeat line per step still in flight (`ingest X: 5,000/12,950 traces, 1,200/s, ETA 7s`).
 */
export function createProgressReporter(io: Io, opts: { live: boolean; color: boolean; now?: () => number; heartbeatMs?: number }): ProgressReporter {
  const now = opts.now ?? (() => performance.now());
  const inFlight = new Map<string, InFlightStep>();
  const track = (e: ApplyEvent): void => {
    if (e.type === 'start') inFlight.set(e.address, { address: e.address, action: e.action, startedAt: e.at });
    else if (e.type === 'progress') {
      const s = inFlight.get(e.address);
      if (s === undefined) return;
      s.message = e.message;
      if (e.counted !== undefined) s.counted = e.counted;
    } else inFlight.delete(e.outcome.address);
  };
  if (!opts.live) {
    const beat = setInterval(() => {
      for (const line of renderHeartbeat([...inFlight.values()], now())) io.stdout(`${line}\n`);
    }, opts.heartbeatMs ?? DEFAULT_HEARTBEAT_MS);
    beat.unref();
    return {
      onEvent: (e) => {
        track(e);
        if (e.type === 'finish') io.stdout(`${renderStepLine(e.outcome, opts)}\n`);
      },
      stop: () => clearInterval(beat),
    };
  }
  let drawn = 0;
  const clear = (): void => {
    if (drawn > 0) io.stdout(`\u001b[${drawn}A\u001b[J`);
    drawn = 0;
  };
  const draw = (): void => {
    clear();
    const lines = renderInFlight([...inFlight.values()], now(), opts);
    if (lines.length > 0) io.stdout(`${lines.join('\n')}\n`);
    drawn = lines.length;
  };
  const timer = setInterval(draw, REDRAW_MS);
  timer.unref();
  return {
    onEvent: (e) => {
      track(e);
      if (e.type === 'progress') return; // shown on the next redraw
      if (e.type === 'finish') {
        clear();
        io.stdout(`${renderStepLine(e.outcome, opts)}\n`);
      }
      draw();
    },
    stop: () => {
      clearInterval(timer);
      clear();
    },
  };
}

export interface WaitReporter {
  onProgress(address: string, done: number, total: number): void;
  stop(): void;
}

/**
 * `apply --wait` progress: a line per change of a run's finished jobs (with a bar on a terminal); without a
 * terminal also, every `heartbeatMs`, a line per run still scoring, so a long wait is never silent in CI.
 */
export function createWaitReporter(out: (text: string) => void, opts: { live: boolean; heartbeatMs?: number; now?: () => number }): WaitReporter {
  const now = opts.now ?? (() => performance.now());
  const started = now();
  const runs = new Map<string, { done: number; total: number }>();
  const beat = opts.live
    ? undefined
    : setInterval(() => {
        for (const [address, r] of runs) if (r.total === 0 || r.done < r.total) out(`${renderWaitHeartbeat(address, r.done, r.total, now() - started)}\n`);
      }, opts.heartbeatMs ?? DEFAULT_HEARTBEAT_MS);
  beat?.unref();
  return {
    onProgress: (address, done, total) => {
      runs.set(address, { done, total });
      out(`${renderWaitLine(address, done, total, opts.live)}\n`);
    },
    stop: () => clearInterval(beat),
  };
}
