/** Experiment tags over raw HTTP (src/sim/SPEC.md "Experiments"): create, read back, update, delete, validation. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { startSimulator, type SimulatorHandle } from '../../src/sim/start-simulator.js';
import { SimClient, startTestSim, uuid } from './sim-client.js';

let sim: SimulatorHandle;
let api: SimClient;
let p: string;
beforeAll(async () => {
  ({ sim, api } = await startTestSim());
  p = (await api.ok('POST', '/projects', { name: 'tags' })).id;
});
afterAll(async () => sim.close());

const experiment = async (name: string): Promise<string> => (await api.ok('POST', `/projects/${p}/experiments`, { name })).id;

describe('experiment tags', () => {
  it('POST creates a RunTagDB, GET lists and reads it, the experiment groups its tags by tag_type', async () => {
    const e = await experiment('tagged');
    expect((await api.ok('GET', `/projects/${p}/experiments/${e}`)).tags).toEqual({});
    const t1 = await api.ok('POST', `/projects/${p}/experiments/${e}/tags`, { key: 'galctl.key', value: 'exp-a', tag_type: 'generic' });
    expect(t1).toMatchObject({ key: 'galctl.key', value: 'exp-a', tag_type: 'generic', project_id: p, run_id: e });
    expect(typeof t1.id).toBe('string');
    expect(typeof t1.created_by).toBe('string');
    expect(t1.created_at).toBe(t1.updated_at);
    const t2 = await api.ok('POST', `/projects/${p}/experiments/${e}/tags`, { key: 'Vector DB', value: 'Pinecone', tag_type: 'rag' });
    const t3 = await api.ok('POST', `/projects/${p}/experiments/${e}/tags`, { key: 'galctl.fingerprint', value: 'sha256:ab', tag_type: 'generic' });
    expect(await api.ok('GET', `/projects/${p}/experiments/${e}/tags`)).toEqual([t1, t2, t3]);
    expect(await api.ok('GET', `/projects/${p}/experiments/${e}/tags/${t2.id}`)).toEqual(t2);
    const want = { generic: [t1, t3], rag: [t2] };
    expect((await api.ok('GET', `/projects/${p}/experiments/${e}`)).tags).toEqual(want);
    expect((await api.ok('GET', `/projects/${p}/experiments`)).find((x: { id: string }) => x.id === e).tags).toEqual(want);
    expect((await api.ok('GET', `/projects/${p}/experiments/paginated`)).experiments.find((x: { id: string }) => x.id === e).tags).toEqual(want);
    const found = await api.ok('POST', `/projects/${p}/experiments/search`, { filters: [{ name: 'id', operator: 'eq', value: e }] });
    expect(found.experiments[0].tags).toEqual(want);
    expect((await api.ok('PUT', `/projects/${p}/experiments/${e}`, { name: 'tagged' })).tags).toEqual(want);
    // the state dump carries them, on the run
    const state = (await (await fetch(`${sim.url}/__sim/state?kinds=runs`)).json()) as { runs: { id: string; tags?: unknown[] }[] };
    expect(state.runs.find((r) => r.id === e)?.tags).toEqual([t1, t2, t3]);
  });

  it('PUT updates a tag in place, DELETE removes it ({message}), both 404 on an unknown or foreign tag', async () => {
    const e = await experiment('retag');
    const other = await experiment('other');
    const t = await api.ok('POST', `/projects/${p}/experiments/${e}/tags`, { key: 'galctl.inputs', value: 'v1', tag_type: 'generic' });
    const u = await api.ok('PUT', `/projects/${p}/experiments/${e}/tags/${t.id}`, { key: 'galctl.inputs', value: 'v2', tag_type: 'generic' });
    expect(u).toMatchObject({ id: t.id, key: 'galctl.inputs', value: 'v2', created_at: t.created_at });
    expect(u.updated_at > t.updated_at).toBe(true);
    expect(await api.ok('GET', `/projects/${p}/experiments/${e}/tags`)).toEqual([u]);
    for (const [method, body] of [['GET', undefined], ['PUT', { key: 'k', value: 'v', tag_type: 'generic' }], ['DELETE', undefined]] as const) {
      const foreign = await api.call(method, `/projects/${p}/experiments/${other}/tags/${t.id}`, body);
      expect(foreign.status).toBe(404);
      expect(foreign.body).toEqual({ detail: `Tag ${t.id} not found` });
      expect((await api.call(method, `/projects/${p}/experiments/${e}/tags/${uuid()}`, body)).status).toBe(404);
    }
    expect(await api.ok('DELETE', `/projects/${p}/experiments/${e}/tags/${t.id}`)).toEqual({ message: expect.any(String) });
    expect(await api.ok('GET', `/projects/${p}/experiments/${e}/tags`)).toEqual([]);
    expect((await api.ok('GET', `/projects/${p}/experiments/${e}`)).tags).toEqual({});
    expect((await api.call('DELETE', `/projects/${p}/experiments/${e}/tags/${t.id}`)).status).toBe(404);
  });

  it('a key is unique per experiment: POST of a taken key and PUT onto another tag\'s key → 422; another experiment may reuse it', async () => {
    const e = await experiment('unique');
    const a = await api.ok('POST', `/projects/${p}/experiments/${e}/tags`, { key: 'ci.sha', value: '1', tag_type: 'generic' });
    const dup = await api.call('POST', `/projects/${p}/experiments/${e}/tags`, { key: 'ci.sha', value: '2', tag_type: 'rag' });
    expect(dup.status).toBe(422);
    expect(dup.body.detail[0]).toMatchObject({ loc: ['body', 'key'], msg: "Tag with key 'ci.sha' already exists" });
    const b = await api.ok('POST', `/projects/${p}/experiments/${e}/tags`, { key: 'ci.run', value: '7', tag_type: 'generic' });
    expect((await api.call('PUT', `/projects/${p}/experiments/${e}/tags/${b.id}`, { key: 'ci.sha', value: '7', tag_type: 'generic' })).status).toBe(422);
    expect(await api.ok('GET', `/projects/${p}/experiments/${e}/tags`)).toEqual([a, b]);
    await api.ok('POST', `/projects/${p}/experiments/${await experiment('unique-2')}/tags`, { key: 'ci.sha', value: '1', tag_type: 'generic' });
  });

  it('validates RunTagCreateRequest: every missing, mistyped or too long field at once; unknown experiment or a log stream → 404', async () => {
    const e = await experiment('invalid');
    const r = await api.call('POST', `/projects/${p}/experiments/${e}/tags`, { key: 'k'.repeat(257), value: 5 });
    expect(r.status).toBe(422);
    expect(r.body.detail.map((d: { loc: string[]; type: string }) => [d.loc.join('.'), d.type])).toEqual([
      ['body.key', 'string_too_long'], ['body.value', 'string_type'], ['body.tag_type', 'missing'],
    ]);
    await api.ok('POST', `/projects/${p}/experiments/${e}/tags`, { key: 'k'.repeat(256), value: 'v'.repeat(256), tag_type: 'anything' });
    expect((await api.call('POST', `/projects/${p}/experiments/${e}/tags`)).status).toBe(422);
    expect((await api.call('POST', `/projects/${p}/experiments/${e}/tags`, ['key'])).status).toBe(422);
    const t = (await api.ok('GET', `/projects/${p}/experiments/${e}/tags`))[0];
    expect((await api.call('PUT', `/projects/${p}/experiments/${e}/tags/${t.id}`, { key: 'k' })).status).toBe(422);
    expect((await api.ok('GET', `/projects/${p}/experiments/${e}/tags/${t.id}`)).key).toBe('k'.repeat(256));
    expect((await api.call('GET', `/projects/${p}/experiments/${uuid()}/tags`)).status).toBe(404);
    const ls = (await api.ok('POST', `/projects/${p}/log_streams`, { name: 'ls' })).id;
    expect((await api.call('POST', `/projects/${p}/experiments/${ls}/tags`, { key: 'k', value: 'v', tag_type: 'generic' })).status).toBe(404);
  });

  it('tags go with their experiment and survive a state-file round trip', async () => {
    const e = await experiment('doomed');
    await api.ok('POST', `/projects/${p}/experiments/${e}/tags`, { key: 'k', value: 'v', tag_type: 'generic' });
    const kept = await experiment('kept');
    const tag = await api.ok('POST', `/projects/${p}/experiments/${kept}/tags`, { key: 'k', value: 'v', tag_type: 'generic' });
    expect((await api.call('DELETE', `/projects/${p}/experiments/${e}`)).status).toBe(204);
    expect((await api.call('GET', `/projects/${p}/experiments/${e}/tags`)).status).toBe(404);
    expect(sim.state().runs.some((r) => r.id === e)).toBe(false);
    expect(await api.ok('GET', `/projects/${p}/experiments/${kept}/tags`)).toEqual([tag]);
    const file = join(await mkdtemp(join(tmpdir(), 'sim-tags-')), 'state.json');
    const s1 = await startSimulator({ stateFile: file });
    const c1 = new SimClient(s1.url);
    const p1 = (await c1.ok('POST', '/projects', { name: 'persisted' })).id;
    const e1 = (await c1.ok('POST', `/projects/${p1}/experiments`, { name: 'e' })).id;
    const t1 = await c1.ok('POST', `/projects/${p1}/experiments/${e1}/tags`, { key: 'galctl.key', value: 'e', tag_type: 'generic' });
    await s1.close();
    const s2 = await startSimulator({ stateFile: file });
    try {
      const c2 = new SimClient(s2.url);
      expect(await c2.ok('GET', `/projects/${p1}/experiments/${e1}/tags`)).toEqual([t1]);
      expect((await c2.ok('GET', `/projects/${p1}/experiments/${e1}`)).tags).toEqual({ generic: [t1] });
    } finally {
      await s2.close();
      await rm(dirname(file), { recursive: true, force: true });
    }
  });
});
