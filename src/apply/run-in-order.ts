import type { PlanChange } from '../plan/types.js';
import type { ApplyEvent, ApplyResult, StepOutcome } from './types.js';

export interface StepResult {
  /** what was done, as a verb phrase: `created`, `adopted`, `new version 3`, `ingested 500 traces` */
  summary: string;
  id?: string;
  /** traces step: how many traces were sent */
  ingested?: number;
}

export interface RunInOrderOptions {
  /** steps in flight at once (the HTTP client has its own global limit too) */
  concurrency: number;
  /** abort: stop starting steps after the first failure; continue: run everything not blocked by a failure */
  onError: 'abort' | 'continue';
  signal?: AbortSignal;
  onEvent?: (event: ApplyEvent) => void;
  now?: () => number;
}

/**
 * Runs plan changes in dependency order with bounded parallelism. A change starts when all of its
 * `depends_on` that are part of this run have succeeded; a failed change blocks its dependents (skipped).
 * Nothing here knows about Galileo: `runStep` does the work.
 */
export async function runInOrder(
  changes: PlanChange[],
  runStep: (change: PlanChange) => Promise<StepResult>,
  opts: RunInOrderOptions,
): Promise<ApplyResult> {
  const now = opts.now ?? (() => performance.now());
  const started = now();
  const byAddress = new Map(changes.map((c) => [c.address, c]));
  const pending = new Set(changes.map((c) => c.address));
  const outcomes = new Map<string, StepOutcome>();
  const failed = new Set<string>();
  let stop = false;
  let interrupted = false;

  const depsOf = (c: PlanChange): string[] => c.depends_on.filter((d) => byAddress.has(d));
  const finish = (o: StepOutcome): void => {
    outcomes.set(o.address, o);
    opts.onEvent?.({ type: 'finish', outcome: o });
  };

  await new Promise<void>((resolve) => {
    let inFlight = 0;
    const pump = (): void => {
      if (opts.signal?.aborted && !interrupted) {
        interrupted = true;
        stop = true;
      }
      // mark dependents of failures as skipped (transitively, as we go)
      for (const address of [...pending]) {
        const c = byAddress.get(address)!;
        const bad = depsOf(c).find((d) => failed.has(d));
        if (bad !== undefined) {
          pending.delete(address);
          failed.add(address);
          finish({ address, action: c.action, status: 'skipped', blockedBy: bad, ms: 0 });
        }
      }
      if (!stop) {
        for (const address of [...pending]) {
          if (inFlight >= opts.concurrency) break;
          const c = byAddress.get(address)!;
          if (!depsOf(c).every((d) => outcomes.get(d)?.status === 'succeeded')) continue;
          pending.delete(address);
          inFlight += 1;
          const t0 = now();
          opts.onEvent?.({ type: 'start', address, action: c.action, at: t0 });
          runStep(c).then(
            (r) => {
              finish({
                address,
                action: c.action,
                status: 'succeeded',
                summary: r.summary,
                ...(r.id ? { id: r.id } : {}),
                ...(r.ingested === undefined ? {} : { ingested: r.ingested }),
                ms: now() - t0,
              });
            },
            (err: unknown) => {
              failed.add(address);
              finish({ address, action: c.action, status: 'failed', error: messageOf(err), ms: now() - t0 });
              if (opts.onError === 'abort') stop = true;
            },
          ).finally(() => {
            inFlight -= 1;
            pump();
          });
        }
      }
      if (inFlight === 0) {
        // nothing running and nothing startable: what is left was not attempted
        for (const address of pending) {
          const c = byAddress.get(address)!;
          finish({ address, action: c.action, status: 'not-attempted', ms: 0 });
        }
        pending.clear();
        resolve();
      }
    };
    opts.signal?.addEventListener('abort', () => pump(), { once: true });
    pump();
  });

  const list = changes.map((c) => outcomes.get(c.address)!);
  return { outcomes: list, ok: list.every((o) => o.status === 'succeeded'), interrupted, ms: now() - started };
}

function messageOf(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
