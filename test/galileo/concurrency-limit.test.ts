import { describe, expect, it } from 'vitest';
import { createLaneLimiter } from '../../src/galileo/concurrency-limit.js';

const tick = async (): Promise<void> => {
  for (let i = 0; i < 10; i++) await Promise.resolve();
};

/** A task that runs until released, recording its start. */
function gated(log: string[], name: string): { task: () => Promise<void>; open: () => void } {
  let open!: () => void;
  const gate = new Promise<void>((r) => (open = r));
  return {
    task: async () => {
      log.push(name);
      await gate;
    },
    open,
  };
}

describe('createLaneLimiter', () => {
  it('gives a freed slot to a waiting bulk request before the general ones queued earlier, and never exceeds max', async () => {
    const limit = createLaneLimiter(2, 1);
    const log: string[] = [];
    const a = gated(log, 'a');
    const b = gated(log, 'b');
    const c = gated(log, 'c');
    const bulk = gated(log, 'bulk');
    const runs = [limit(a.task), limit(b.task), limit(c.task), limit(bulk.task, 'bulk')];
    await tick();
    expect(log).toEqual(['a', 'b']);
    a.open();
    await tick();
    expect(log).toEqual(['a', 'b', 'bulk']); // not c, queued before it
    b.open();
    await tick();
    expect(log).toEqual(['a', 'b', 'bulk', 'c']);
    c.open();
    bulk.open();
    await Promise.all(runs);
  });

  it('bulk requests use at most their share: the other slots stay for the rest', async () => {
    const limit = createLaneLimiter(3, 1);
    const log: string[] = [];
    const b1 = gated(log, 'b1');
    const b2 = gated(log, 'b2');
    const g = gated(log, 'g');
    const runs = [limit(b1.task, 'bulk'), limit(b2.task, 'bulk'), limit(g.task)];
    await tick();
    expect(log).toEqual(['b1', 'g']);
    b1.open();
    await tick();
    expect(log).toEqual(['b1', 'g', 'b2']);
    b2.open();
    g.open();
    await Promise.all(runs);
  });

  it('a first-lane request (the next page of a list) takes the next free slot, before bulk and general waiters', async () => {
    const limit = createLaneLimiter(1, 1);
    const log: string[] = [];
    const a = gated(log, 'a');
    const g = gated(log, 'g');
    const bulk = gated(log, 'bulk');
    const page = gated(log, 'page');
    const runs = [limit(a.task), limit(g.task), limit(bulk.task, 'bulk'), limit(page.task, 'first')];
    await tick();
    expect(log).toEqual(['a']);
    a.open();
    await tick();
    expect(log).toEqual(['a', 'page']); // queued last, served first
    page.open();
    await tick();
    expect(log).toEqual(['a', 'page', 'bulk']);
    bulk.open();
    await tick();
    expect(log).toEqual(['a', 'page', 'bulk', 'g']);
    g.open();
    await Promise.all(runs);
  });
});
