/**
 * At most `max` tasks in flight, with back-pressure: `run` resolves once the task has a slot, so a producer that
 * awaits it (e.g. a loop over a file) never gets more than `max` tasks ahead. The first failure is rethrown by the
 * next `run` or by `drain`, and no rejection goes unhandled.
 */
export interface TaskPool {
  run(task: () => Promise<void>): Promise<void>;
  /** waits for every task started so far; throws the first failure */
  drain(): Promise<void>;
}

export function createTaskPool(max: number): TaskPool {
  if (!Number.isInteger(max) || max < 1) throw new RangeError(`concurrency must be an integer ≥ 1, got ${max}`);
  const inFlight = new Set<Promise<void>>();
  let failure: { error: unknown } | undefined;
  const rethrow = (): void => {
    if (failure !== undefined) throw failure.error;
  };
  return {
    async run(task) {
      rethrow();
      while (inFlight.size >= max) {
        await Promise.race(inFlight);
        rethrow();
      }
      const p: Promise<void> = task()
        .catch((error: unknown) => {
          failure ??= { error };
        })
        .finally(() => inFlight.delete(p));
      inFlight.add(p);
    },
    async drain() {
      while (inFlight.size > 0) await Promise.race(inFlight);
      rethrow();
    },
  };
}
