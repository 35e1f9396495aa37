/**
 * A counting semaphore of `max` slots with two more lanes. `bulk` (trace ingest) owns a share of them: bulk
 * requests use at most `share` slots, so the others always have the rest, and a slot that frees goes to a waiting
 * bulk request first while bulk holds fewer than its share, so ingest is not queued behind hundreds of creates
 * that it does not depend on. `first` (the pages of the org's lists and of galctl's inventory: one after another,
 * at the root of everything the read does next; a run's trace counts, a chain of their own) takes the next free
 * slot before any other waiting request, so its next request does not wait behind the hundreds of reads queued
 * before it. Otherwise FIFO within each lane;
 * no slot idles while anything waits for it.
 */
export type Lane = 'bulk' | 'first';
export type LaneLimiter = <T>(task: () => Promise<T>, lane?: Lane) => Promise<T>;

export function createLaneLimiter(max: number, share: number): LaneLimiter {
  if (!Number.isInteger(max) || max < 1) throw new RangeError(`concurrency must be an integer ≥ 1, got ${max}`);
  const bulkMax = Math.max(1, Math.min(share, max));
  let active = 0;
  let bulkActive = 0;
  const waiting: (() => void)[] = [];
  const waitingBulk: (() => void)[] = [];
  const waitingFirst: (() => void)[] = [];
  /** the slot freed goes straight to the next waiter (counted here, so no newcomer slips in between) */
  const release = (bulk: boolean): void => {
    active -= 1;
    if (bulk) bulkActive -= 1;
    if (waitingFirst.length > 0) {
      active += 1;
      waitingFirst.shift()!();
    } else if (waitingBulk.length > 0 && bulkActive < bulkMax) {
      active += 1;
      bulkActive += 1;
      waitingBulk.shift()!();
    } else if (waiting.length > 0) {
      active += 1;
      waiting.shift()!();
    }
  };
  return async <T>(task: () => Promise<T>, lane?: Lane): Promise<T> => {
    const bulk = lane === 'bulk';
    if (active < max && (!bulk || bulkActive < bulkMax)) {
      active += 1;
      if (bulk) bulkActive += 1;
    } else {
      await new Promise<void>((resolve) => (lane === 'first' ? waitingFirst : bulk ? waitingBulk : waiting).push(resolve));
    }
    try {
      return await task();
    } finally {
      release(bulk);
    }
  };
}
