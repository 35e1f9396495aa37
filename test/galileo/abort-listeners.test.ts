import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createGalileoClient } from '../../src/galileo/create-client.js';
import { startSimulator, type SimulatorHandle } from '../../src/sim/start-simulator.js';

const KEY = 'sim-key-abort-listeners';

describe('requests in flight under one abort signal', () => {
  let sim: SimulatorHandle;
  beforeAll(async () => {
    sim = await startSimulator({ port: 0, apiKey: KEY, latencyMs: 30 });
  });
  afterAll(async () => sim?.close());

  it('sixteen at once print no listener-leak warning, and none stays on the signal afterwards', async () => {
    const warnings: Error[] = [];
    const onWarning = (w: Error): void => void warnings.push(w);
    process.on('warning', onWarning);
    const controller = new AbortController();
    const client = createGalileoClient({ apiUrl: sim.url, apiKey: KEY, concurrency: 16, signal: controller.signal });
    try {
      const answers = await Promise.all(Array.from({ length: 40 }, () => client.request('GET', '/healthcheck')));
      expect(answers.every((a) => a.status === 200)).toBe(true);
      await new Promise((resolve) => setImmediate(resolve)); // a warning is emitted on the next tick
      expect(warnings.map((w) => w.name)).not.toContain('MaxListenersExceededWarning');
      // each request removed its listener when it ended: aborting now touches none of them
      controller.abort();
      expect(client.stats().retries).toBe(0);
    } finally {
      process.off('warning', onWarning);
      await client.close();
    }
  });
});
