/** Protect stages (src/sim/SPEC.md "Protect stages"): create, read back (no rulesets), new versions, pause, 422s. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SimulatorHandle } from '../../src/sim/start-simulator.js';
import { startTestSim, uuid, type SimClient } from './sim-client.js';

let sim: SimulatorHandle;
let api: SimClient;
let p: string;
beforeAll(async () => {
  ({ sim, api } = await startTestSim());
  p = (await api.ok('POST', '/projects', { name: 'protect' })).id;
});
afterAll(async () => sim.close());

const RULESET = {
  rules: [{ metric: 'input_toxicity', operator: 'gt', target_value: 0.5 }],
  action: { type: 'OVERRIDE', choices: ['Sorry, I cannot help with that.'], subscriptions: [{ url: 'https://hooks.example.com/protect', statuses: ['triggered'] }] },
  description: 'block toxic input',
};

describe('protect stages', () => {
  it('create → StageDB (version 1, defaults, no rulesets); GET by name or id reads the same; the state keeps the rulesets', async () => {
    const s = await api.ok('POST', `/projects/${p}/stages`, { name: 'guard', project_id: p, prioritized_rulesets: [RULESET] });
    expect(s).toEqual({ name: 'guard', project_id: p, description: null, type: 'local', paused: false, created_by: expect.any(String), id: expect.any(String), version: 1 });
    expect(await api.ok('GET', `/projects/${p}/stages?stage_name=guard`)).toEqual(s);
    expect(await api.ok('GET', `/projects/${p}/stages?stage_id=${s.id}`)).toEqual(s);
    expect(sim.state().stages?.find((x) => x.id === s.id)?.rulesets).toEqual([[RULESET]]);
    const central = await api.ok('POST', `/projects/${p}/stages`, { name: 'central', project_id: p, type: 'central', description: 'd', paused: true });
    expect(central).toMatchObject({ type: 'central', description: 'd', paused: true, version: 1 });
  });

  it('update = a new version (rulesets kept per version, never read back); pause / unpause with PUT ?pause=', async () => {
    const s = await api.ok('POST', `/projects/${p}/stages`, { name: 'versioned', project_id: p, prioritized_rulesets: [RULESET] });
    const passthrough = { rules: [{ metric: 'pii', operator: 'contains', target_value: ['ssn'] }], action: { type: 'PASSTHROUGH' } };
    const v2 = await api.ok('POST', `/projects/${p}/stages/${s.id}`, { prioritized_rulesets: [passthrough] });
    expect(v2).toEqual({ ...s, version: 2 });
    expect(v2).not.toHaveProperty('prioritized_rulesets');
    expect((await api.ok('POST', `/projects/${p}/stages/${s.id}`, {})).version).toBe(3);
    expect(sim.state().stages?.find((x) => x.id === s.id)?.rulesets).toEqual([[RULESET], [passthrough], []]);
    expect((await api.ok('PUT', `/projects/${p}/stages/${s.id}?pause=true`)).paused).toBe(true);
    expect((await api.ok('GET', `/projects/${p}/stages?stage_id=${s.id}`)).paused).toBe(true);
    expect((await api.ok('PUT', `/projects/${p}/stages/${s.id}`)).paused).toBe(false);
    expect((await api.call('PUT', `/projects/${p}/stages/${s.id}?pause=maybe`)).status).toBe(422);
  });

  it('422s: every bad field at once, a taken name, a project_id that is not the path\'s, no query; 404s for unknown stages', async () => {
    const bad = await api.call('POST', `/projects/${p}/stages`, {
      type: 'remote', paused: 'no',
      prioritized_rulesets: [{ rules: [], action: { type: 'OVERRIDE', choices: [] } }, { rules: [{ metric: 'm', operator: 'bigger' }], action: { type: 'BLOCK' } }, { action: { subscriptions: [{ url: 'not a url', statuses: ['sometimes'] }] } }],
    });
    expect(bad.status).toBe(422);
    expect(bad.body.detail.map((d: { loc: (string | number)[] }) => d.loc.slice(1).join('.')).sort()).toEqual([
      'name', 'paused', 'prioritized_rulesets.0.action.OVERRIDE.choices', 'prioritized_rulesets.0.rules', 'prioritized_rulesets.1.action.type',
      'prioritized_rulesets.1.rules.0.operator', 'prioritized_rulesets.1.rules.0.target_value', 'prioritized_rulesets.2.action.PASSTHROUGH.subscriptions.0.statuses.0',
      'prioritized_rulesets.2.action.PASSTHROUGH.subscriptions.0.url', 'project_id', 'type',
    ].sort());
    await api.ok('POST', `/projects/${p}/stages`, { name: 'taken', project_id: p });
    expect((await api.call('POST', `/projects/${p}/stages`, { name: 'taken', project_id: p })).body.detail[0].msg).toContain('already exists');
    const other = (await api.ok('POST', '/projects', { name: 'protect-2' })).id;
    expect((await api.call('POST', `/projects/${p}/stages`, { name: 'wrong', project_id: other })).status).toBe(422);
    await api.ok('POST', `/projects/${other}/stages`, { name: 'taken', project_id: other });
    expect((await api.call('GET', `/projects/${p}/stages`)).status).toBe(422);
    expect((await api.call('GET', `/projects/${p}/stages?stage_name=nope`)).status).toBe(404);
    const s = await api.ok('GET', `/projects/${p}/stages?stage_name=taken`);
    expect((await api.call('GET', `/projects/${other}/stages?stage_id=${s.id}`)).status).toBe(404);
    expect((await api.call('POST', `/projects/${p}/stages/${uuid()}`, {})).status).toBe(404);
    expect((await api.call('PUT', `/projects/${other}/stages/${s.id}?pause=true`)).status).toBe(404);
    const badUpdate = await api.call('POST', `/projects/${p}/stages/${s.id}`, { prioritized_rulesets: [{ rules: [{ operator: 'eq', target_value: 1 }] }] });
    expect(badUpdate.status).toBe(422);
    expect((await api.ok('GET', `/projects/${p}/stages?stage_id=${s.id}`)).version).toBe(1);
  });
});
