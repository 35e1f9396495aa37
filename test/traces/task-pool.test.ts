import { describe, expect, it } from 'vitest';
import { createTaskPool } from '../../src/traces/task-pool.js';

const tick = (): Promise<void> => new Promise((r) => setImmediate(r));

describe('createTaskPool', () => {
  it('never runs more than max tasks at once and runs them all', async () => {
    const pool = createTaskPool(3);
    let active = 0;
    let peak = 0;
    let done = 0;
    for (let i = 0; i < 20; i++) {
      await pool.run(async () => {
        active += 1;
        peak = Math.max(peak, active);
        await tick();
        active -= 1;
        done += 1;
      });
      expect(active).toBeLessThanOrEqual(3);
    }
    await pool.drain();
    expect(peak).toBe(3);
    expect(done).toBe(20);
  });

  it('rethrows the first failure from drain, and from run after it', async () => {
    const pool = createTaskPool(2);
    await pool.run(async () => {
      throw new Error('boom');
    });
    await expect(pool.drain()).rejects.toThrow('boom');
    await expect(pool.run(async () => undefined)).rejects.toThrow('boom');
  });

  it('rejects a bad limit', () => {
    expect(() => createTaskPool(0)).toThrow('concurrency must be an integer ≥ 1, got 0');
  });
});
