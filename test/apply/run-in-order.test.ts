import { describe, expect, it } from 'vitest';
import { runInOrder } from '../../src/engine/apply/run-in-order.js';
import type { PlanChange } from '../../src/core/plan-types.js';

const change = (address: string, depends_on: string[] = []): PlanChange => ({
  address,
  kind: 'scorer',
  action: 'create',
  name: address,
  fields: [],
  depends_on,
});

describe('runInOrder', () => {
  it('never starts a change before its dependencies finished, and bounds parallelism', async () => {
    const changes = [change('a'), change('b', ['a']), change('c', ['a']), change('d', ['b', 'c']), change('e')];
    const done = new Set<string>();
    let inFlight = 0;
    let maxInFlight = 0;
    const result = await runInOrder(
      changes,
      async (c) => {
        for (const d of c.depends_on) expect(done.has(d)).toBe(true);
        inFlight += 1;
        maxInFlight = Math.max(maxInFlight, inFlight);
        await new Promise((r) => setTimeout(r, 5));
        inFlight -= 1;
        done.add(c.address);
        return { summary: 'ok' };
      },
      { concurrency: 2, onError: 'abort' },
    );
    expect(result.ok).toBe(true);
    expect(done.size).toBe(5);
    expect(maxInFlight).toBe(2);
  });

  it('continue: runs what a failure does not block, skips its dependents', async () => {
    const changes = [change('a'), change('b', ['a']), change('c'), change('d', ['b'])];
    const result = await runInOrder(
      changes,
      async (c) => {
        if (c.address === 'a') throw new Error('POST /scorers: 422 bad prompt');
        return { summary: 'ok' };
      },
      { concurrency: 4, onError: 'continue' },
    );
    const by = Object.fromEntries(result.outcomes.map((o) => [o.address, o]));
    expect(result.ok).toBe(false);
    expect(by['a']).toMatchObject({ status: 'failed', error: 'POST /scorers: 422 bad prompt' });
    expect(by['b']).toMatchObject({ status: 'skipped', blockedBy: 'a' });
    expect(by['d']).toMatchObject({ status: 'skipped', blockedBy: 'b' });
    expect(by['c']).toMatchObject({ status: 'succeeded' });
  });

  it('abort: stops starting new changes after the first failure and reports the rest as not attempted', async () => {
    const changes = [change('a'), change('b', ['x-not-in-plan']), change('c', ['b'])];
    const result = await runInOrder(
      changes,
      async (c) => {
        if (c.address === 'a') throw new Error('boom');
        return { summary: 'ok' };
      },
      { concurrency: 1, onError: 'abort' },
    );
    expect(result.outcomes.map((o) => o.status)).toEqual(['failed', 'not-attempted', 'not-attempted']);
  });

  it('an abort signal stops new work and marks the run interrupted', async () => {
    const controller = new AbortController();
    const changes = [change('a'), change('b', ['a']), change('c', ['b'])];
    const result = await runInOrder(
      changes,
      async (c) => {
        if (c.address === 'a') controller.abort();
        return { summary: 'ok' };
      },
      { concurrency: 1, onError: 'abort', signal: controller.signal },
    );
    expect(result.interrupted).toBe(true);
    expect(result.outcomes.map((o) => o.status)).toEqual(['succeeded', 'not-attempted', 'not-attempted']);
  });

  it('a step sleeping through idle holds no slot: another step runs meanwhile, and the sleeper gets a slot back after', async () => {
    const changes = [change('poller'), change('other'), change('third')];
    let wakePoller!: () => void;
    const pollerSlept = new Promise<void>((r) => (wakePoller = r));
    let inFlight = 0;
    let maxInFlight = 0;
    const order: string[] = [];
    const result = await runInOrder(
      changes,
      async (c, idle) => {
        inFlight += 1;
        maxInFlight = Math.max(maxInFlight, inFlight);
        order.push(`start ${c.address}`);
        if (c.address === 'poller') {
          inFlight -= 1;
          // with one slot, this wait ends only if 'other' runs while the poller sleeps
          await idle(() => pollerSlept);
          inFlight += 1;
          maxInFlight = Math.max(maxInFlight, inFlight);
        }
        if (c.address === 'other') wakePoller();
        await new Promise((r) => setTimeout(r, 5));
        order.push(`end ${c.address}`);
        inFlight -= 1;
        return { summary: 'ok' };
      },
      { concurrency: 1, onError: 'abort' },
    );
    expect(result.ok).toBe(true);
    expect(maxInFlight).toBe(1);
    // the sleeper woke while 'other' ran; it resumed before 'third' started (a resuming step goes first)
    expect(order).toEqual(['start poller', 'start other', 'end other', 'end poller', 'start third', 'end third']);
  }, 10_000);

  it('starts the change heading the heaviest chain first, ties in plan order', async () => {
    const changes = [change('a'), change('b'), change('c'), change('heavy', ['c']), change('d', ['b'])];
    const started: string[] = [];
    const result = await runInOrder(
      changes,
      async (c) => {
        started.push(c.address);
        await Promise.resolve();
        return { summary: 'ok' };
      },
      { concurrency: 1, onError: 'abort', weight: (c) => (c.address === 'heavy' ? 10 : 1) },
    );
    expect(result.ok).toBe(true);
    // c heads c → heavy (11), b heads b → d (2), a and d only themselves (1: a first, in plan order)
    expect(started).toEqual(['c', 'heavy', 'b', 'a', 'd']);
  });

  it('runs capped changes at most `max` at once, the others beside them', async () => {
    const changes = [change('t1'), change('t2'), change('t3'), change('a'), change('b')];
    const capped = (c: PlanChange): boolean => c.address.startsWith('t');
    let cappedNow = 0;
    let maxCapped = 0;
    const started: string[] = [];
    const result = await runInOrder(
      changes,
      async (c) => {
        started.push(c.address);
        if (capped(c)) cappedNow += 1;
        maxCapped = Math.max(maxCapped, cappedNow);
        await new Promise((r) => setTimeout(r, 5));
        if (capped(c)) cappedNow -= 1;
        return { summary: 'ok' };
      },
      { concurrency: 3, onError: 'abort', capped: { is: capped, max: 1 } },
    );
    expect(result.ok).toBe(true);
    expect(maxCapped).toBe(1);
    // t2 and t3 wait for t1; a and b take the free slots meanwhile
    expect(started.slice(0, 3)).toEqual(['t1', 'a', 'b']);
    expect(started).toHaveLength(5);
  });
});
