/**
 * The official `galileo` SDK creates custom metrics and logs to a log stream against the simulator: an LLM
 * metric, a code metric (validated by the simulator), enableMetrics on a log stream, a GalileoLogger trace with
 * spans flushed, then getTraces and getRunScorerJobs read back what the simulator scored.
 */
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { createCustomCodeMetric, createCustomLlmMetric, createLogStream, enableMetrics, GalileoLogger, getProject, getRunScorerJobs, getScorers, getTraces } from 'galileo';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiRequests, startSdkSim, type SdkSim } from './galileo-sdk-env.js';

let env: SdkSim;
let projectId: string;

beforeAll(async () => {
  env = await startSdkSim('sdk-logging');
  projectId = (await getProject({ name: env.project })).id;
});
afterAll(async () => env?.close());

const LLM_PROMPT = 'Does the output answer the input? Input: {input} Output: {output}';
const CODE = 'def scorer_fn(*, output: str, **kwargs) -> float:\n    return float(len(output))\n';

describe('galileo SDK: custom metrics and logging against the simulator', () => {
  it('createCustomLlmMetric makes an LLM scorer shell (with defaults) and its first version', async () => {
    const version = await createCustomLlmMetric({ name: 'sdk-judge', userPrompt: LLM_PROMPT, nodeLevel: 'trace', cotEnabled: true, numJudges: 3 });
    expect(version.version).toBe(1);
    expect(version.numJudges).toBe(3);
    expect(version.cotEnabled).toBe(true);
    expect(version.scoreableNodeTypes).toEqual(['trace']);
    expect(version.generatedScorer?.userPrompt).toBe(LLM_PROMPT);
    const [scorer] = await getScorers({ names: ['sdk-judge'] });
    expect(scorer).toMatchObject({ name: 'sdk-judge', scorerType: 'llm' });
    const shell = apiRequests(env.sim).find((r) => r.method === 'POST' && r.route === '/scorers');
    // [JS utils/metrics.ts]: the shell's defaults are model_name and num_judges; output_type rides at the top level
    expect(shell?.body).toMatchObject({ name: 'sdk-judge', scorer_type: 'llm', output_type: 'boolean', defaults: { model_name: expect.any(String), num_judges: 3 } });
  });

  it('createCustomCodeMetric validates the code, then registers it as the scorer\'s version', async () => {
    const file = path.join(env.tmp, 'length.py');
    await writeFile(file, CODE);
    const version = await createCustomCodeMetric({ name: 'sdk-length', codePath: file, nodeLevel: 'trace', pollIntervalMs: 20, timeoutMs: 10_000 });
    expect(version.version).toBe(1);
    expect(version.registeredScorer?.scoreType).toBe('float');
    const routes = apiRequests(env.sim).map((r) => `${r.method} ${r.route}`);
    const validate = routes.indexOf('POST /scorers/code/validate');
    expect(validate).toBeGreaterThanOrEqual(0);
    expect(routes.indexOf('POST /scorers/:scorer_id/version/code')).toBeGreaterThan(validate);
  });

  it('createCustomCodeMetric rejects code the simulator finds invalid', async () => {
    const file = path.join(env.tmp, 'broken.py');
    await writeFile(file, 'def not_a_scorer(x):\n    return 1\n');
    await expect(createCustomCodeMetric({ name: 'sdk-broken', codePath: file, nodeLevel: 'trace', pollIntervalMs: 20, timeoutMs: 10_000 })).rejects.toThrow();
  });

  it('enableMetrics, then a GalileoLogger trace with spans flushed: getTraces reads it back, scored', async () => {
    const stream = await createLogStream('sdk-prod', env.project);
    const local = await enableMetrics({ projectName: env.project, logStreamName: 'sdk-prod', metrics: ['correctness', 'sdk-judge', 'sdk-length'] });
    expect(local).toEqual([]);
    const settings = apiRequests(env.sim).find((r) => r.route === '/projects/:project_id/runs/:run_id/scorer-settings' && r.path.includes(stream.id));
    expect((settings?.body as { scorers: { name: string }[] }).scorers.map((s) => s.name).sort()).toEqual(['correctness', 'sdk-judge', 'sdk-length']);

    const logger = new GalileoLogger({ projectName: env.project, logStreamName: 'sdk-prod' });
    logger.startTrace({ input: 'What is the capital of France?', name: 'qa' });
    logger.addRetrieverSpan({ input: 'capital of France', output: [{ content: 'Paris is the capital of France.' }], name: 'search' });
    logger.addLlmSpan({ input: 'What is the capital of France?', output: 'Paris', model: 'gpt-4o', name: 'answer' });
    logger.conclude({ output: 'Paris' });
    const flushed = await logger.flush();
    expect(flushed).toHaveLength(1);

    const ingest = apiRequests(env.sim).filter((r) => r.route === '/projects/:project_id/traces');
    expect(ingest).toHaveLength(1);
    expect(ingest[0]?.status).toBe(200);
    expect(ingest[0]?.seq).toBeGreaterThan(settings?.seq ?? Infinity);

    const deadline = Date.now() + 15_000;
    let jobs: { status?: string }[] = [];
    while (Date.now() < deadline) {
      jobs = (await getRunScorerJobs(projectId, stream.id)) as { status?: string }[];
      if (jobs.length === 3 && jobs.every((j) => j.status === 'completed')) break;
      await new Promise((r) => setTimeout(r, 50));
    }
    expect(jobs.map((j) => j.status)).toEqual(['completed', 'completed', 'completed']);

    // scores may become visible a little after their jobs complete (the simulator's metrics lag): poll, bounded
    type Rec = { name?: string; input?: unknown; output?: unknown; metricInfo?: Record<string, { statusType?: string }> };
    let records: Rec[] = [];
    while (Date.now() < deadline + 5_000) {
      records = ((await getTraces({ projectId, logStreamId: stream.id, limit: 10 })).records ?? []) as Rec[];
      if (records.length > 0 && Object.values(records[0]?.metricInfo ?? {}).every((m) => m.statusType === 'success')) break;
      await new Promise((r) => setTimeout(r, 50));
    }
    expect(records.map((r) => [r.name, r.input, r.output])).toEqual([['qa', 'What is the capital of France?', 'Paris']]);
    // the SDK camel-cases every key of the response, metric names included (sdk-judge → sdkJudge)
    const info = records[0]?.metricInfo ?? {};
    // the preset may be keyed by its internal name (correctness ↔ factuality, [JS types/job.types.ts])
    expect(Object.keys(info)).toHaveLength(3);
    expect(Object.keys(info)).toEqual(expect.arrayContaining(['sdkJudge', 'sdkLength']));
    expect(Object.values(info).map((m) => m.statusType)).toEqual(['success', 'success', 'success']);
  });

  it('reached only the simulator, and leaves nothing running', async () => {
    await env.close();
    expect(env.refused).toEqual([]);
    expect(await env.lingering()).toEqual([]);
  });
});
