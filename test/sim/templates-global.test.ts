/** Global prompt templates (src/sim/SPEC.md "Prompt templates"): the query's not_in_project filter, versions sorts. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SimulatorHandle } from '../../src/sim/start-simulator.js';
import { startTestSim, type SimClient } from './sim-client.js';

let sim: SimulatorHandle;
let api: SimClient;
beforeAll(async () => {
  ({ sim, api } = await startTestSim());
});
afterAll(async () => sim.close());

describe('global prompt templates', () => {
  it('POST /templates/query: not_in_project keeps the templates not used in that project; used_in_project the others', async () => {
    const p = await api.ok('POST', '/projects', { name: 'tpl-project' });
    const inside = await api.ok('POST', `/templates?project_id=${p.id}`, { name: 'inside', template: 'a {{input}}' });
    const outside = await api.ok('POST', '/templates', { name: 'outside', template: 'b {{input}}' });
    const ids = async (filters: unknown[]): Promise<string[]> => (await api.ok('POST', '/templates/query', { filters })).templates.map((t: { id: string }) => t.id).sort();
    expect(await ids([{ name: 'not_in_project', value: p.id }])).toEqual([outside.id]);
    expect(await ids([{ name: 'used_in_project', value: p.id }])).toEqual([inside.id]);
    expect(await ids([{ name: 'not_in_project', value: p.id }, { name: 'name', operator: 'eq', value: 'inside' }])).toEqual([]);
    expect((await api.call('POST', '/templates/query', { filters: [{ name: 'colour', value: 'x' }] })).status).toBe(422);
  });

  it('POST /templates/{id}/versions/query sorts by version, created_at or updated_at, ascending or not', async () => {
    const t = await api.ok('POST', '/templates', { name: 'versions', template: 'v1' });
    await api.ok('POST', `/templates/${t.id}/versions`, { template: 'v5', version: 5 });
    await api.ok('POST', `/templates/${t.id}/versions`, { template: 'v3', version: 3 });
    const order = async (sort?: unknown): Promise<number[]> => (await api.ok('POST', `/templates/${t.id}/versions/query`, sort === undefined ? {} : { sort })).versions.map((v: { version: number }) => v.version);
    expect(await order()).toEqual([1, 3, 5]);
    expect(await order({ name: 'version', ascending: false })).toEqual([5, 3, 1]);
    expect(await order({ name: 'created_at', ascending: true })).toEqual([1, 5, 3]);
    expect(await order({ name: 'created_at', ascending: false })).toEqual([3, 5, 1]);
    expect((await api.call('POST', `/templates/${t.id}/versions/query`, { sort: { name: 'colour', ascending: true } })).status).toBe(422);
    // selecting a version is what the template reads back
    expect((await api.ok('PUT', `/templates/${t.id}/versions/3`)).selected_version.version).toBe(3);
  });

  it('refuses what Galileo refuses: empty or over-long names, a non-string rename, malformed path ids and versions', async () => {
    const t = await api.ok('POST', '/templates', { name: { value: 'strict-tpl' }, template: 'x {{input}}' });
    const long = await api.call('POST', '/templates', { name: { value: 'n'.repeat(129) }, template: 'x' });
    expect(long.body.detail[0]).toMatchObject({ loc: ['body', 'name', 'value'], type: 'string_too_long' });
    // PATCH: UpdatePromptTemplateRequest.name is a string of ≥ 1 character, a Name, or null [SPEC]
    const empty = await api.call('PATCH', `/templates/${t.id}`, { name: '' });
    expect(empty.status).toBe(422);
    expect(empty.body.detail[0]).toMatchObject({ loc: ['body', 'name'], type: 'string_too_short' });
    const number = await api.call('PATCH', `/templates/${t.id}`, { name: 7 });
    expect(number.body.detail[0]).toMatchObject({ loc: ['body', 'name'], type: 'model_attributes_type' });
    expect((await api.ok('PATCH', `/templates/${t.id}`, { name: null })).name).toBe('strict-tpl');
    expect((await api.ok('PATCH', `/templates/${t.id}`, { name: { value: 'strict-tpl-2' } })).name).toBe('strict-tpl-2');
    // path: template_id `format: uuid4`, version an integer [SPEC]: malformed → 422, well-formed unknown → 404
    const badId = await api.call('GET', '/templates/not-a-uuid');
    expect(badId.status).toBe(422);
    expect(badId.body.detail[0]).toMatchObject({ loc: ['path', 'template_id'], type: 'uuid_parsing' });
    const badVersion = await api.call('PUT', `/templates/${t.id}/versions/latest`);
    expect(badVersion.status).toBe(422);
    expect(badVersion.body.detail[0]).toMatchObject({ loc: ['path', 'version'], type: 'int_parsing' });
    expect((await api.call('GET', `/templates/${t.id}/versions/9`)).status).toBe(404);
    expect((await api.ok('GET', `/templates/${t.id}`)).name).toBe('strict-tpl-2');
  });

  it('refuses a message list whose messages lack content (Message: role* and content*)', async () => {
    const r = await api.call('POST', '/templates', { name: 'no-content', template: [{ role: 'user' }] });
    expect(r.status).toBe(422);
    expect(r.body.detail[0].loc).toEqual(['body', 'template']);
    const t = await api.ok('POST', '/templates', { name: 'with-content', template: [{ role: 'user', content: 'hi {{input}}' }] });
    expect((await api.call('POST', `/templates/${t.id}/versions`, { template: [{ role: 'system', content: null }] })).status).toBe(422);
  });
});
