import { afterEach, describe, expect, it } from 'vitest';
import { createGalileoClient, type GalileoClient } from '../../src/galileo/create-client.js';
import { pollValidation } from '../../src/galileo/poll-validation.js';
import { validateCode } from '../../src/kinds/scorer/api.js';
import { startSimulator, type SimulatorHandle } from '../../src/sim/start-simulator.js';

const CODE = 'def scorer_fn(step_object, **kwargs) -> float:\n    return 1.0\n';

describe('pollValidation', () => {
  let sim: SimulatorHandle | undefined;
  let client: GalileoClient | undefined;
  afterEach(async () => {
    await client?.close();
    await sim?.close();
  });

  it('polls first one interval after the task was made: a task that ends within it takes one poll', async () => {
    // the simulator's tasks end within two job steps; the interval is longer
    sim = await startSimulator({ port: 0, jobStepMs: 300 });
    client = createGalileoClient({ apiUrl: sim.url, apiKey: 'sim-key' });
    const task = await validateCode(client, { code: CODE, nodeTypes: ['llm'] });
    const outcome = await pollValidation(client, task, { intervalMs: 700 });
    expect(outcome.result.result['result_type']).toBe('valid');
    expect(client.stats().requests['GET /scorers/code/validate/{validate_id}']).toBe(1);
  });

  it('stops sleeping when the signal aborts, and leaves no listener on it per sleep', async () => {
    sim = await startSimulator({ port: 0, jobStepMs: 100 });
    client = createGalileoClient({ apiUrl: sim.url, apiKey: 'sim-key' });
    const signal = new AbortController();
    let added = 0;
    let removed = 0;
    const add = signal.signal.addEventListener.bind(signal.signal);
    const remove = signal.signal.removeEventListener.bind(signal.signal);
    signal.signal.addEventListener = ((...a: Parameters<typeof add>) => ((added += 1), add(...a))) as typeof add;
    signal.signal.removeEventListener = ((...a: Parameters<typeof remove>) => ((removed += 1), remove(...a))) as typeof remove;
    const task = await validateCode(client, { code: CODE, nodeTypes: ['llm'] });
    await pollValidation(client, task, { intervalMs: 20, signal: signal.signal });
    expect(added).toBeGreaterThan(0);
    expect(removed).toBe(added);

    const again = await validateCode(client, { code: CODE, nodeTypes: ['llm'] });
    const polling = pollValidation(client, again, { intervalMs: 60_000, signal: signal.signal });
    signal.abort(new Error('interrupted'));
    await expect(polling).rejects.toThrow('interrupted');
  });
});
