import type { ApplyEvent } from '../apply/types.js';
import { renderInFlight, renderStepLine, type InFlightStep } from '../render/render-apply.js';
import type { Io } from './io.js';

/** Redraws of the live view at most this often (5×/s). */
const REDRAW_MS = 200;

export interface ProgressReporter {
  onEvent(event: ApplyEvent): void;
  /** clears the live view; call before printing the summary */
  stop(): void;
}

/**
 * Apply progress on stdout. On a terminal: finished steps scroll as lines above a live block of the steps in
 * flight with their elapsed time (redrawn with ANSI cursor moves). Otherwise: one line per finished step.
 */
export function createProgressReporter(io: Io, opts: { live: boolean; color: boolean; now?: () => number }): ProgressReporter {
  const now = opts.now ?? (() => performance.now());
  if (!opts.live) {
    return {
      onEvent: (e) => void (e.type === 'finish' && io.stdout(`${renderStepLine(e.outcome, opts)}\n`)),
      stop: () => undefined,
    };
  }
  const inFlight = new Map<string, InFlightStep>();
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
      if (e.type === 'start') inFlight.set(e.address, { address: e.address, action: e.action, startedAt: e.at });
      else if (e.type === 'progress') {
        const s = inFlight.get(e.address);
        if (s !== undefined) s.message = e.message;
        return; // shown on the next redraw
      } else {
        inFlight.delete(e.outcome.address);
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
