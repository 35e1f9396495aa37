/** LLM provider integrations (src/sim/SPEC.md "Integrations"): create, read back without secrets, update, delete, 422s. */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator, type SimulatorHandle } from '../../src/sim/start-simulator.js';
import { SimClient, startTestSim } from './sim-client.js';

let sim: SimulatorHandle;
let api: SimClient;
beforeAll(async () => {
  ({ sim, api } = await startTestSim());
});
afterAll(async () => sim.close());

const SECRET = 'sk-test-write-only-1234567890';

describe('integrations', () => {
  it('PUT creates an IntegrationDB; GET lists it and reads the provider\'s fields with defaults, never the token', async () => {
    const created = await api.ok('PUT', '/integrations/openai', { token: SECRET, organization_id: 'org-1' });
    expect(created).toEqual({
      id: expect.any(String), permissions: [], name: 'openai', provider: 'openai', created_at: expect.any(String),
      updated_at: created.created_at, created_by: expect.any(String), is_selected: false, is_disabled: false,
    });
    const azure = await api.ok('PUT', '/integrations/azure', { token: SECRET, endpoint: 'https://example.openai.azure.com', deployments: { 'gpt-4o': 'prod-4o' } });
    expect((await api.ok('GET', '/integrations')).map((i: { name: string }) => i.name).sort()).toEqual(['azure', 'openai']);
    expect(await api.ok('GET', '/integrations/openai')).toEqual({ organization_id: 'org-1', id: created.id, name: 'openai', provider: 'openai', extra: null });
    expect(await api.ok('GET', '/integrations/azure')).toMatchObject({
      id: azure.id, name: 'azure', provider: 'azure', endpoint: 'https://example.openai.azure.com', api_version: '2025-03-01-preview',
      authentication_type: 'api_key', proxy: false, deployments: { 'gpt-4o': 'prod-4o' }, azure_deployment: null,
    });
    // the secret is in no answer and in no state dump
    for (const path of ['/integrations', '/integrations/openai', '/integrations/azure']) expect(JSON.stringify(await api.ok('GET', path))).not.toContain(SECRET);
    const state = await (await fetch(`${sim.url}/__sim/state`)).text();
    expect(state).not.toContain(SECRET);
    expect(JSON.parse(state).integrations.map((i: { name: string }) => i.name).sort()).toEqual(['azure', 'openai']);
  });

  it('PUT again updates in place (same id, new fields, token fingerprint rotates); DELETE removes it; 404 / 422 on unknown names', async () => {
    const first = await api.ok('PUT', '/integrations/anthropic', { token: 'a-1' });
    const fp1 = sim.state().integrations?.find((i) => i.name === 'anthropic')?.token_sha256;
    const again = await api.ok('PUT', '/integrations/anthropic', { token: 'a-2', endpoint: 'https://proxy.local', authentication_type: 'custom_oauth2' });
    expect(again.id).toBe(first.id);
    expect(again.created_at).toBe(first.created_at);
    expect(again.updated_at > first.updated_at).toBe(true);
    expect(await api.ok('GET', '/integrations/anthropic')).toMatchObject({ endpoint: 'https://proxy.local', authentication_type: 'custom_oauth2' });
    expect(sim.state().integrations?.find((i) => i.name === 'anthropic')?.token_sha256).not.toBe(fp1);
    expect(await api.ok('DELETE', '/integrations/anthropic')).toEqual({ message: expect.any(String) });
    expect((await api.call('GET', '/integrations/anthropic')).body).toEqual({ detail: 'Integration anthropic not found' });
    expect((await api.call('DELETE', '/integrations/anthropic')).status).toBe(404);
    expect((await api.call('GET', '/integrations/writer')).status).toBe(404);
    const bad = await api.call('GET', '/integrations/acme');
    expect(bad.status).toBe(422);
    expect(bad.body.detail[0].loc).toEqual(['path', 'name']);
  });

  it('422 on a bad body: every missing or mistyped field at once, nothing stored', async () => {
    const r = await api.call('PUT', '/integrations/azure', { proxy: 'yes', authentication_type: 'magic', deployments: { a: 1 } });
    expect(r.status).toBe(422);
    expect(r.body.detail.map((d: { loc: string[]; type: string }) => `${d.loc.join('.')}:${d.type}`).sort()).toEqual([
      'body.authentication_type:enum', 'body.deployments:dict_type', 'body.endpoint:missing', 'body.proxy:bool_type', 'body.token:missing',
    ]);
    expect((await api.call('PUT', '/integrations/mistral', { token: 42 })).status).toBe(422);
    expect((await api.call('PUT', '/integrations/mistral')).status).toBe(422);
    expect((await api.ok('GET', '/integrations')).map((i: { name: string }) => i.name)).not.toContain('mistral');
  });

  it('integrations survive a state-file round trip, without the token in the file', async () => {
    const file = join(await mkdtemp(join(tmpdir(), 'sim-int-')), 'state.json');
    try {
      const s1 = await startSimulator({ stateFile: file });
      const made = await new SimClient(s1.url).ok('PUT', '/integrations/mistral', { token: SECRET });
      await s1.close();
      expect(await readFile(file, 'utf8')).not.toContain(SECRET);
      const s2 = await startSimulator({ stateFile: file });
      try {
        expect((await new SimClient(s2.url).ok('GET', '/integrations/mistral')).id).toBe(made.id);
      } finally {
        await s2.close();
      }
    } finally {
      await rm(dirname(file), { recursive: true, force: true });
    }
  });
});
