import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SimulatorHandle } from '../../src/sim/start-simulator.js';
import { form, startTestSim, type SimClient } from './sim-client.js';

let sim: SimulatorHandle;
let api: SimClient;
beforeAll(async () => {
  ({ sim, api } = await startTestSim());
});
afterAll(async () => sim.close());

describe('GET /datasets/{id}/projects [SPEC ListDatasetProjectsResponse]', () => {
  it('lists the project named at create and every project with an experiment on the dataset, paginated', async () => {
    const a = await api.ok('POST', '/projects', { name: 'dp-a' });
    const b = await api.ok('POST', '/projects', { name: 'dp-b' });
    await api.ok('POST', '/projects', { name: 'dp-unused' });
    const ds = await api.ok('POST', '/datasets?format=csv', form({ name: 'dp-ds', project_id: a.id }, { file: { name: 'd.csv', text: 'input\nq\n' } }));
    const first = await api.ok('GET', `/datasets/${ds.id}/projects`);
    expect(first.projects.map((p: { name: string }) => p.name)).toEqual(['dp-a']);
    expect(Object.keys(first.projects[0]).sort()).toEqual(['created_at', 'created_by_user', 'id', 'name', 'updated_at']);
    await api.ok('POST', `/projects/${b.id}/experiments`, { name: 'e', task_type: 16, dataset: { dataset_id: ds.id, version_index: 1 } });
    const both = await api.ok('GET', `/datasets/${ds.id}/projects`);
    expect(both.projects.map((p: { name: string }) => p.name)).toEqual(['dp-b', 'dp-a']);
    const page = await api.ok('GET', `/datasets/${ds.id}/projects?limit=1`);
    expect(page).toMatchObject({ starting_token: 0, limit: 1, paginated: true, next_starting_token: 1 });
    expect(page.projects).toHaveLength(1);
  });

  it('a dataset created without a project is used by none; unknown ids are 404', async () => {
    const ds = await api.ok('POST', '/datasets?format=csv', form({ name: 'dp-alone' }, { file: { name: 'd.csv', text: 'input\nq\n' } }));
    expect((await api.ok('GET', `/datasets/${ds.id}/projects`)).projects).toEqual([]);
    expect((await api.call('GET', '/datasets/00000000-0000-4000-8000-000000000000/projects')).status).toBe(404);
    const bad = await api.call('POST', '/datasets?format=csv', form({ name: 'dp-bad', project_id: '00000000-0000-4000-8000-000000000000' }, { file: { name: 'd.csv', text: 'input\nq\n' } }));
    expect(bad.status).toBe(404);
  });
});
