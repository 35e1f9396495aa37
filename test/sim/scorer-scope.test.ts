/** Scorer scope (src/sim/SPEC.md "Scorers"): PUT /scorers/{id}/scope replaces is_global and the scope's projects. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SimulatorHandle } from '../../src/sim/start-simulator.js';
import { startTestSim, uuid, type SimClient } from './sim-client.js';

let sim: SimulatorHandle;
let api: SimClient;
beforeAll(async () => {
  ({ sim, api } = await startTestSim());
});
afterAll(async () => sim.close());

const scorer = async (name: string): Promise<{ id: string; is_global: boolean; scope_projects: unknown[] }> =>
  api.ok('POST', '/scorers', { name, scorer_type: 'llm', defaults: { model_name: 'gpt-4.1-mini', num_judges: 1 } });

describe('scorer scope', () => {
  it('scopes a scorer to projects (names read back), replaces it, makes it global; GET and list agree', async () => {
    const s = await scorer('scoped');
    expect(s).toMatchObject({ is_global: false, scope_projects: [] });
    const a = await api.ok('POST', '/projects', { name: 'scope-a' });
    const b = await api.ok('POST', '/projects', { name: 'scope-b' });
    const scoped = await api.ok('PUT', `/scorers/${s.id}/scope`, { is_global: false, project_ids: [a.id, b.id, a.id] });
    expect(scoped).toMatchObject({ id: s.id, is_global: false, scope_projects: [{ id: a.id, name: 'scope-a' }, { id: b.id, name: 'scope-b' }] });
    expect((await api.ok('GET', `/scorers/${s.id}`)).scope_projects).toEqual(scoped.scope_projects);
    // full replace: only b now; a deleted project drops out of the read-back
    expect((await api.ok('PUT', `/scorers/${s.id}/scope`, { is_global: false, project_ids: [b.id] })).scope_projects).toEqual([{ id: b.id, name: 'scope-b' }]);
    await api.ok('DELETE', `/projects/${b.id}`);
    expect((await api.ok('GET', `/scorers/${s.id}`)).scope_projects).toEqual([]);
    const global = await api.ok('PUT', `/scorers/${s.id}/scope`, { is_global: true });
    expect(global).toMatchObject({ is_global: true, scope_projects: [] });
    const listed = await api.ok('POST', '/scorers/list', { filters: [{ name: 'is_global', value: true }, { name: 'name', operator: 'eq', value: 'scoped' }] });
    expect(listed.scorers.map((x: { id: string }) => x.id)).toEqual([s.id]);
    expect(sim.state().scorers.find((x) => (x as { id: string }).id === s.id)).toMatchObject({ scope: { is_global: true, project_ids: [] } });
  });

  it('422 on a bad body (all at once), is_global with projects; 404 for an unknown project or scorer; 403 for a preset', async () => {
    const s = await scorer('scope-strict');
    const bad = await api.call('PUT', `/scorers/${s.id}/scope`, { project_ids: ['x', 3] });
    expect(bad.status).toBe(422);
    expect(bad.body.detail.map((d: { loc: (string | number)[] }) => d.loc.join('.'))).toEqual(['body.is_global', 'body.project_ids.0', 'body.project_ids.1']);
    const p = await api.ok('POST', '/projects', { name: 'scope-c' });
    expect((await api.call('PUT', `/scorers/${s.id}/scope`, { is_global: true, project_ids: [p.id] })).status).toBe(422);
    expect((await api.call('PUT', `/scorers/${s.id}/scope`, { is_global: false, project_ids: Array.from({ length: 1001 }, () => p.id) })).status).toBe(422);
    expect((await api.call('PUT', `/scorers/${s.id}/scope`, { is_global: false, project_ids: [uuid()] })).status).toBe(404);
    expect((await api.call('PUT', `/scorers/${uuid()}/scope`, { is_global: false })).status).toBe(404);
    expect((await api.ok('GET', `/scorers/${s.id}`))).toMatchObject({ is_global: false, scope_projects: [] });
    const preset = (await api.ok('POST', '/scorers/list', { filters: [{ name: 'name', operator: 'eq', value: 'correctness' }] })).scorers[0];
    expect((await api.call('PUT', `/scorers/${preset.id}/scope`, { is_global: false, project_ids: [p.id] })).status).toBe(403);
  });
});
