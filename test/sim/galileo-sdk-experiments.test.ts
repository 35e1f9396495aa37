/**
 * The official `galileo` SDK runs experiments against the simulator: a prompt template, then runExperiment with
 * the template (the server generates the outputs) and with a local function (the SDK logs the traces itself).
 * Outcomes are read back through the SDK (getTraces, getRunScorerJobs) and the simulator's request log.
 */
import { createDataset, createPromptTemplate, getProject, getRunScorerJobs, getTraces, runExperiment } from 'galileo';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiRequests, startSdkSim, type SdkSim } from './galileo-sdk-env.js';

let env: SdkSim;
let projectId: string;
const ROWS = [{ input: 'What is 2+2?', output: '4' }, { input: 'Capital of France?', output: 'Paris' }, { input: 'Largest planet?', output: 'Jupiter' }];

beforeAll(async () => {
  env = await startSdkSim('sdk-experiments');
  await createDataset({ name: 'sdk-exp-ds', content: ROWS, projectName: env.project });
  projectId = (await getProject({ name: env.project })).id;
});
afterAll(async () => env?.close());

/** Polls (bounded) until the experiment's traces all carry an output. */
async function tracesOf(experimentId: string, count: number): Promise<{ input?: unknown; output?: unknown }[]> {
  const deadline = Date.now() + 15_000;
  for (;;) {
    const page = await getTraces({ projectId, experimentId, limit: 100 });
    const records = (page.records ?? []) as { input?: unknown; output?: unknown }[];
    if (records.length >= count && records.every((r) => r.output !== undefined && r.output !== null && r.output !== '')) return records;
    if (Date.now() > deadline) throw new Error(`experiment ${experimentId}: ${records.length}/${count} traces with output after 15 s`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

async function jobsDone(runId: string): Promise<{ status?: string; jobName?: string }[]> {
  const deadline = Date.now() + 15_000;
  for (;;) {
    const jobs = (await getRunScorerJobs(projectId, runId)) as { status?: string; jobName?: string }[];
    if (jobs.length > 0 && jobs.every((j) => j.status === 'completed' || j.status === 'failed' || j.status === 'error')) return jobs;
    if (Date.now() > deadline) throw new Error(`run ${runId}: jobs still running after 15 s: ${JSON.stringify(jobs)}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('galileo SDK: prompt templates and experiments against the simulator', () => {
  it('runExperiment with a prompt template: scorers registered, a prompt run job with full settings, an output per row', async () => {
    const template = await createPromptTemplate({
      name: 'sdk-exp-template', projectName: env.project,
      template: [{ role: 'system', content: 'Answer concisely.' }, { role: 'user', content: '{{input}}' }],
    });
    expect(template.name).toBe('sdk-exp-template');
    const out = await runExperiment({
      name: 'sdk-template-run', datasetName: 'sdk-exp-ds', promptTemplate: template, metrics: ['correctness'], projectName: env.project,
    });
    expect(out.experiment.name).toBe('sdk-template-run');
    expect(out.link).toContain(`${env.sim.url}/project/${projectId}/experiments/${out.experiment.id}`);
    const runId = out.experiment.id;
    const traces = await tracesOf(runId, ROWS.length);
    // each trace's input is the template rendered with its row: the system line and the row's question
    for (const row of ROWS) expect(traces.filter((t) => String(t.input).includes(row.input) && String(t.input).includes('Answer concisely.'))).toHaveLength(1);
    const jobs = await jobsDone(runId);
    expect(jobs.every((j) => j.status === 'completed')).toBe(true);

    const sent = apiRequests(env.sim).filter((r) => r.path.includes(runId) || (r.route === '/jobs' && (r.body as { run_id?: string }).run_id === runId));
    const settings = sent.findIndex((r) => r.route === '/projects/:project_id/runs/:run_id/scorer-settings');
    const job = sent.findIndex((r) => r.method === 'POST' && r.route === '/jobs');
    expect(settings).toBeGreaterThanOrEqual(0);
    expect(job).toBeGreaterThan(settings);
    const jobBody = sent[job]?.body as { job_name: string; prompt_settings: Record<string, unknown>; prompt_template_version_id: string };
    expect(jobBody.job_name).toBe('playground_run');
    expect(jobBody.prompt_template_version_id).toBe(template.selectedVersionId);
    expect(jobBody.prompt_settings).toMatchObject({ model_alias: expect.any(String), temperature: expect.any(Number), max_tokens: expect.any(Number) });
  });

  it('runExperiment with a function: the SDK logs one trace per row with the function\'s output', async () => {
    const seen: unknown[] = [];
    const out = await runExperiment({
      name: 'sdk-function-run', datasetName: 'sdk-exp-ds', projectName: env.project, metrics: ['correctness'],
      function: async (input: Record<string, unknown>) => {
        seen.push(input);
        return `answer to ${String(input['input'] ?? JSON.stringify(input))}`;
      },
    });
    expect(out.experiment.name).toBe('sdk-function-run');
    expect(seen).toHaveLength(ROWS.length);
    const runId = out.experiment.id;
    const traces = await tracesOf(runId, ROWS.length);
    expect(traces).toHaveLength(ROWS.length);
    expect(traces.map((t) => String(t.output)).sort()).toEqual(seen.map((i) => `answer to ${String((i as Record<string, unknown>)['input'] ?? JSON.stringify(i))}`).sort());
    const jobs = await jobsDone(runId);
    expect(jobs.map((j) => j.status)).toEqual(['completed']);
    const sent = apiRequests(env.sim).filter((r) => r.path.includes(runId) || (r.route === '/projects/:project_id/traces' && (r.body as { experiment_id?: string }).experiment_id === runId));
    const settings = sent.findIndex((r) => r.route === '/projects/:project_id/runs/:run_id/scorer-settings');
    const ingest = sent.findIndex((r) => r.route === '/projects/:project_id/traces');
    expect(settings).toBeGreaterThanOrEqual(0);
    expect(ingest).toBeGreaterThan(settings);
  });

  it('reached only the simulator, and leaves nothing running', async () => {
    await env.close();
    expect(env.refused).toEqual([]);
    expect(await env.lingering()).toEqual([]);
  });
});
