import { afterEach, describe, expect, it } from 'vitest';
import { applyPlan } from '../../src/engine/apply/apply-plan.js';
import { createGalileoClient } from '../../src/galileo/create-client.js';
import { loadManifest } from '../../src/manifest/load-manifest.js';
import { makePlan } from '../../src/pipeline/make-plan.js';
import { startSimulator, type SimulatorHandle } from '../../src/sim/start-simulator.js';
import { fixtureDir, yaml } from '../manifest/fixture-dir.js';
import { startProxy } from '../helpers/lossy-proxy.js';

/**
 * A loopback proxy in front of the simulator. Once the first project create is answered, it holds the answer of the
 * next request for galctl's inventory (its confirmation: a dataset query, read or write) until another project create
 * arrives, or `maxHoldMs` passes. `events` says what happened in that window, in order.
 */
async function startHoldingProxy(upstream: string, maxHoldMs: number) {
  const events: string[] = [];
  let phase: 'before' | 'watching' | 'done' = 'before';
  let holding = false;
  let release: (() => void) | undefined;
  const url = await startProxy(upstream, {
    fate(method, path) {
      if (method === 'POST' && path === '/projects' && phase === 'watching') {
        events.push('a project create arrived');
        release?.();
      }
      return 'pass';
    },
    async answered(method, path) {
      if (phase === 'watching' && !holding && path.startsWith('/datasets')) {
        holding = true;
        events.push('inventory request held');
        if (!events.includes('a project create arrived')) {
          await new Promise<void>((resolve) => {
            release = resolve;
            setTimeout(resolve, maxHoldMs);
          });
        }
        events.push('inventory request answered');
        phase = 'done';
      }
      if (method === 'POST' && path === '/projects' && phase === 'before') phase = 'watching';
    },
  });
  return { url, events };
}

describe('apply: a step waiting for its inventory confirmation', () => {
  let sim: SimulatorHandle | undefined;
  afterEach(async () => {
    await sim?.close();
  });

  it('does not hold its step slot: with one slot, the next create is sent while the confirmation is under way', async () => {
    sim = await startSimulator({ port: 0 });
    const cwd = fixtureDir({ 'galileo.yaml': yaml('version: 1', 'projects:', '  first: {}', '  second: {}') });
    const desired = (await loadManifest('galileo.yaml', { cwd, env: {} })).desired!;
    const planClient = createGalileoClient({ apiUrl: sim.url, apiKey: 'sim-key' });
    const made = await makePlan(planClient, desired, { prune: false, targets: [], manifestPath: 'galileo.yaml', apiUrl: sim.url });
    await planClient.close();
    expect(made.plan.summary.create).toBe(2);

    // the other project's create must arrive while the first one's confirmation is held (at most 5 s: a step that
    // held its slot could only start after the answer, and the order below would say so)
    const proxy = await startHoldingProxy(sim.url, 5_000);
    const client = createGalileoClient({ apiUrl: proxy.url, apiKey: 'sim-key' });
    const result = await applyPlan({ plan: made.plan, desired, live: made.live, client, stepConcurrency: 1 });
    await client.close();

    expect(result.outcomes.map((o) => [o.address, o.status])).toEqual([
      ['project.first', 'succeeded'],
      ['project.second', 'succeeded'],
    ]);
    // (a step holding its slot: ['inventory request held', 'inventory request answered'], after a 5 s wait)
    expect(proxy.events.filter((e) => e !== 'inventory request held')).toEqual(['a project create arrived', 'inventory request answered']);
  });
});
