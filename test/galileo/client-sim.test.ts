import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startSimulator } from '../../src/sim/start-simulator.js';
import { ApiError, isAlreadyExists, isNotFound } from '../../src/galileo/api-error.js';
import { createGalileoClient, type GalileoClient } from '../../src/galileo/create-client.js';
import { createDataset, getDatasetContent, getLatestDatasetVersion, nameDatasetVersion, patchDatasetContent } from '../../src/kinds/dataset/api.js';
import { pollValidation } from '../../src/galileo/poll-validation.js';
import { createProject, listProjects } from '../../src/kinds/project/api.js';
import { createLlmScorerVersion, createScorer, getScorer, listScorers, validateCode } from '../../src/kinds/scorer/api.js';

let sim: { url: string; close: () => Promise<void> };
const clients: GalileoClient[] = [];

function client(opts: Partial<Parameters<typeof createGalileoClient>[0]> = {}): GalileoClient {
  const c = createGalileoClient({ apiUrl: sim.url, apiKey: 'sim-key', minRetryDelayMs: 1, maxRetryDelayMs: 10, ...opts });
  clients.push(c);
  return c;
}

async function admin(method: string, path: string, body?: unknown): Promise<unknown> {
  const res = await fetch(`${sim.url}${path}`, {
    method,
    headers: { 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return res.headers.get('content-type')?.includes('json') ? res.json() : res.text();
}

const knobs = (k: Record<string, number>): Promise<unknown> => admin('POST', '/__sim/faults', k);
const simStats = async (): Promise<{ by_route: Record<string, number> }> => (await admin('GET', '/__sim/stats')) as { by_route: Record<string, number> };

beforeAll(async () => {
  sim = await startSimulator({ seed: 7 });
});
afterAll(async () => {
  for (const c of clients) await c.close();
  await sim.close();
});
beforeEach(async () => {
  await knobs({ faultRate: 0, rateLimit: 0, dropRate: 0, latencyMs: 0 });
  await admin('POST', '/__sim/reset');
});

describe('client against the simulator', () => {
  it('maps a duplicate create to 422 "already exists" naming the request', async () => {
    const c = client();
    await createScorer(c, { name: 'dup', scorer_type: 'llm', scoreable_node_types: ['llm'], defaults: { model_name: 'GPT-4o mini', num_judges: 1 } });
    const err = await createScorer(c, { name: 'dup', scorer_type: 'llm', defaults: { model_name: 'GPT-4o mini', num_judges: 1 } }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ApiError);
    expect(isAlreadyExists(err)).toBe(true);
    expect((err as ApiError).message).toMatch(/^POST \/scorers: 422 .*already exists/i);
  });

  it('maps a missing object to 404', async () => {
    const err = await getScorer(client(), '3f8a1c52-0d5e-4b6a-9c41-2e7f5d9b8a10').catch((e: unknown) => e);
    expect(isNotFound(err)).toBe(true);
  });

  it('a wrong key is one line saying what to do, without the key', async () => {
    const c = createGalileoClient({ apiUrl: sim.url, apiKey: 'wrong-key-123' });
    clients.push(c);
    const err = (await listProjects(c).catch((e: unknown) => e)) as ApiError;
    expect(err.status).toBe(401);
    expect(err.message).toBe(`check GALILEO_API_KEY: the API at ${sim.url} answered 401 (POST /projects/paginated)`);
    expect(`${err.message} ${err.hint ?? ''} ${err.detail}`).not.toContain('wrong-key-123');
  });

  it('retries reads through injected 5xx faults', async () => {
    const c = client({ retries: 10 });
    await createProject(c, { name: 'p1' });
    await knobs({ faultRate: 0.5 });
    for (let i = 0; i < 10; i += 1) expect((await listProjects(c, { names: ['p1'] })).map((p) => p.name)).toEqual(['p1']);
    await knobs({ faultRate: 0 });
    const s = c.stats();
    expect(s.retries).toBeGreaterThan(0);
    expect(s.requests['POST /projects/paginated']).toBe(10 + s.retries);
  });

  it('retries through 429 rate limiting (Retry-After honoured, capped)', async () => {
    // the simulator asks for Retry-After: 1; retrying sooner would only collect more 429s
    const c = client({ retries: 6, maxRetryDelayMs: 2000 });
    await knobs({ rateLimit: 5 });
    await Promise.all(Array.from({ length: 12 }, () => listProjects(c)));
    await knobs({ rateLimit: 0 });
    expect(c.stats().byStatus['429']).toBeGreaterThan(0);
    expect(c.stats().byStatus['200']).toBe(12);
  });

  it('does not re-send a create whose connection dropped: maybeLanded, one request on the wire', async () => {
    const c = client();
    await knobs({ dropRate: 1 });
    const err = (await createScorer(c, { name: 'landed?', scorer_type: 'llm', defaults: { model_name: 'GPT-4o mini', num_judges: 1 } }).catch((e: unknown) => e)) as ApiError;
    await knobs({ dropRate: 0 });
    expect(err.maybeLanded).toBe(true);
    expect((await simStats()).by_route['POST /scorers']).toBe(1);
  });

  it('pages through more than one page', async () => {
    const c = client();
    for (let i = 0; i < 130; i += 1) await createProject(c, { name: `proj-${String(i).padStart(3, '0')}` });
    const all = await listProjects(c);
    expect(all.length).toBe(130);
    expect(c.stats().requests['POST /projects/paginated']).toBe(2);
  });

  it('code validation, LLM versions, datasets with ETag edits', async () => {
    const c = client();
    const task = await validateCode(c, { code: 'def scorer_fn(step_object, **kwargs) -> float:\n    return 1.0\n', nodeTypes: ['trace'] });
    const outcome = await pollValidation(c, task, { intervalMs: 10 });
    expect(outcome.result.result['result_type']).toBe('valid');

    const s = await createScorer(c, { name: 'q', scorer_type: 'llm', output_type: 'percentage', scoreable_node_types: ['llm'], defaults: { model_name: 'GPT-4o mini', num_judges: 1 } });
    const v = await createLlmScorerVersion(c, s.id, { user_prompt: 'Rate {output}', model_name: 'GPT-4o mini', num_judges: 1 });
    expect(v.version).toBe(1);
    const [listed] = await listScorers(c, { names: ['q'] });
    expect(listed?.latest_version?.version).toBe(1);

    const d = await createDataset(c, { name: 'caps', format: 'csv', content: 'input,output\nFrance,Paris\nJapan,Tokyo\n' });
    expect(d.current_version_index).toBe(1);
    await nameDatasetVersion(c, d.id, 1, 'galctl:sha256:abc');
    expect((await getLatestDatasetVersion(c, d.id))?.name).toBe('galctl:sha256:abc');
    const content = await getDatasetContent(c, d.id);
    expect(content.rows).toHaveLength(2);
    expect(content.etag).not.toBeNull();
    const etag = await patchDatasetContent(c, d.id, content.etag as string, [{ edit_type: 'append_row', values: { input: 'Peru', output: 'Lima' } }]);
    expect(etag).not.toBe(content.etag);
    const stale = await patchDatasetContent(c, d.id, content.etag as string, []).catch((e: unknown) => e);
    expect((stale as ApiError).status).toBe(412);
  });
});
