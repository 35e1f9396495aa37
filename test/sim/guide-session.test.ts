/**
 * The seed guide's curl session (../shared/seeds/000_*.txt, "Experiments API Guide"), step by step, with the
 * exact methods, paths (including /v2) and bodies it writes: project → scorers → dataset → template →
 * experiment → jobs → metrics; log stream → scorer settings → traces → search.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SimulatorHandle } from '../../src/sim/start-simulator.js';
import { CODE_OK, form, scorerEntries, startTestSim, uuid, waitForJobs, type SimClient } from './sim-client.js';

let sim: SimulatorHandle;
let api: SimClient;
const ids: Record<string, string> = {};

beforeAll(async () => {
  ({ sim, api } = await startTestSim({ jobStepMs: 100 })); // a step long enough that "0 % at create" holds on a loaded machine
});
afterAll(async () => sim.close());

describe('the guide, as written', () => {
  it('Step 1: POST /v2/projects', async () => {
    const r = await api.call('POST', '/v2/projects', { name: 'my-project', type: 'gen_ai' });
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ name: 'my-project', type: 'gen_ai' });
    ids['project'] = r.body.id;
    const again = await api.call('POST', '/v2/projects', { name: 'my-project', type: 'gen_ai' });
    expect(again.status).toBe(422);
    expect(JSON.stringify(again.body)).toContain('already exists');
    const list = await api.ok('POST', '/v2/projects/paginated', {});
    expect(list.projects.find((p: { name: string }) => p.name === 'my-project').id).toBe(ids['project']);
  });

  it('Step 2: LLM scorer shell + version', async () => {
    const shell = await api.ok('POST', '/v2/scorers', {
      name: 'response-quality', scorer_type: 'llm', description: 'Rates response quality on a 0-1 scale.',
      scoreable_node_types: ['llm', 'chat'], defaults: { model_name: 'GPT-4o mini', num_judges: 1, cot_enabled: false, output_type: 'percentage' },
    });
    expect(shell.name).toBe('response-quality');
    ids['llm'] = shell.id;
    const v = await api.ok('POST', `/v2/scorers/${shell.id}/version/llm`, {
      user_prompt: 'Evaluate output.\nInput: {input}\nOutput: {output}\nScore 0-1.', model_name: 'GPT-4o mini', cot_enabled: false, num_judges: 1,
    });
    expect(v.version).toBe(1);
    expect(v.output_type).toBe('boolean'); // display placeholder [GUIDE]
    expect((await api.ok('GET', `/v2/scorers/${shell.id}`)).output_type).toBe('percentage');
  });

  it('Step 2: code scorer shell, async validation, code version', async () => {
    const shell = await api.ok('POST', '/v2/scorers', {
      name: 'response-length-scorer', scorer_type: 'code', description: 'Scores response length normalized to 0-1.', scoreable_node_types: ['trace'],
    });
    ids['code'] = shell.id;
    const task = await api.ok('POST', '/v2/scorers/code/validate', form({ scoreable_node_types: 'trace' }, { file: { name: 'scorer.py', text: CODE_OK } }));
    let poll = await api.ok('GET', `/v2/scorers/code/validate/${task.task_id}`);
    expect(['pending', 'started', 'completed']).toContain(poll.status);
    while (poll.status !== 'completed') poll = await api.ok('GET', `/v2/scorers/code/validate/${task.task_id}`);
    expect(poll.result.result).toMatchObject({ result_type: 'valid', score_type: 'float' });
    const v = await api.ok('POST', `/v2/scorers/${shell.id}/version/code`, form({ validation_result: JSON.stringify(poll.result) }, { file: { name: 'scorer.py', text: CODE_OK } }));
    expect(v.version).toBe(1);
  });

  it('Step 2: looking up metric ids by name (custom and preset)', async () => {
    const r = await api.ok('POST', '/v2/scorers/list', { filters: [{ name: 'name', operator: 'one_of', value: ['response-quality', 'response-length-scorer'] }] });
    expect(r.scorers.map((s: { id: string }) => s.id).sort()).toEqual([ids['llm'], ids['code']].sort());
    const presets = await api.ok('POST', '/v2/scorers/list', { filters: [{ name: 'name', operator: 'one_of', value: ['context_adherence', 'correctness'] }] });
    expect(presets.scorers.map((s: { scorer_type: string }) => s.scorer_type)).toEqual(['preset', 'preset']);
    ids['correctness'] = presets.scorers.find((s: { name: string }) => s.name === 'correctness').id;
  });

  it('Datasets: POST /v2/datasets?format=csv (multipart)', async () => {
    const csv = 'input,output,generated_output\n"What is the capital of France?","Paris","The capital of France is Paris."\n"What is 2 + 2?","4","2 + 2 equals 4."\n"Who wrote Hamlet?","William Shakespeare","Hamlet was written by Shakespeare."\n';
    const ds = await api.ok('POST', '/v2/datasets?format=csv', form({ name: 'my-dataset', draft: 'false', hidden: 'false' }, { file: { name: 'dataset.csv', text: csv } }));
    expect(ds).toMatchObject({ name: 'my-dataset', current_version_index: 1, num_rows: 3 });
    ids['dataset'] = ds.id;
    const list = await api.ok('GET', '/v2/datasets');
    expect(list.datasets.some((d: { id: string }) => d.id === ds.id)).toBe(true);
  });

  it('Flow A: template, experiment with trigger, jobs, metrics, per-trace results', async () => {
    const P = ids['project'];
    const tpl = await api.ok('POST', `/projects/${P}/templates`, {
      name: 'my-prompt-template', template: 'Answer the following question concisely.\n\nQuestion: {{input}}\n\nAnswer:',
      settings: { model_alias: 'GPT-4o mini', temperature: 0.0, max_tokens: 1024 },
    });
    expect(tpl.selected_version_id).toBeTruthy();
    const listed = await api.ok('GET', `/projects/${P}/templates`);
    expect(listed.find((t: { name: string }) => t.name === 'my-prompt-template').selected_version_id).toBe(tpl.selected_version_id);
    const v2 = await api.ok('POST', `/templates/${tpl.id}/versions`, {
      template: 'Answer concisely and cite your source.\n\nQuestion: {{input}}\n\nAnswer:', settings: { model_alias: 'GPT-4o mini', temperature: 0.0 },
    });
    expect(v2.version).toBe(2);

    const exp = await api.ok('POST', `/v2/projects/${P}/experiments`, {
      name: 'my-experiment', task_type: 16, dataset: { dataset_id: ids['dataset'], version_index: 1 },
      prompt_template_version_id: tpl.selected_version_id, prompt_settings: { model_alias: 'GPT-4o mini' },
      scorers: [
        { id: ids['llm'], scorer_type: 'llm', name: 'response-quality' },
        { id: ids['code'], scorer_type: 'code', name: 'response-length-scorer' },
      ],
      trigger: true,
    });
    expect(exp.name).toBe('my-experiment');
    expect(exp.status.log_generation.progress_percent).toBe(0);
    ids['experiment'] = exp.id;

    const jobs = await waitForJobs(api, P as string, exp.id);
    expect(jobs.map((j) => j.status)).toEqual(['completed', 'completed', 'completed']);

    const m = await api.ok('POST', `/v2/projects/${P}/experiments/${exp.id}/metrics`, {});
    const scorers = scorerEntries(m.metrics);
    expect(scorers.map((x: { name: string }) => x.name).sort()).toEqual(['response-length-scorer', 'response-quality']);
    const rq = scorers.find((x: { name: string }) => x.name === 'response-quality');
    expect(rq.data_type).toBe('percentage');
    expect(Object.values(rq.buckets).reduce((a: number, b) => a + (b as number), 0)).toBe(3);
    // numeric scorers: roll_up_method null; LLM scorers' sub-entries too, _scorer_version_id among them [GUIDE]
    expect(rq.roll_up_method).toBeNull();
    for (const sub of ['input_tokens', 'output_tokens', 'total_tokens', 'scorer_version_id']) {
      expect(m.metrics.find((x: { name: string }) => x.name === `response-quality_${sub}`)).toMatchObject({ roll_up_method: null });
    }

    const page = await api.ok('POST', `/v2/projects/${P}/traces/search`, {
      experiment_id: exp.id, filters: [], sort: { column_id: 'created_at', ascending: false }, limit: 100, starting_token: 0,
    });
    expect(page.records).toHaveLength(3);
    expect(page.next_starting_token).toBeNull();
    const rec = page.records.find((r: { dataset_input: string }) => r.dataset_input === 'What is the capital of France?');
    expect(rec.input).toContain('Question: What is the capital of France?');
    expect(rec.dataset_output).toBe('Paris');
    expect(rec.metric_info['response-quality']).toMatchObject({ status_type: 'success', model_alias: 'GPT-4o mini' });
    expect(typeof rec.metric_info['response-length-scorer'].value).toBe('number');

    const low = await api.ok('POST', `/v2/projects/${P}/traces/search`, {
      experiment_id: exp.id, filters: [{ type: 'number', name: 'metrics/response-quality', operator: 'lt', value: 2 }],
      sort: { column_id: 'metrics/response-quality', ascending: true },
    });
    const values = low.records.map((r: { metric_info: Record<string, { value: number }> }) => r.metric_info['response-quality']?.value);
    expect(values).toEqual([...values].sort((a, b) => a - b));
    expect(values).toHaveLength(3);
  });

  it('Flow B: dataset with generated_output, no template', async () => {
    const P = ids['project'] as string;
    const exp = await api.ok('POST', `/v2/projects/${P}/experiments`, {
      name: 'my-generated-output-experiment', task_type: 16, dataset: { dataset_id: ids['dataset'], version_index: 1 },
      scorers: [{ id: ids['llm'], scorer_type: 'llm', name: 'response-quality' }, { id: ids['code'], scorer_type: 'code', name: 'response-length-scorer' }],
      trigger: true,
    });
    await waitForJobs(api, P, exp.id);
    const page = await api.ok('POST', `/v2/projects/${P}/traces/search`, { experiment_id: exp.id });
    expect(page.records.map((r: { output: string }) => r.output).sort()).toEqual(['2 + 2 equals 4.', 'Hamlet was written by Shakespeare.', 'The capital of France is Paris.']);
  });

  it('Flow C: experiment, metric_settings PATCH, trace ingestion', async () => {
    const P = ids['project'] as string;
    const exp = await api.ok('POST', `/v2/projects/${P}/experiments`, { name: 'my-trace-experiment', task_type: 16 });
    const ms = await api.ok('PATCH', `/projects/${P}/experiments/${exp.id}/metric_settings`, {
      scorers: [{ id: ids['llm'], scorer_type: 'llm' }, { id: ids['code'], scorer_type: 'code' }],
    });
    expect(ms.scorers).toHaveLength(2);
    const ing = await api.ok('POST', `/v2/projects/${P}/traces`, {
      experiment_id: exp.id, is_complete: true,
      traces: [{
        id: uuid(), type: 'trace', input: 'What is the capital of France?', output: 'The capital of France is Paris.', dataset_output: 'Paris',
        created_at: '2026-04-15T10:00:00Z',
        spans: [{ id: uuid(), type: 'llm', input: [{ role: 'user', content: 'What is the capital of France?' }], output: { role: 'assistant', content: 'The capital of France is Paris.' }, model: 'gpt-4o-mini', created_at: '2026-04-15T10:00:00Z' }],
      }],
    });
    expect(ing).toMatchObject({ traces_count: 1, spans_count: 1, records_count: 2, experiment_id: exp.id });
    const jobs = await waitForJobs(api, P, exp.id);
    expect(jobs.every((j) => j.status === 'completed')).toBe(true);
    const m = await api.ok('POST', `/v2/projects/${P}/experiments/${exp.id}/metrics`, {});
    expect(scorerEntries(m.metrics)).toHaveLength(2);
  });

  it('Log stream: LS1 create, LS2 scorer-settings, LS3 ingest, LS4 search', async () => {
    const P = ids['project'] as string;
    const ls = await api.ok('POST', `/projects/${P}/log_streams`, { name: 'my-log-stream' });
    expect(ls).toMatchObject({ name: 'my-log-stream', project_id: P });
    const set = await api.ok('POST', `/projects/${P}/runs/${ls.id}/scorer-settings`, {
      run_id: ls.id,
      scorers: [{ id: ids['llm'], scorer_type: 'llm', name: 'response-quality' }, { id: ids['code'], scorer_type: 'code', name: 'response-length-scorer' }],
    });
    expect(set.run_id).toBe(ls.id);
    const traceId = uuid();
    await api.ok('POST', `/v2/projects/${P}/traces`, {
      log_stream_id: ls.id, is_complete: true,
      traces: [{
        id: traceId, type: 'trace', input: 'What is the capital of France?', output: 'The capital of France is Paris.', created_at: '2026-04-15T10:00:00Z',
        spans: [{ id: uuid(), type: 'llm', input: [{ role: 'user', content: 'What is the capital of France?' }], output: { role: 'assistant', content: 'The capital of France is Paris.' }, model: 'gpt-4o-mini', created_at: '2026-04-15T10:00:00Z' }],
      }],
    });
    await waitForJobs(api, P, ls.id);
    const page = await api.ok('POST', `/v2/projects/${P}/traces/search`, {
      log_stream_id: ls.id, filters: [], sort: { column_id: 'created_at', ascending: false }, limit: 100, starting_token: 0,
    });
    expect(page.records.map((r: { id: string }) => r.id)).toEqual([traceId]);
    expect(Object.keys(page.records[0].metric_info).sort()).toEqual(['response-length-scorer', 'response-quality']);
  });
});
