/**
 * Contract tests: the official SDK (`galileo-generated`, a devDependency) drives the simulator. Its zod schemas
 * reject any response that does not match the real API's shapes, so each call passing is the assertion that the
 * simulator answers like Galileo. Operations the SDK lacks (scorer create, LLM versions, experiment create) are
 * made with plain HTTP here and checked against the spec's schemas in spec-schemas.test.ts.
 */
import { GalileoGenerated } from 'galileo-generated';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SimulatorHandle } from '../../src/sim/start-simulator.js';
import { CODE_OK, form, KEY, sleep, startTestSim, uuid, type SimClient } from './sim-client.js';

let sim: SimulatorHandle;
let api: SimClient;
let sdk: GalileoGenerated;
const sec = { apiKeyHeader: KEY };

beforeAll(async () => {
  ({ sim, api } = await startTestSim());
  sdk = new GalileoGenerated({ serverURL: sim.url });
});
afterAll(async () => sim.close());

describe('galileo-generated SDK against the simulator', () => {
  it('healthcheck and api-key login', async () => {
    const health = await sdk.health.healthcheckHealthcheckGet();
    expect(health.message).toContain('Healthy');
    const token = await sdk.auth.loginApiKeyLoginApiKeyPost({ apiKey: KEY });
    expect(token.accessToken.split('.')).toHaveLength(3);
    const payload = JSON.parse(Buffer.from(token.accessToken.split('.')[1] as string, 'base64url').toString()) as { exp: number };
    expect(payload.exp * 1000).toBeGreaterThan(Date.now() + 5 * 60 * 1000);
  });

  it('projects: create, get, paginated list with filters, count, update, delete', async () => {
    const created = await sdk.projects.createProjectProjectsPost(sec, { name: 'sdk-project', type: 'gen_ai' });
    expect(created.name).toBe('sdk-project');
    const got = await sdk.projects.getProjectProjectsProjectIdGet(sec, { projectId: created.id });
    expect(got.id).toBe(created.id);
    const page = await sdk.projects.getProjectsPaginatedProjectsPaginatedPost(sec, {
      limit: 10, body: { filters: [{ name: 'name', operator: 'eq', value: 'sdk-project' }] },
    });
    expect(page.projects.map((p) => p.id)).toEqual([created.id]);
    expect(page.nextStartingToken ?? null).toBeNull();
    const count = await sdk.projects.getProjectsCountProjectsCountPost(sec, { filters: [] });
    expect(count).toBeGreaterThanOrEqual(1);
    const byName = await sdk.projects.getProjectsProjectsGet(sec, { projectName: 'sdk-project' });
    expect(byName).toHaveLength(1);
    const all = await sdk.projects.getAllProjectsProjectsAllGet(sec, {});
    expect(all.some((p) => p.id === created.id)).toBe(true);
    const updated = await sdk.projects.updateProjectProjectsProjectIdPut(sec, { projectId: created.id, body: { description: 'd', labels: ['sample'] } });
    expect(updated.description).toBe('d');
    expect(updated.labels).toEqual(['sample']);
    const del = await sdk.projects.deleteProjectProjectsProjectIdDelete(sec, { projectId: created.id });
    expect(del.message).toContain('deleted');
  });

  it('scorers: get, list with filters, tags, versions, code validation, code version, code source, restore, delete', async () => {
    const shell = await api.ok('POST', '/scorers', { name: 'Sdk-Len', scorer_type: 'code', scoreable_node_types: ['trace'], tags: ['galctl'] });
    const got = await sdk.data.getScorerScorersScorerIdGet(sec, { scorerId: shell.id });
    expect(got.tags).toEqual(['galctl']);
    const listed = await sdk.data.listScorersWithFiltersScorersListPost(sec, {
      body: { filters: [{ name: 'name', operator: 'one_of', value: ['sdk-len', 'correctness'] }] },
    });
    expect(listed.scorers!.map((s) => s.name).sort()).toEqual(['Sdk-Len', 'correctness']);
    const byType = await sdk.data.listScorersWithFiltersScorersListPost(sec, { limit: 500, body: { filters: [{ name: 'scorer_type', operator: 'eq', value: 'preset' }] } });
    expect(byType.scorers!.length).toBeGreaterThanOrEqual(7);
    expect(await sdk.data.listTagsScorersTagsGet(sec)).toContain('galctl');

    const task = await sdk.data.validateCodeScorerScorersCodeValidatePost(sec, {
      file: { fileName: 'scorer.py', content: new TextEncoder().encode(CODE_OK) }, scoreableNodeTypes: '["trace"]',
    });
    let poll = await sdk.data.getValidateCodeScorerTaskResultScorersCodeValidateTaskIdGet(sec, { taskId: task.taskId });
    for (let i = 0; poll.status !== 'completed' && i < 100; i++) {
      await sleep(10);
      poll = await sdk.data.getValidateCodeScorerTaskResultScorersCodeValidateTaskIdGet(sec, { taskId: task.taskId });
    }
    expect(poll.status).toBe('completed');
    const raw = await api.ok('GET', `/scorers/code/validate/${task.taskId}`);
    const version = await sdk.data.createCodeScorerVersionScorersScorerIdVersionCodePost(sec, {
      scorerId: shell.id, body: { file: { fileName: 'scorer.py', content: new TextEncoder().encode(CODE_OK) }, validationResult: JSON.stringify(raw.result) },
    });
    expect(version.version).toBe(1);
    expect(version.registeredScorer?.scoreType).toBe('float');
    const latest = await sdk.data.getScorerVersionOrLatestScorersScorerIdVersionGet(sec, { scorerId: shell.id });
    expect(latest.id).toBe(version.id);
    const versions = await sdk.data.listAllVersionsForScorerScorersScorerIdVersionsGet(sec, { scorerId: shell.id });
    expect(versions.versions).toHaveLength(1);
    const code = await api.call('GET', `/scorers/${shell.id}/version/code?version=1`);
    expect(code.body).toBe(CODE_OK);
    await sdk.data.getScorerVersionCodeScorersScorerIdVersionCodeGet(sec, { scorerId: shell.id, version: 1 });
    const restored = await sdk.data.restoreScorerVersionScorersScorerIdVersionsVersionNumberRestorePost(sec, { scorerId: shell.id, versionNumber: 1 });
    expect(restored.version).toBe(2);
    const preset = listed.scorers!.find((s) => s.name === 'correctness');
    const pv = await sdk.data.createPresetScorerVersionScorersScorerIdVersionPresetPost(sec, { scorerId: preset!.id, body: { modelName: 'GPT-4o mini', numJudges: 1 } });
    expect(pv.version).toBe(2);
    const del = await sdk.data.deleteScorerScorersScorerIdDelete(sec, { scorerId: shell.id });
    expect(del.message).toContain('deleted');
  });

  it('datasets: create (multipart), list, query, get, content + ETag, edit, versions, version content, rename, delete', async () => {
    const ds = await sdk.datasets.createDatasetDatasetsPost(sec, {
      format: 'csv', body: { name: 'sdk-ds', file: { fileName: 'sdk-ds.csv', content: new TextEncoder().encode('input,output\nq1,a1\nq2,a2\n') } },
    });
    expect(ds.currentVersionIndex).toBe(1);
    expect(ds.numRows).toBe(2);
    const list = await sdk.datasets.listDatasetsDatasetsGet(sec, {});
    expect(list.datasets!.some((d) => d.id === ds.id)).toBe(true);
    const q = await sdk.datasets.queryDatasetsDatasetsQueryPost(sec, { body: { filters: [{ name: 'name', operator: 'eq', value: 'sdk-ds' }] } });
    expect(q.datasets).toHaveLength(1);
    expect((await sdk.datasets.getDatasetDatasetsDatasetIdGet(sec, { datasetId: ds.id })).name).toBe('sdk-ds');
    const content = await sdk.datasets.getDatasetContentDatasetsDatasetIdContentGet(sec, { datasetId: ds.id });
    expect(content.rows!.map((r) => r.valuesDict['input'])).toEqual(['q1', 'q2']);
    const etag = (await api.call('GET', `/datasets/${ds.id}/content?limit=1`)).headers.get('etag') as string;
    await sdk.datasets.updateDatasetContentDatasetsDatasetIdContentPatch(sec, {
      datasetId: ds.id, ifMatch: etag, body: { edits: [{ editType: 'append_row', values: { input: 'q3', output: 'a3' } }] },
    });
    const versions = await sdk.datasets.queryDatasetVersionsDatasetsDatasetIdVersionsQueryPost(sec, { datasetId: ds.id });
    expect(versions.versions.map((v) => v.versionIndex)).toEqual([1, 2]);
    const named = await sdk.datasets.updateDatasetVersionDatasetsDatasetIdVersionsVersionIndexPatch(sec, { datasetId: ds.id, versionIndex: 2, body: { name: 'galctl:sha256:abc' } });
    expect(named.name).toBe('galctl:sha256:abc');
    const v1 = await sdk.datasets.getDatasetVersionContentDatasetsDatasetIdVersionsVersionIndexContentGet(sec, { datasetId: ds.id, versionIndex: 1 });
    expect(v1.rows).toHaveLength(2);
    const filtered = await sdk.datasets.queryDatasetContentDatasetsDatasetIdContentQueryPost(sec, { datasetId: ds.id, body: { filters: [{ columnName: 'input', value: 'q3', operator: 'eq' }] } });
    expect(filtered.rows).toHaveLength(1);
    const renamed = await sdk.datasets.updateDatasetDatasetsDatasetIdPatch(sec, { datasetId: ds.id, body: { name: 'sdk-ds-2' } });
    expect(renamed.name).toBe('sdk-ds-2');
    await sdk.datasets.deleteDatasetDatasetsDatasetIdDelete(sec, { datasetId: ds.id });
    expect((await api.call('GET', `/datasets/${ds.id}`)).status).toBe(404);
  });

  it('templates: project-scoped and global routes', async () => {
    const p = await sdk.projects.createProjectProjectsPost(sec, { name: 'sdk-tpl-project' });
    const t = await sdk.prompts.createPromptTemplateWithVersionProjectsProjectIdTemplatesPost(sec, {
      projectId: p.id, body: { name: 'sdk-tpl', template: 'Q: {{input}}', settings: { modelAlias: 'GPT-4o mini', temperature: 0 } },
    });
    expect(t.selectedVersion.version).toBe(1);
    const listed = await sdk.prompts.getProjectTemplatesProjectsProjectIdTemplatesGet(sec, { projectId: p.id });
    expect(listed.map((x) => x.id)).toEqual([t.id]);
    const v2 = await sdk.prompts.createPromptTemplateVersionProjectsProjectIdTemplatesTemplateIdVersionsPost(sec, {
      projectId: p.id, templateId: t.id, body: { template: [{ role: 'user', content: 'Answer {{input}}' }] },
    });
    expect(v2.version).toBe(2);
    const still = await sdk.prompts.getTemplateFromProjectProjectsProjectIdTemplatesTemplateIdGet(sec, { projectId: p.id, templateId: t.id });
    expect(still.selectedVersion.version).toBe(1);
    const selected = await sdk.prompts.setSelectedTemplateVersionProjectsProjectIdTemplatesTemplateIdVersionsVersionPut(sec, { projectId: p.id, templateId: t.id, version: 2 });
    expect(selected.selectedVersionId).toBe(v2.id);
    expect(typeof selected.template).toBe('string');
    const byName = await sdk.prompts.getTemplateVersionByNameProjectsProjectIdTemplatesVersionsGet(sec, { projectId: p.id, templateName: 'sdk-tpl' });
    expect(byName.version).toBe(2);
    const v1 = await sdk.prompts.getTemplateVersionProjectsProjectIdTemplatesTemplateIdVersionsVersionGet(sec, { projectId: p.id, templateId: t.id, version: 1 });
    expect(v1.template).toBe('Q: {{input}}');
    const g = await sdk.prompts.createGlobalPromptTemplateTemplatesPost(sec, { body: { name: 'sdk-global', template: 'G {{input}}' } });
    const gv = await sdk.prompts.createGlobalPromptTemplateVersionTemplatesTemplateIdVersionsPost(sec, { templateId: g.id, body: { template: 'G2 {{input}}' } });
    await sdk.prompts.setSelectedGlobalTemplateVersionTemplatesTemplateIdVersionsVersionPut(sec, { templateId: g.id, version: gv.version });
    expect((await sdk.prompts.getGlobalTemplateVersionTemplatesTemplateIdVersionsVersionGet(sec, { templateId: g.id, version: 2 })).id).toBe(gv.id);
    const q = await sdk.prompts.queryTemplatesTemplatesQueryPost(sec, { body: { filters: [{ name: 'name', operator: 'eq', value: 'sdk-global' }] } });
    expect(q.templates!.map((x) => x.id)).toEqual([g.id]);
    const vq = await sdk.prompts.queryTemplateVersionsTemplatesTemplateIdVersionsQueryPost(sec, { templateId: g.id, body: {} });
    expect(vq.versions).toHaveLength(2);
    const renamed = await sdk.prompts.updateGlobalTemplateTemplatesTemplateIdPatch(sec, { templateId: g.id, body: { name: 'sdk-global-2' } });
    expect(renamed.name).toBe('sdk-global-2');
    expect((await sdk.prompts.getGlobalTemplateTemplatesTemplateIdGet(sec, { templateId: g.id })).name).toBe('sdk-global-2');
    await sdk.prompts.deleteGlobalTemplateTemplatesTemplateIdDelete(sec, { templateId: g.id });
    await sdk.prompts.deleteTemplateProjectsProjectIdTemplatesTemplateIdDelete(sec, { projectId: p.id, templateId: t.id });
    expect((await api.call('GET', `/templates/${t.id}`)).status).toBe(404);
  });

  it('experiments, log streams, scorer settings, jobs, traces, metrics', async () => {
    const p = await sdk.projects.createProjectProjectsPost(sec, { name: 'sdk-run-project' });
    const llm = await api.ok('POST', '/scorers', { name: 'sdk-judge', scorer_type: 'llm', scoreable_node_types: ['llm', 'trace'], defaults: { output_type: 'percentage' } });
    await api.ok('POST', `/scorers/${llm.id}/version/llm`, { user_prompt: 'Rate {output}', model_name: 'GPT-4o mini', num_judges: 1 });
    const ds = await api.ok('POST', '/datasets?format=jsonl', form({ name: 'sdk-run-ds' }, { file: { name: 'd.jsonl', text: '{"input":"a","output":"A"}\n{"input":"b","output":"B"}\n' } }));
    const t = await api.ok('POST', `/projects/${p.id}/templates`, { name: 'sdk-run-tpl', template: 'Q {{input}}' });
    const exp = await api.ok('POST', `/projects/${p.id}/experiments`, {
      name: 'sdk-exp', task_type: 16, dataset: { dataset_id: ds.id, version_index: 1 }, prompt_template_version_id: t.selected_version_id,
      prompt_settings: { model_alias: 'GPT-4o mini' }, scorers: [{ id: llm.id, scorer_type: 'llm' }], trigger: true,
    });
    const got = await sdk.experiment.getExperimentProjectsProjectIdExperimentsExperimentIdGet(sec, { projectId: p.id, experimentId: exp.id });
    expect(got.name).toBe('sdk-exp');
    expect((await sdk.experiment.listExperimentsProjectsProjectIdExperimentsGet(sec, { projectId: p.id })).map((e) => e.id)).toEqual([exp.id]);
    expect((await sdk.experiment.listExperimentsPaginatedProjectsProjectIdExperimentsPaginatedGet(sec, { projectId: p.id })).experiments).toHaveLength(1);
    const search = await sdk.experiment.searchExperimentsProjectsProjectIdExperimentsSearchPost(sec, { projectId: p.id, body: { filters: [{ name: 'name', operator: 'eq', value: 'sdk-exp' }] } });
    expect(search.experiments).toHaveLength(1);
    const ms = await sdk.experiment.getMetricSettingsProjectsProjectIdExperimentsExperimentIdMetricSettingsGet(sec, { projectId: p.id, experimentId: exp.id });
    expect(ms.scorers.map((s) => s.id)).toEqual([llm.id]);
    let jobs = await sdk.jobs.getJobsForProjectRunProjectsProjectIdRunsRunIdJobsGet(sec, { projectId: p.id, runId: exp.id });
    for (let i = 0; jobs.some((j) => j.status === 'unstarted' || j.status === 'in_progress') && i < 100; i++) {
      await sleep(10);
      jobs = await sdk.jobs.getJobsForProjectRunProjectsProjectIdRunsRunIdJobsGet(sec, { projectId: p.id, runId: exp.id });
    }
    expect(jobs.map((j) => j.status)).toEqual(['completed', 'completed']);
    const latestJob = await sdk.jobs.getLatestJobForProjectRunProjectsProjectIdRunsRunIdJobsLatestGet(sec, { projectId: p.id, runId: exp.id });
    expect(latestJob?.id).toBe(jobs[1]?.id);
    expect((await sdk.jobs.getJobJobsJobIdGet(sec, { jobId: jobs[0]!.id })).status).toBe('completed');
    const metrics = await sdk.experiment.getExperimentMetricsProjectsProjectIdExperimentsExperimentIdMetricsPost(sec, { projectId: p.id, experimentId: exp.id, body: {} });
    expect(metrics.metrics?.find((m) => m.name === 'sdk-judge')?.average).toBeGreaterThan(0);
    const traces = await sdk.trace.queryTracesProjectsProjectIdTracesSearchPost(sec, { projectId: p.id, body: { experimentId: exp.id, sort: { columnId: 'created_at', ascending: false } } });
    expect(traces.records).toHaveLength(2);
    await sdk.experiment.updateExperimentProjectsProjectIdExperimentsExperimentIdPut(sec, { projectId: p.id, experimentId: exp.id, body: { name: 'sdk-exp-2' } });

    const ls = await sdk.logStream.createLogStreamProjectsProjectIdLogStreamsPost(sec, { projectId: p.id, body: { name: 'sdk-ls' } });
    expect((await sdk.logStream.getLogStreamProjectsProjectIdLogStreamsLogStreamIdGet(sec, { projectId: p.id, logStreamId: ls.id })).name).toBe('sdk-ls');
    expect(await sdk.logStream.listLogStreamsProjectsProjectIdLogStreamsGet(sec, { projectId: p.id })).toHaveLength(1);
    expect((await sdk.logStream.listLogStreamsPaginatedProjectsProjectIdLogStreamsPaginatedGet(sec, { projectId: p.id })).logStreams).toHaveLength(1);
    expect((await sdk.logStream.searchLogStreamsProjectsProjectIdLogStreamsSearchPost(sec, { projectId: p.id, body: {} })).logStreams).toHaveLength(1);
    const set = await sdk.runScorerSettings.upsertScorersConfigProjectsProjectIdRunsRunIdScorerSettingsPost(sec, {
      projectId: p.id, runId: ls.id, body: { runId: ls.id, scorers: [{ id: llm.id, scorerType: 'llm' }] },
    });
    expect(set.scorers).toHaveLength(1);
    await sdk.runScorerSettings.upsertScorersConfigProjectsProjectIdRunsRunIdScorerSettingsPatch(sec, {
      projectId: p.id, runId: ls.id, body: { runId: ls.id, scorers: [{ id: llm.id, scorerType: 'llm' }] },
    });
    expect((await sdk.runScorerSettings.getSettingsProjectsProjectIdRunsRunIdScorerSettingsGet(sec, { projectId: p.id, runId: ls.id })).scorers).toHaveLength(1);
    expect((await sdk.logStream.getMetricSettingsProjectsProjectIdLogStreamsLogStreamIdMetricSettingsGet(sec, { projectId: p.id, logStreamId: ls.id })).scorers).toHaveLength(1);
    await sdk.logStream.updateMetricSettingsProjectsProjectIdLogStreamsLogStreamIdMetricSettingsPatch(sec, { projectId: p.id, logStreamId: ls.id, body: { scorers: [{ id: llm.id, scorerType: 'llm' }] } });
    await sdk.experiment.updateMetricSettingsProjectsProjectIdExperimentsExperimentIdMetricSettingsPatch(sec, { projectId: p.id, experimentId: exp.id, body: { scorers: [{ id: llm.id, scorerType: 'llm' }] } });

    const traceId = uuid();
    const spanId = uuid();
    const ingest = await sdk.trace.logTracesProjectsProjectIdTracesPost(sec, {
      projectId: p.id, body: {
        logStreamId: ls.id, isComplete: true, includeTraceIds: true,
        traces: [{ id: traceId, type: 'trace', input: 'hi', output: 'hello', spans: [{ id: spanId, type: 'llm', input: [{ role: 'user', content: 'hi' }], output: { role: 'assistant', content: 'hello' } }] }],
      },
    });
    expect(ingest.tracesCount).toBe(1);
    const tr = await sdk.trace.getTraceProjectsProjectIdTracesTraceIdGet(sec, { projectId: p.id, traceId });
    expect(tr.id).toBe(traceId);
    const span = await sdk.trace.getSpanProjectsProjectIdSpansSpanIdGet(sec, { projectId: p.id, spanId });
    expect((span as { id?: string }).id).toBe(spanId);
    const count = await sdk.trace.countTracesProjectsProjectIdTracesCountPost(sec, { projectId: p.id, body: { logStreamId: ls.id } });
    expect(count.totalCount).toBe(1);
    const found = await sdk.trace.queryTracesProjectsProjectIdTracesSearchPost(sec, {
      projectId: p.id, body: { logStreamId: ls.id, filters: [{ type: 'id', columnId: 'id', operator: 'one_of', value: [traceId] }] },
    });
    expect(found.records?.map((r) => (r as { id?: string }).id)).toEqual([traceId]);
    const spans = await sdk.trace.querySpansProjectsProjectIdSpansSearchPost(sec, { projectId: p.id, body: { logStreamId: ls.id } });
    expect(spans.records).toHaveLength(1);
    await sdk.trace.updateTraceProjectsProjectIdTracesTraceIdPatch(sec, { projectId: p.id, traceId, body: { logStreamId: ls.id, traceId, output: 'bye' } });
    await sdk.trace.deleteTracesProjectsProjectIdTracesDeletePost(sec, { projectId: p.id, body: { logStreamId: ls.id, filters: [{ type: 'id', columnId: 'id', operator: 'eq', value: traceId }] } });
    expect((await api.call('GET', `/projects/${p.id}/traces/${traceId}`)).status).toBe(404);

    await sdk.logStream.updateLogStreamProjectsProjectIdLogStreamsLogStreamIdPut(sec, { projectId: p.id, logStreamId: ls.id, body: { name: 'sdk-ls-2' } });
    await sdk.logStream.deleteLogStreamProjectsProjectIdLogStreamsLogStreamIdDelete(sec, { projectId: p.id, logStreamId: ls.id });
    await sdk.experiment.deleteExperimentProjectsProjectIdExperimentsExperimentIdDelete(sec, { projectId: p.id, experimentId: exp.id });
    expect((await api.call('GET', `/projects/${p.id}/experiments/${exp.id}`)).status).toBe(404);
  });
});
