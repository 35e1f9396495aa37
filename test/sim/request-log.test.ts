import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REQUEST_LOG_BODY_CAP } from '../../src/sim/request-log.js';
import type { SimulatorHandle } from '../../src/sim/start-simulator.js';
import { SimClient, startTestSim, type SimClient as Client } from './sim-client.js';

let sim: SimulatorHandle;
let api: Client;
beforeAll(async () => {
  ({ sim, api } = await startTestSim());
});
afterAll(async () => sim.close());

describe('the request recorder (library requests(), GET|POST /__sim/requests)', () => {
  it('is off by default', async () => {
    await api.ok('POST', '/projects', { name: 'rl-off' });
    expect(sim.requests()).toEqual([]);
    expect((await api.ok('GET', '/__sim/requests')).recording).toBe(false);
  });

  it('records method, route, status, size and digest in order; small JSON bodies whole, large ones as their scalars', async () => {
    await api.ok('POST', '/__sim/requests', { recording: true });
    const p = await api.ok('POST', '/projects', { name: 'rl-on' });
    await api.call('GET', '/projects/00000000-0000-4000-8000-000000000000');
    const big = { log_stream_id: 'ls-1', reliable: true, traces: [{ input: 'x'.repeat(REQUEST_LOG_BODY_CAP) }] };
    await api.call('POST', `/projects/${p.id}/traces`, big);
    await new SimClient(sim.url, null).call('GET', '/projects');
    const log = sim.requests();
    expect(log.map((r) => [r.seq, r.method, r.route, r.status])).toEqual([
      [1, 'POST', '/projects', 200],
      [2, 'GET', '/projects/:project_id', 404],
      [3, 'POST', '/projects/:project_id/traces', expect.any(Number)],
      [4, 'GET', '/projects', 401],
    ]);
    expect(log[0]).toMatchObject({ path: '/projects', body: { name: 'rl-on' }, bytes: JSON.stringify({ name: 'rl-on' }).length });
    expect(log[0]?.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(log[2]?.bytes).toBe(JSON.stringify(big).length);
    expect(log[2]?.body).toBeUndefined();
    expect(log[2]?.scalars).toEqual({ log_stream_id: 'ls-1', reliable: true });
    const viaAdmin = await api.ok('GET', '/__sim/requests');
    expect(viaAdmin.requests).toHaveLength(4);
    expect(sim.stats().admin).toBeGreaterThan(0);
  });

  it('reset and turning it off clear the log; a malformed toggle is a 422', async () => {
    sim.reset();
    expect(sim.requests()).toEqual([]);
    await api.ok('GET', '/projects');
    expect(sim.requests()).toHaveLength(1);
    await api.ok('POST', '/__sim/requests', { recording: false });
    expect(sim.requests()).toEqual([]);
    expect((await api.call('POST', '/__sim/requests', { recording: 'yes' })).status).toBe(422);
  });
});
