/** Project labels are Galileo's closed enum `ProjectLabels` = ["sample"] (src/sim/SPEC.md, Projects). */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SimulatorHandle } from '../../src/sim/start-simulator.js';
import { type SimClient, startTestSim } from './sim-client.js';

let sim: SimulatorHandle;
let api: SimClient;

beforeAll(async () => {
  ({ sim, api } = await startTestSim());
});
afterAll(async () => sim.close());

describe('project labels', () => {
  it('PUT /projects/{id}: "sample" is kept; any other label is a 422 per bad value, and nothing changes', async () => {
    const { id } = await api.ok('POST', '/projects', { name: 'labelled' });
    expect((await api.ok('PUT', `/projects/${id}`, { labels: ['sample'] })).labels).toEqual(['sample']);

    const bad = await api.call('PUT', `/projects/${id}`, { name: 'renamed', description: 'd', labels: ['sample', 'galctl:managed', 'team-a'] });
    expect(bad.status).toBe(422);
    expect(bad.body).toEqual({
      detail: [
        { type: 'enum', loc: ['body', 'labels', 1], msg: "Input should be 'sample'", input: 'galctl:managed' },
        { type: 'enum', loc: ['body', 'labels', 2], msg: "Input should be 'sample'", input: 'team-a' },
      ],
    });
    const after = await api.ok('GET', `/projects/${id}`);
    expect([after.name, after.description, after.labels]).toEqual(['labelled', null, ['sample']]);
  });

  it('POST /projects with labels: the same check, and no project is made', async () => {
    const bad = await api.call('POST', '/projects', { name: 'never', labels: ['Sample'] });
    expect(bad.status).toBe(422);
    expect(bad.body.detail).toEqual([{ type: 'enum', loc: ['body', 'labels', 0], msg: "Input should be 'sample'", input: 'Sample' }]);
    expect(await api.ok('GET', '/projects?project_name=never')).toEqual([]);
    const ok = await api.ok('POST', '/projects', { name: 'sampled', labels: ['sample'] });
    expect((await api.ok('GET', `/projects/${ok.id}`)).labels).toEqual(['sample']);
  });
});
