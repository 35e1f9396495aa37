/** The simulator's promised behaviour (src/sim/SPEC.md), over real HTTP. */
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator, type SimulatorHandle } from '../../src/sim/start-simulator.js';
import { CODE_OK, form, scorerEntries, SimClient, sleep, startTestSim, uuid, waitForJobs } from './sim-client.js';

let sim: SimulatorHandle;
let api: SimClient;

beforeAll(async () => {
  ({ sim, api } = await startTestSim());
});
afterAll(async () => sim.close());

async function project(name: string): Promise<string> {
  return (await api.ok('POST', '/projects', { name })).id;
}

describe('auth', () => {
  it('401 without a key, with a wrong key, and with a bad bearer token', async () => {
    const anon = new SimClient(sim.url, null);
    expect((await anon.call('GET', '/projects/all')).status).toBe(401);
    expect((await new SimClient(sim.url, 'nope').call('GET', '/projects/all')).status).toBe(401);
    expect((await anon.call('GET', '/projects/all', undefined, { Authorization: 'Bearer a.b.c' })).status).toBe(401);
    expect((await anon.call('GET', '/healthcheck')).status).toBe(200);
  });

  it('login/api_key returns a JWT that works as Bearer', async () => {
    const anon = new SimClient(sim.url, null);
    expect((await anon.call('POST', '/login/api_key', { api_key: 'wrong' })).status).toBe(401);
    const tok = await anon.ok('POST', '/login/api_key', { api_key: 'sim-key' });
    expect(tok.token_type).toBe('bearer');
    expect((await anon.call('GET', '/projects/all', undefined, { Authorization: `Bearer ${tok.access_token}` })).status).toBe(200);
  });
});

describe('errors and pagination', () => {
  it('404 detail strings, 422 FastAPI detail arrays, unknown query params ignored', async () => {
    const nf = await api.call('GET', `/projects/${uuid()}`);
    expect(nf.status).toBe(404);
    expect(nf.body.detail).toMatch(/not found/);
    const bad = await api.call('POST', '/projects', {});
    expect(bad.status).toBe(422);
    expect(bad.body.detail[0]).toMatchObject({ loc: ['body', 'name'], type: 'missing' });
    const pid = await project('q-params');
    expect((await api.call('GET', `/projects/${pid}?project_id=${pid}&whatever=1`)).status).toBe(200);
    expect((await api.call('GET', '/no/such/route')).status).toBe(404);
  });

  it('offset pagination: next_starting_token, null at the end, default limit 100', async () => {
    for (let i = 0; i < 5; i++) await api.ok('POST', '/projects', { name: `page-${i}` });
    const filters = { filters: [{ name: 'name', operator: 'contains', value: 'page-' }], sort: { name: 'name', ascending: true } };
    const p1 = await api.ok('POST', '/projects/paginated?starting_token=0&limit=2', filters);
    expect(p1.projects.map((p: { name: string }) => p.name)).toEqual(['page-0', 'page-1']);
    expect(p1.next_starting_token).toBe(2);
    const p3 = await api.ok('POST', '/projects/paginated?starting_token=4&limit=2', filters);
    expect(p3.projects).toHaveLength(1);
    expect(p3.next_starting_token).toBeNull();
    const all = await api.ok('POST', '/projects/paginated', filters);
    expect(all.limit).toBe(100);
    const v2 = await api.ok('POST', '/v2/projects/paginated?limit=2', filters);
    expect(v2.total_count).toBe(5);
    expect(v2.projects[0]).toHaveProperty('num_experiments');
  });
});

describe('scorers', () => {
  it('names unique per type, case-insensitive lookup, tags round-trip, update, LLM version quirks', async () => {
    await api.ok('POST', '/scorers', { name: 'Dup', scorer_type: 'llm', tags: ['galctl:managed'], defaults: { model_name: 'GPT-4o mini', num_judges: 1 } });
    const dup = await api.call('POST', '/scorers', { name: 'dup', scorer_type: 'llm', defaults: { model_name: 'GPT-4o mini', num_judges: 1 } });
    expect(dup.status).toBe(422);
    expect(dup.body.detail[0].msg).toContain('already exists');
    const code = await api.ok('POST', '/scorers', { name: 'Dup', scorer_type: 'code' });
    const found = await api.ok('POST', '/scorers/list', { filters: [{ name: 'name', operator: 'eq', value: 'DUP' }, { name: 'scorer_type', operator: 'eq', value: 'llm' }] });
    expect(found.scorers).toHaveLength(1);
    expect(found.scorers[0].tags).toEqual(['galctl:managed']);
    const cs = await api.ok('POST', '/scorers/list', { filters: [{ name: 'name', operator: 'eq', value: 'DUP', case_sensitive: true }] });
    expect(cs.scorers).toHaveLength(0);
    const patched = await api.ok('PATCH', `/scorers/${code.id}`, { description: 'new', tags: ['x'] });
    expect(patched).toMatchObject({ description: 'new', tags: ['x'] });
    const llm = found.scorers[0];
    const v = await api.ok('POST', `/scorers/${llm.id}/version/llm`, { user_prompt: 'p', output_type: 'percentage' });
    expect(v.output_type).toBe('boolean');
    expect((await api.ok('GET', `/scorers/${llm.id}`)).output_type).toBe('percentage'); // back-filled
    const v2 = await api.ok('POST', `/scorers/${llm.id}/version/llm`, { user_prompt: 'p2', output_type: 'boolean' });
    expect(v2.version).toBe(2);
    expect((await api.ok('GET', `/scorers/${llm.id}`)).output_type).toBe('percentage'); // set already: kept
    expect((await api.ok('GET', `/scorers/${llm.id}/version?version=1`)).generated_scorer.user_prompt).toBe('p');
    expect((await api.ok('GET', `/scorers/${llm.id}`)).latest_version.version).toBe(2);
  });

  it('an LLM shell without defaults → 422 [JS utils/scorers.ts "Required for LLM scorers"]; a code shell needs none', async () => {
    const bare = await api.call('POST', '/scorers', { name: 'bare-judge', scorer_type: 'llm', scoreable_node_types: ['llm'] });
    expect(bare.status).toBe(422);
    expect(bare.body.detail[0]).toMatchObject({ loc: ['body', 'defaults'], type: 'missing' });
    expect((await api.call('POST', '/scorers', { name: 'bare-judge', scorer_type: 'llm', defaults: null })).status).toBe(422);
    expect((await api.call('POST', '/scorers', { name: 'bare-code', scorer_type: 'code' })).status).toBe(200);
  });

  it('code validation: pending → (started →) completed, not always through started; invalid code is completed + invalid', async () => {
    const slow = await startTestSim({ jobStepMs: 400 });
    try {
      const codes = [...Array.from({ length: 6 }, (_, i) => `${CODE_OK}# ${i}\n`), 'def other(x, **kwargs) -> float:\n    return 1.0\n'];
      const tasks = await Promise.all(codes.map((code) => slow.api.ok('POST', '/scorers/code/validate', form({}, { file: { name: 's.py', text: code } }))));
      const seen = await Promise.all(tasks.map(async (t): Promise<string[]> => {
        const statuses: string[] = [];
        for (let i = 0; i < 200 && statuses.at(-1) !== 'completed'; i++) {
          const r = await slow.api.ok('GET', `/scorers/code/validate/${t.task_id}`);
          if (statuses.at(-1) !== r.status) statuses.push(r.status);
          expect(r.result === null).toBe(r.status !== 'completed');
          await sleep(20);
        }
        return statuses;
      }));
      const valid = seen.slice(0, 6).map((s) => s.join(' → '));
      expect(valid).toContain('pending → started → completed');
      expect(valid).toContain('pending → completed');
      for (const v of valid) expect(['pending → started → completed', 'pending → completed']).toContain(v);
      expect(seen[6]).toEqual(['pending', 'completed']);
    } finally {
      await slow.sim.close();
    }
    const cases: [string, RegExp][] = [
      ['def other(x, **kwargs) -> float:\n    return 1.0\n', /scorer_fn/],
      ['def scorer_fn(step_object, **kwargs):\n    return 1.0\n', /return type annotation/],
      ['def scorer_fn(step_object) -> float:\n    return 1.0\n', /\*\*kwargs/],
      ['def scorer_fn(step_object, **kwargs) -> float\n    return 1.0\n', /SyntaxError/],
      ['def scorer_fn(step_object, **kwargs) -> float:\n    return (1.0\n', /SyntaxError/],
    ];
    for (const [code, msg] of cases) {
      const t = await api.ok('POST', '/scorers/code/validate', form({}, { file: { name: 's.py', text: code } }));
      let r = await api.ok('GET', `/scorers/code/validate/${t.task_id}`);
      while (r.status !== 'completed') r = await api.ok('GET', `/scorers/code/validate/${t.task_id}`);
      expect(r.result.result.result_type).toBe('invalid');
      expect(r.result.result.error_message).toMatch(msg);
    }
  });

  it('code version requires validation_result; code source is a JSON string, whatever the Accept [SPEC]', async () => {
    const s = await api.ok('POST', '/scorers', { name: 'needs-vr', scorer_type: 'code', scoreable_node_types: ['trace'] });
    const r = await api.call('POST', `/scorers/${s.id}/version/code`, form({}, { file: { name: 's.py', text: CODE_OK } }));
    expect(r.status).toBe(422);
    expect(r.body.detail[0].loc).toEqual(['body', 'validation_result']);
    await api.ok('POST', `/scorers/${s.id}/version/code`, form({ validation_result: '{"result":{"result_type":"valid","score_type":"float"}}' }, { file: { name: 's.py', text: CODE_OK } }));
    for (const accept of ['*/*', 'text/plain', 'application/json']) {
      const src = await api.call('GET', `/scorers/${s.id}/version/code`, undefined, { accept });
      expect(src.headers.get('content-type')).toContain('application/json');
      expect(src.body).toBe(CODE_OK);
    }
  });
});

describe('datasets', () => {
  it('ETag / If-Match: 412 on mismatch; each PATCH makes one version with a null name until named', async () => {
    const ds = await api.ok('POST', '/datasets?format=json', form({ name: 'etag-ds' }, { file: { name: 'd.json', text: '[{"input":"a","output":"A"},{"input":"b","output":"B"}]' } }));
    const c1 = await api.call('GET', `/datasets/${ds.id}/content`);
    const etag = c1.headers.get('etag') as string;
    const rows = c1.body.rows;
    expect(rows[0]).toMatchObject({ index: 0, values: ['a', 'A'], values_dict: { input: 'a', output: 'A' } });
    const edit = await api.call('PATCH', `/datasets/${ds.id}/content`, { edits: [{ edit_type: 'update_row', row_id: rows[0].row_id, values: { output: 'AA' } }, { edit_type: 'delete_row', row_id: rows[1].row_id }] }, { 'If-Match': etag });
    expect(edit.status).toBe(204);
    expect(edit.headers.get('etag')).not.toBe(etag);
    const stale = await api.call('PATCH', `/datasets/${ds.id}/content`, { edits: [{ edit_type: 'append_row', values: { input: 'c' } }] }, { 'If-Match': etag });
    expect(stale.status).toBe(412);
    const got = await api.ok('GET', `/datasets/${ds.id}`);
    expect(got).toMatchObject({ current_version_index: 2, num_rows: 1 });
    const versions = await api.ok('POST', `/datasets/${ds.id}/versions/query`);
    expect(versions.versions.map((v: { version_index: number; name: unknown }) => [v.version_index, v.name])).toEqual([[1, null], [2, null]]);
    await api.ok('PATCH', `/datasets/${ds.id}/versions/2`, { name: 'galctl:sha256:00' });
    const named = await api.ok('POST', `/datasets/${ds.id}/versions/query`, {});
    expect(named.versions[1].name).toBe('galctl:sha256:00');
    expect((await api.ok('GET', `/datasets/${ds.id}/versions/1/content`)).rows).toHaveLength(2);
    expect((await api.call('POST', '/datasets', form({ name: 'etag-ds' }))).status).toBe(422);
  });

  it('edits apply in order: rows prepended, appended, updated and deleted keep their places', async () => {
    const ds = await api.ok('POST', '/datasets?format=json', form({ name: 'order-ds' }, { file: { name: 'd.json', text: '[{"input":"a"},{"input":"b"},{"input":"c"}]' } }));
    const [a, b, c] = (await api.call('GET', `/datasets/${ds.id}/content`)).body.rows as { row_id: string }[];
    const edits = [
      { edit_type: 'prepend_row', row_id: 'p1', values: { input: 'p1' } },
      { edit_type: 'prepend_row', row_id: 'p2', values: { input: 'p2' } },
      { edit_type: 'append_row', row_id: 'z', values: { input: 'z' } },
      { edit_type: 'delete_row', row_id: b!.row_id },
      { edit_type: 'update_row', row_id: 'p1', values: { input: 'P1' } },
      { edit_type: 'update_row', row_id: c!.row_id, values: { input: 'C' } },
      { edit_type: 'update_row', row_id: 'z', values: { input: 'Z' } },
      { edit_type: 'delete_row', row_id: a!.row_id },
      { edit_type: 'prepend_row', row_id: 'p3', values: { input: 'p3' } },
    ];
    await api.ok('PATCH', `/datasets/${ds.id}/content`, { edits });
    const rows = (await api.call('GET', `/datasets/${ds.id}/content`)).body.rows as { values_dict: { input: string } }[];
    expect(rows.map((r) => r.values_dict.input)).toEqual(['p3', 'p2', 'P1', 'C', 'Z']);
    const gone = await api.call('PATCH', `/datasets/${ds.id}/content`, { edits: [{ edit_type: 'delete_row', row_id: a!.row_id }] });
    expect(gone.status).toBe(422);
  });
});

describe('runs, jobs and traces', () => {
  it('trace ingest: UUID v4 enforced, exactly one destination, idempotent re-ingest', async () => {
    const pid = await project('ingest');
    const ls = await api.ok('POST', `/projects/${pid}/log_streams`, { name: 'ls' });
    const bad = await api.call('POST', `/projects/${pid}/traces`, { log_stream_id: ls.id, traces: [{ id: 'not-a-uuid', input: 'x' }] });
    expect(bad.status).toBe(422);
    expect(bad.body.detail[0].loc).toEqual(['body', 'traces', 0, 'id']);
    const v1 = await api.call('POST', `/projects/${pid}/traces`, { log_stream_id: ls.id, traces: [{ id: '6ba7b810-9dad-11d1-80b4-00c04fd430c8', input: 'x' }] });
    expect(v1.status).toBe(422);
    const none = await api.call('POST', `/projects/${pid}/traces`, { traces: [] });
    expect(none.status).toBe(422);
    const both = await api.call('POST', `/projects/${pid}/traces`, { traces: [], log_stream_id: ls.id, experiment_id: ls.id });
    expect(both.status).toBe(422);
    const id = uuid();
    const first = await api.ok('POST', `/projects/${pid}/traces`, { log_stream_id: ls.id, traces: [{ id, input: 'x' }] });
    expect(first.traces_count).toBe(1);
    const again = await api.ok('POST', `/projects/${pid}/traces`, { log_stream_id: ls.id, traces: [{ id, input: 'changed' }] });
    expect(again.traces_count).toBe(0);
    expect((await api.ok('GET', `/projects/${pid}/traces/${id}`)).input).toBe('x');
    expect((await api.ok('POST', `/projects/${pid}/traces/count`, { log_stream_id: ls.id })).total_count).toBe(1);
  });

  it('trace ingest stores the defaults, then the body\'s members, then its own, in that order; __proto__ stays a member', async () => {
    const pid = await project('ingest-members');
    const ls = await api.ok('POST', `/projects/${pid}/log_streams`, { name: 'ls' });
    const id = uuid();
    const spanId = uuid();
    // a body as JSON.parse gives it: `__proto__` is an own member, not the prototype
    const trace = JSON.parse(
      `{"id":"${id}","input":"q","zeta":"z","__proto__":{"polluted":true},"spans":[{"type":"llm","id":"${spanId}","input":"s","alpha":1}]}`,
    ) as object;
    await api.ok('POST', `/projects/${pid}/traces`, { log_stream_id: ls.id, traces: [trace] });
    const got = await api.ok('GET', `/projects/${pid}/traces/${id}`);
    const view = ['annotations', 'file_ids', 'file_modalities', 'annotation_aggregates', 'annotation_agreement', 'annotation_queue_ids', 'feedback_rating_info'];
    const defaults = ['type', 'input', 'output', 'name', 'user_metadata', 'tags', 'status_code', 'metrics', 'external_id', 'dataset_input', 'dataset_output', 'dataset_metadata'];
    expect(Object.keys(got)).toEqual([
      ...view, ...defaults, 'id', 'zeta', '__proto__',
      'created_at', 'session_id', 'trace_id', 'project_id', 'run_id', 'updated_at', 'has_children', 'is_complete', 'metric_info', 'spans',
    ]);
    expect(got).toMatchObject({ type: 'trace', input: 'q', output: null, zeta: 'z', has_children: true, is_complete: true });
    expect(Object.getOwnPropertyDescriptor(got, '__proto__')?.value).toEqual({ polluted: true });
    expect(got.polluted).toBeUndefined();
    const span = got.spans[0];
    expect(Object.keys(span)).toEqual([
      ...view, ...defaults, 'id', 'alpha',
      'created_at', 'trace_id', 'parent_id', 'session_id', 'project_id', 'run_id', 'updated_at', 'has_children', 'is_complete', 'metric_info', 'spans',
    ]);
    expect(span).toMatchObject({ type: 'llm', id: spanId, input: 's', alpha: 1, parent_id: id, trace_id: id, spans: [] });
  });

  it('is_complete gates scoring; search by id one_of, text, date and sort', async () => {
    const pid = await project('gating');
    const judge = await api.ok('POST', '/scorers', { name: 'gate-judge', scorer_type: 'llm', scoreable_node_types: ['trace'], defaults: { model_name: 'GPT-4o mini', num_judges: 1 } });
    await api.ok('POST', `/scorers/${judge.id}/version/llm`, { user_prompt: 'p' });
    const ls = await api.ok('POST', `/projects/${pid}/log_streams`, { name: 'ls' });
    await api.ok('PATCH', `/projects/${pid}/runs/${ls.id}/scorer-settings`, { run_id: ls.id, scorers: [{ id: judge.id, scorer_type: 'llm' }] });
    const a = uuid();
    const b = uuid();
    await api.ok('POST', `/projects/${pid}/traces`, { log_stream_id: ls.id, is_complete: false, traces: [{ id: a, input: 'alpha', created_at: '2026-01-01T00:00:00Z' }] });
    expect(await api.ok('GET', `/projects/${pid}/runs/${ls.id}/jobs`)).toEqual([]);
    await api.ok('POST', `/projects/${pid}/traces`, { log_stream_id: ls.id, is_complete: true, traces: [{ id: b, input: 'beta', created_at: '2026-01-02T00:00:00Z' }] });
    const jobs = await waitForJobs(api, pid, ls.id);
    expect(jobs).toHaveLength(1);
    expect(jobs[0].request_data.num_traces).toBe(2);
    const q = (body: object): Promise<any> => api.ok('POST', `/projects/${pid}/traces/search`, { log_stream_id: ls.id, ...body });
    expect((await q({ filters: [{ type: 'id', column_id: 'id', operator: 'one_of', value: [b, uuid()] }] })).records.map((r: { id: string }) => r.id)).toEqual([b]);
    expect((await q({ filters: [{ type: 'text', column_id: 'input', operator: 'contains', value: 'alp' }] })).records).toHaveLength(1);
    expect((await q({ filters: [{ type: 'date', column_id: 'created_at', operator: 'gt', value: '2026-01-01T12:00:00Z' }] })).records.map((r: { id: string }) => r.id)).toEqual([b]);
    expect((await q({ sort: { column_id: 'created_at', ascending: true } })).records.map((r: { id: string }) => r.id)).toEqual([a, b]);
    expect((await q({})).records.map((r: { id: string }) => r.id)).toEqual([b, a]);
    const withScore = (await q({})).records[0];
    expect(withScore.metric_info['gate-judge'].status_type).toBe('success');
    expect(typeof withScore.metric_info['gate-judge'].value).toBe('boolean');
  });

  it('scorer settings and metric_settings share one list and replace it; scorers without node types → error job', async () => {
    const pid = await project('settings');
    const noNodes = await api.ok('POST', '/scorers', { name: 'no-nodes', scorer_type: 'llm', defaults: { model_name: 'GPT-4o mini', num_judges: 1 } });
    await api.ok('POST', `/scorers/${noNodes.id}/version/llm`, { user_prompt: 'p' });
    const exp = await api.ok('POST', `/projects/${pid}/experiments`, { name: 'e', task_type: 16 });
    const correctness = (await api.ok('POST', '/scorers/list', { filters: [{ name: 'name', operator: 'eq', value: 'correctness' }] })).scorers[0];
    await api.ok('POST', `/projects/${pid}/runs/${exp.id}/scorer-settings`, { run_id: exp.id, scorers: [{ id: noNodes.id, scorer_type: 'llm' }, { id: correctness.id, scorer_type: 'preset' }] });
    expect((await api.ok('GET', `/projects/${pid}/experiments/${exp.id}/metric_settings`)).scorers).toHaveLength(2);
    await api.ok('POST', `/projects/${pid}/traces`, { experiment_id: exp.id, traces: [{ id: uuid(), input: 'q', output: 'a' }] });
    const jobs = await waitForJobs(api, pid, exp.id);
    expect(jobs.map((j) => j.status).sort()).toEqual(['completed', 'error']);
    expect(jobs.find((j) => j.status === 'error').error_message).toContain('scoreable_node_types');
    const rec = (await api.ok('POST', `/projects/${pid}/traces/search`, { experiment_id: exp.id })).records[0];
    expect(rec.metric_info['no-nodes'].status_type).toBe('pending');
    const m = await api.ok('POST', `/projects/${pid}/experiments/${exp.id}/metrics`, {});
    expect(scorerEntries(m.metrics).map((x: { name: string }) => x.name)).toEqual(['correctness']);
    const replaced = await api.ok('PATCH', `/projects/${pid}/experiments/${exp.id}/metric_settings`, { scorers: [{ id: correctness.id, scorer_type: 'preset' }] });
    expect(replaced.scorers).toHaveLength(1);
    expect((await api.ok('GET', `/projects/${pid}/runs/${exp.id}/scorer-settings`)).scorers).toHaveLength(1);
    const missingRun = await api.call('POST', `/projects/${pid}/runs/${exp.id}/scorer-settings`, { scorers: [] });
    expect(missingRun.status).toBe(422);
  });

  it('create-body scorers are registered only with trigger: true; without it the run has none [GUIDE C1/C2]', async () => {
    const pid = await project('body-scorers');
    const correctness = (await api.ok('POST', '/scorers/list', { filters: [{ name: 'name', operator: 'eq', value: 'correctness' }] })).scorers[0];
    const scorers = [{ id: correctness.id, scorer_type: 'preset' }];
    const plain = await api.ok('POST', `/projects/${pid}/experiments`, { name: 'no-trigger', task_type: 16, scorers });
    expect((await api.ok('GET', `/projects/${pid}/runs/${plain.id}/scorer-settings`)).scorers).toEqual([]);
    await api.ok('POST', `/projects/${pid}/traces`, { experiment_id: plain.id, traces: [{ id: uuid(), input: 'q', output: 'a' }] });
    expect(await api.ok('GET', `/projects/${pid}/runs/${plain.id}/jobs`)).toEqual([]);
    const triggered = await api.ok('POST', `/projects/${pid}/experiments`, { name: 'triggered', task_type: 16, scorers, trigger: true });
    expect((await api.ok('GET', `/projects/${pid}/runs/${triggered.id}/scorer-settings`)).scorers.map((c: { id: string }) => c.id)).toEqual([correctness.id]);
  });

  it('a templated experiment without prompt_settings gets a prompt_run job that ends in error, and no traces [PY]', async () => {
    const pid = await project('no-settings');
    const ds = await api.ok('POST', '/datasets?format=jsonl', form({ name: 'no-settings-ds' }, { file: { name: 'd.jsonl', text: '{"input":"a"}\n' } }));
    const tpl = await api.ok('POST', `/projects/${pid}/templates`, { name: 'no-settings-tpl', template: 'Q {{input}}' });
    const base = { task_type: 16, dataset: { dataset_id: ds.id, version_index: 1 }, prompt_template_version_id: tpl.selected_version_id, trigger: true };
    const bare = await api.ok('POST', `/projects/${pid}/experiments`, { name: 'bare', ...base });
    const [job] = await waitForJobs(api, pid, bare.id);
    expect(job).toMatchObject({ job_name: 'prompt_run', status: 'error' });
    expect(job.error_message).toMatch(/prompt_settings missing/);
    expect((await api.ok('POST', `/projects/${pid}/traces/count`, { experiment_id: bare.id })).total_count).toBe(0);
    const set = await api.ok('POST', `/projects/${pid}/experiments`, { name: 'set', ...base, prompt_settings: { model_alias: 'GPT-4o mini' } });
    expect((await waitForJobs(api, pid, set.id)).map((j) => j.status)).toEqual(['completed']);
    expect((await api.ok('POST', `/projects/${pid}/traces/count`, { experiment_id: set.id })).total_count).toBe(1);
  });

  it('experiment names unique per project; DELETE answers 204', async () => {
    const pid = await project('exp-unique');
    const e = await api.ok('POST', `/projects/${pid}/experiments`, { name: 'same' });
    expect((await api.call('POST', `/projects/${pid}/experiments`, { name: 'same' })).status).toBe(422);
    const del = await api.call('DELETE', `/projects/${pid}/experiments/${e.id}`);
    expect(del.status).toBe(204);
    expect(del.body).toBeUndefined();
  });
});

describe('trace ids are case-insensitive', () => {
  it('an upper-case id is stored lower-case and found by get, search, count, spans and re-ingest in either case', async () => {
    const pid = await project('id-case');
    const exp = await api.ok('POST', `/projects/${pid}/experiments`, { name: 'e', task_type: 16 });
    const id = uuid();
    const spanId = uuid();
    const first = await api.ok('POST', `/projects/${pid}/traces`, { experiment_id: exp.id, traces: [{ id: id.toUpperCase(), input: 'q', output: 'a', spans: [{ id: spanId.toUpperCase(), type: 'llm', input: 'q', output: 'a' }] }] });
    expect(first.traces_count).toBe(1);
    for (const asked of [id, id.toUpperCase()]) {
      expect((await api.ok('GET', `/projects/${pid}/traces/${asked}`)).id).toBe(id);
      const filter = { type: 'id', column_id: 'id', operator: 'eq', value: asked };
      expect((await api.ok('POST', `/projects/${pid}/traces/search`, { experiment_id: exp.id, filters: [filter] })).records.map((r: { id: string }) => r.id)).toEqual([id]);
      expect((await api.ok('POST', `/projects/${pid}/traces/count`, { experiment_id: exp.id, filters: [{ ...filter, operator: 'one_of', value: [asked] }] })).total_count).toBe(1);
    }
    expect((await api.ok('GET', `/projects/${pid}/spans/${spanId.toUpperCase()}`)).id).toBe(spanId);
    const again = await api.ok('POST', `/projects/${pid}/traces`, { experiment_id: exp.id, traces: [{ id, input: 'q', output: 'a' }] });
    expect(again.traces_count).toBe(0);
    const other = await api.ok('POST', `/projects/${pid}/experiments`, { name: 'other', task_type: 16 });
    const clash = await api.call('POST', `/projects/${pid}/traces`, { experiment_id: other.id, traces: [{ id: id.toUpperCase() }] });
    expect(clash.status).toBe(422);
  });
});

describe('knobs and admin', () => {
  it('fault rate 1 → 500/502/503 with detail; admin routes never fault; stats per route template and status', async () => {
    const s = await startSimulator({ faultRate: 1, seed: 7 });
    const c = new SimClient(s.url);
    try {
      const r = await c.call('GET', '/projects/all');
      expect([500, 502, 503]).toContain(r.status);
      expect(r.body.detail).toMatch(/fault/);
      const stats = await c.ok('GET', '/__sim/stats');
      expect(stats.by_route['GET /projects/all']).toBe(1);
      expect(stats.faults.injected).toBe(1);
      await c.ok('POST', '/__sim/faults', { faultRate: 0 });
      expect((await c.call('GET', '/projects/all')).status).toBe(200);
      expect((await c.ok('GET', '/__sim/stats')).by_status['200']).toBe(1);
    } finally {
      await s.close();
    }
  });

  it('rate limit → 429 with Retry-After; drop → connection closed', async () => {
    const s = await startSimulator({ rateLimit: 2 });
    const c = new SimClient(s.url);
    try {
      const statuses: number[] = [];
      for (let i = 0; i < 5; i++) statuses.push((await c.call('GET', '/healthcheck')).status);
      expect(statuses).toContain(429);
      const limited = await c.call('GET', '/healthcheck');
      if (limited.status === 429) expect(Number(limited.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
      s.setFaults({ rateLimit: 0, dropRate: 1 });
      await expect(fetch(`${s.url}/healthcheck`)).rejects.toThrow();
      expect(s.stats().faults.dropped).toBeGreaterThanOrEqual(1);
    } finally {
      await s.close();
    }
  });

  it('fault after processing: the work is kept, the answer is a 5xx or a dropped socket; targeted, limited, counted', async () => {
    const s = await startSimulator({ seed: 3 });
    const c = new SimClient(s.url);
    try {
      // only the targeted route, only the given kind, at most the limit
      const knobs = await c.ok('POST', '/__sim/faults', { fault_after_rate: 1, faultAfterRoutes: 'POST /projects, POST /templates/{id}/versions', faultAfterKinds: [503], faultAfterLimit: 2 });
      expect(knobs).toMatchObject({ faultAfterRate: 1, faultAfterRoutes: ['POST /projects', 'POST /templates/{}/versions'], faultAfterKinds: [503], faultAfterLimit: 2 });
      const lost = await c.call('POST', '/v2/projects', { name: 'landed-anyway' });
      expect(lost.status).toBe(503);
      expect(lost.body.detail).toMatch(/after processing/);
      expect((await c.call('POST', '/projects', { name: 'landed-anyway' })).status).toBe(422); // it exists
      expect((await c.call('GET', '/projects/all')).status).toBe(200); // not targeted
      expect((await c.call('POST', '/projects', { name: 'second' })).status).toBe(503); // a 4xx is never replaced: 2nd lost
      expect((await c.call('POST', '/projects', { name: 'third' })).status).toBe(200); // limit reached
      const names = (await c.ok('GET', '/__sim/state?kinds=projects')).projects.map((p: { name: string }) => p.name);
      expect(names).toEqual(expect.arrayContaining(['landed-anyway', 'second', 'third']));
      s.setFaults({ faultAfterRoutes: [], faultAfterKinds: ['drop'], faultAfterLimit: 0 });
      await expect(fetch(`${s.url}/projects`, { method: 'POST', headers: { 'Galileo-API-Key': 'sim-key', 'content-type': 'application/json' }, body: '{"name":"dropped"}' })).rejects.toThrow();
      s.setFaults({ faultAfterRate: 0 });
      expect((await c.call('POST', '/projects', { name: 'dropped' })).status).toBe(422);
      const stats = s.stats();
      expect(stats.faults).toMatchObject({ after_5xx: 2, after_dropped: 1, injected: 0, dropped: 0 });
      expect(stats.by_status['503']).toBe(2);
      expect(() => s.setFaults({ faultAfterRoutes: ['projects'] })).toThrow(/METHOD \/route\/template/);
      expect((await c.call('POST', '/__sim/faults', { faultAfterKinds: ['500'] })).status).toBe(422);
    } finally {
      await s.close();
    }
  });

  it('state dump, summary, reset, and --state persistence', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'galctl-sim-'));
    const file = join(dir, 'state.json');
    const s1 = await startSimulator({ stateFile: file, jobStepMs: 0 });
    const c1 = new SimClient(s1.url);
    const p = await c1.ok('POST', '/projects', { name: 'persisted' });
    const ls = await c1.ok('POST', `/projects/${p.id}/log_streams`, { name: 'ls' });
    const tid = uuid();
    await c1.ok('POST', `/projects/${p.id}/traces`, { log_stream_id: ls.id, traces: [{ id: tid, input: 'x' }] });
    expect(await c1.ok('GET', '/__sim/state?summary=1')).toMatchObject({ projects: 1, runs: 1, traces: 1 });
    expect(Object.keys(await c1.ok('GET', '/__sim/state?kinds=projects')).sort()).toEqual(['projects', 'version']);
    await s1.close();
    expect(JSON.parse(await readFile(file, 'utf8')).projects[0].name).toBe('persisted');
    const s2 = await startSimulator({ stateFile: file });
    const c2 = new SimClient(s2.url);
    try {
      expect((await c2.ok('GET', `/projects/${p.id}/traces/${tid}`)).input).toBe('x');
      const p2 = await c2.ok('POST', '/projects', { name: 'second' });
      expect(p2.id).not.toBe(p.id);
      await c2.ok('POST', '/__sim/reset');
      expect((await c2.ok('GET', '/__sim/state?summary=1')).projects).toBe(0);
    } finally {
      await s2.close();
    }
  });
});
