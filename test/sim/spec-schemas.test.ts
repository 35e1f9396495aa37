/**
 * Responses of operations the official SDK does not offer (scorer create/update, LLM versions, experiment
 * create, ...) checked against the API spec's component schemas with ajv. The schemas come from
 * test/fixtures/galileo-openapi-schemas.json, extracted from the Galileo OpenAPI spec (Apache-2.0,
 * rungalileo/galileo-python openapi.yaml).
 */
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SimulatorHandle } from '../../src/sim/start-simulator.js';
import { CODE_OK, form, startTestSim, uuid, waitForJobs, type SimClient } from './sim-client.js';

const spec = JSON.parse(readFileSync(new URL('../fixtures/galileo-openapi-schemas.json', import.meta.url), 'utf8')) as object;
const ajv = new Ajv2020({ strict: false, allErrors: true });
(addFormats as unknown as (a: Ajv2020) => void)(ajv);
ajv.addFormat('uuid4', /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/i);
ajv.addSchema({ $id: 'galileo', ...spec });

function conforms(schema: string, value: unknown): void {
  const validate = ajv.getSchema(`galileo#/components/schemas/${schema}`);
  if (validate === undefined) throw new Error(`no schema ${schema}`);
  const ok = validate(value);
  expect(ok ? [] : (validate.errors ?? []).slice(0, 5).map((e) => `${e.instancePath} ${e.message ?? ''}`), `${schema}`).toEqual([]);
}

let sim: SimulatorHandle;
let api: SimClient;
beforeAll(async () => {
  ({ sim, api } = await startTestSim());
});
afterAll(async () => sim.close());

describe('responses match the spec schemas', () => {
  it('the schema check rejects a wrong shape', () => {
    expect(() => conforms('ScorerResponse', { id: 'x', name: 1 })).toThrow();
  });

  it('scorer create / update / LLM version / code version / validation task', async () => {
    const s = await api.ok('POST', '/scorers', { name: 'schema-llm', scorer_type: 'llm', scoreable_node_types: ['llm'], tags: ['t'], defaults: { model_name: 'GPT-4o mini', output_type: 'percentage' } });
    conforms('ScorerResponse', s);
    const v = await api.ok('POST', `/scorers/${s.id}/version/llm`, { user_prompt: 'Rate {output}', model_name: 'GPT-4o mini', num_judges: 1, cot_enabled: true });
    conforms('BaseScorerVersionResponse', v);
    conforms('ScorerResponse', await api.ok('PATCH', `/scorers/${s.id}`, { description: 'd', tags: ['galctl'] }));
    conforms('ScorerResponse', await api.ok('GET', `/scorers/${s.id}`));
    const list = await api.ok('POST', '/scorers/list', {});
    for (const x of list.scorers) conforms('ScorerResponse', x);
    const c = await api.ok('POST', '/scorers', { name: 'schema-code', scorer_type: 'code', scoreable_node_types: ['trace'] });
    const t = await api.ok('POST', '/scorers/code/validate', form({ scoreable_node_types: '["trace"]' }, { file: { name: 's.py', text: CODE_OK } }));
    let poll = await api.ok('GET', `/scorers/code/validate/${t.task_id}`);
    conforms('RegisteredScorerTaskResultResponse', poll);
    while (poll.status !== 'completed') poll = await api.ok('GET', `/scorers/code/validate/${t.task_id}`);
    conforms('RegisteredScorerTaskResultResponse', poll);
    conforms('BaseScorerVersionResponse', await api.ok('POST', `/scorers/${c.id}/version/code`, form({ validation_result: JSON.stringify(poll.result) }, { file: { name: 's.py', text: CODE_OK } })));
    conforms('HTTPValidationError', (await api.call('POST', '/scorers', { name: 'schema-llm', scorer_type: 'llm' })).body);
  });

  it('experiment create (+trigger), jobs, metrics, traces, projects, datasets, templates, log streams', async () => {
    const p = await api.ok('POST', '/projects', { name: 'schema-project' });
    conforms('ProjectCreateResponse', p);
    const judge = await api.ok('POST', '/scorers', { name: 'schema-judge', scorer_type: 'llm', scoreable_node_types: ['llm'], defaults: { model_name: 'GPT-4o mini', num_judges: 1 } });
    await api.ok('POST', `/scorers/${judge.id}/version/llm`, { user_prompt: 'p' });
    const ds = await api.ok('POST', '/datasets', form({ name: 'schema-ds' }, { file: { name: 'd.csv', text: 'input,output,metadata\nq,a,x\n' } }));
    conforms('DatasetDB', ds);
    conforms('DatasetContent', await api.ok('GET', `/datasets/${ds.id}/content`));
    conforms('DatasetVersionDB', (await api.ok('POST', `/datasets/${ds.id}/versions/query`)).versions[0]);
    const tpl = await api.ok('POST', `/projects/${p.id}/templates`, { name: 'schema-tpl', template: [{ role: 'system', content: 'Be brief' }, { role: 'user', content: '{{input}}' }] });
    conforms('BasePromptTemplateResponse', tpl);
    expect(typeof tpl.template).toBe('string');
    conforms('BasePromptTemplateVersionResponse', await api.ok('POST', `/templates/${tpl.id}/versions`, { template: 'v2 {{input}}' }));
    const exp = await api.ok('POST', `/projects/${p.id}/experiments`, {
      name: 'schema-exp', task_type: 16, dataset: { dataset_id: ds.id, version_index: 1 }, prompt_template_version_id: tpl.selected_version_id,
      prompt_settings: { model_alias: 'GPT-4o mini' }, scorers: [{ id: judge.id, scorer_type: 'llm' }], trigger: true,
    });
    conforms('ExperimentResponse', exp);
    const jobs = await waitForJobs(api, p.id, exp.id);
    for (const j of jobs) conforms('JobDB', j);
    conforms('ExperimentResponse', await api.ok('GET', `/projects/${p.id}/experiments/${exp.id}?include_counts=true`));
    conforms('ExperimentMetricsResponse', await api.ok('POST', `/projects/${p.id}/experiments/${exp.id}/metrics`, {}));
    conforms('MetricSettingsResponse', await api.ok('GET', `/projects/${p.id}/experiments/${exp.id}/metric_settings`));
    conforms('LogRecordsQueryResponse', await api.ok('POST', `/projects/${p.id}/traces/search`, { experiment_id: exp.id }));
    const ls = await api.ok('POST', `/projects/${p.id}/log_streams`, { name: 'schema-ls' });
    conforms('LogStreamResponse', ls);
    conforms('RunScorerSettingsResponse', await api.ok('POST', `/projects/${p.id}/runs/${ls.id}/scorer-settings`, { run_id: ls.id, scorers: [{ id: judge.id, scorer_type: 'llm' }] }));
    conforms('LogTracesIngestResponse', await api.ok('POST', `/projects/${p.id}/traces`, { log_stream_id: ls.id, traces: [{ id: uuid(), input: 'x', output: 'y' }] }));
    conforms('ProjectDB', await api.ok('GET', `/projects/${p.id}`));
  });

  it('experiment tags: RunTagDB from set / list / get / update, ExperimentResponse.tags filled', async () => {
    const p = await api.ok('POST', '/projects', { name: 'schema-tags' });
    const e = await api.ok('POST', `/projects/${p.id}/experiments`, { name: 'tagged' });
    const t = await api.ok('POST', `/projects/${p.id}/experiments/${e.id}/tags`, { key: 'Vector DB', value: 'Pinecone', tag_type: 'rag' });
    conforms('RunTagDB', t);
    conforms('RunTagDB', (await api.ok('GET', `/projects/${p.id}/experiments/${e.id}/tags`))[0]);
    conforms('RunTagDB', await api.ok('GET', `/projects/${p.id}/experiments/${e.id}/tags/${t.id}`));
    conforms('RunTagDB', await api.ok('PUT', `/projects/${p.id}/experiments/${e.id}/tags/${t.id}`, { key: 'Vector DB', value: 'Chroma', tag_type: 'rag' }));
    const got = await api.ok('GET', `/projects/${p.id}/experiments/${e.id}`);
    expect(Object.keys(got.tags)).toEqual(['rag']);
    conforms('ExperimentResponse', got);
  });
});
