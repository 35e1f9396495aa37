/** Scores follow the content, deterministically: the judge heuristic, Flow A's fake LLM, real code scorers. */
import { type ChildProcess, spawn } from 'node:child_process';
import { createServer } from 'node:net';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { SimulatorHandle, SimulatorOptions } from '../../src/sim/start-simulator.js';
import { form, SimClient, startTestSim, waitForJobs } from './sim-client.js';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0)) await c();
});

async function testSim(opts: SimulatorOptions = {}): Promise<{ sim: SimulatorHandle; api: SimClient }> {
  const t = await startTestSim(opts);
  cleanups.push(() => t.sim.close());
  return t;
}

/** `galctl sim` in its own node process (the built CLI), fast jobs and no metrics lag. */
async function simProcess(seed: number): Promise<SimClient> {
  const bin = path.join(process.cwd(), 'bin', 'galctl.js');
  const child: ChildProcess = spawn(process.execPath, [bin, 'sim', '--port', '0', '--seed', String(seed), '--job-step-ms', '10', '--metrics-lag-ms', '0'], { stdio: ['ignore', 'pipe', 'ignore'] });
  cleanups.push(() => new Promise<void>((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
  }));
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout?.on('data', (b: Buffer) => {
      out += b.toString();
      const m = /listening on (\S+)/.exec(out);
      if (m !== null) resolve(m[1] as string);
    });
    child.once('exit', () => reject(new Error(`galctl sim exited: ${out}`)));
  });
  return new SimClient(url);
}

type Row = Record<string, string>;
type Rec = { input: string; output: string; dataset_input: string; metric_info: Record<string, { status_type: string; value?: unknown; message?: string }> };

async function llmScorer(api: SimClient, name: string, outputType: string, prompt = 'Is {output} a good answer to {input}?'): Promise<string> {
  const s = await api.ok('POST', '/scorers', { name, scorer_type: 'llm', output_type: outputType, scoreable_node_types: ['llm'], defaults: { model_name: 'GPT-4o mini', num_judges: 1 } });
  await api.ok('POST', `/scorers/${s.id}/version/llm`, { user_prompt: prompt });
  return s.id;
}

async function codeScorer(api: SimClient, name: string, code: string, scoreType = 'float'): Promise<string> {
  const s = await api.ok('POST', '/scorers', { name, scorer_type: 'code', scoreable_node_types: ['trace'] });
  const vr = JSON.stringify({ result: { result_type: 'valid', score_type: scoreType } });
  await api.ok('POST', `/scorers/${s.id}/version/code`, form({ validation_result: vr }, { file: { name: `${name}.py`, text: code } }));
  return s.id;
}

async function presetId(api: SimClient, name: string): Promise<string> {
  const list = await api.ok('POST', '/scorers/list', { filters: [{ name: 'name', operator: 'eq', value: name }] });
  return list.scorers[0].id;
}

let counter = 0;

/** Uploads the rows, runs one triggered experiment with the scorers (and the template, if any); its records by input. */
async function experiment(api: SimClient, pid: string, rows: Row[], scorerIds: string[], template?: string): Promise<{ eid: string; recs: Rec[] }> {
  const n = ++counter;
  const fd = new FormData();
  fd.append('name', `ds-${n}`);
  fd.append('file', new Blob([JSON.stringify(rows)]), 'd.json');
  const d = await api.ok('POST', '/datasets?format=json', fd);
  let tpl: Record<string, unknown> = {};
  if (template !== undefined) {
    const t = await api.ok('POST', `/projects/${pid}/templates`, { name: `tpl-${n}`, template, settings: { model_alias: 'GPT-4o mini' } });
    tpl = { prompt_template_version_id: t.selected_version_id, prompt_settings: { model_alias: 'GPT-4o mini' } };
  }
  const scorers = await Promise.all(scorerIds.map(async (id) => ({ id, scorer_type: (await api.ok('GET', `/scorers/${id}`)).scorer_type })));
  const e = await api.ok('POST', `/projects/${pid}/experiments`, {
    name: `exp-${n}`, task_type: 16, dataset: { dataset_id: d.id, version_index: 1 }, scorers, trigger: true, ...tpl,
  });
  await waitForJobs(api, pid, e.id);
  const page = await api.ok('POST', `/projects/${pid}/traces/search`, { experiment_id: e.id, limit: 100 });
  const recs = (page.records as Rec[]).sort((a, b) => a.dataset_input.localeCompare(b.dataset_input));
  return { eid: e.id, recs };
}

async function project(api: SimClient): Promise<string> {
  return (await api.ok('POST', '/projects', { name: `p-${++counter}`, type: 'gen_ai' })).id;
}

const values = (recs: Rec[], scorer: string): unknown[] => recs.map((r) => r.metric_info[scorer]?.value);
const mean = (xs: unknown[]): number => xs.reduce((a: number, x) => a + Number(x), 0) / xs.length;

const QA: Row[] = [
  { input: 'What is the capital of France?', output: 'Paris is the capital of France', generated_output: 'The capital of France is Paris.' },
  { input: 'Who wrote Hamlet?', output: 'William Shakespeare wrote Hamlet', generated_output: 'Hamlet was written by William Shakespeare.' },
  { input: 'What is the boiling point of water at sea level?', output: 'Water boils at 100 degrees Celsius', generated_output: 'At sea level water boils at 100 degrees Celsius.' },
];
/** The same questions with answers that lost expected words (the "dataset whose outputs got worse" of issue 17). */
const WORSE: Row[] = [
  { ...QA[0] as Row, generated_output: 'It is a city.' },
  { ...QA[1] as Row, generated_output: 'Hamlet was written by an English poet.' },
  { ...QA[2] as Row, generated_output: 'Water boils when it is hot.' },
];

describe('content-dependent scores (judge heuristic)', () => {
  it('the same content scores the same in two simulator processes (different seeds, different trace ids)', async () => {
    const results: unknown[] = [];
    for (const seed of [1, 2]) {
      const api = await simProcess(seed);
      const pid = await project(api);
      const ids = [await llmScorer(api, 'quality', 'percentage'), await llmScorer(api, 'ok', 'boolean'), await presetId(api, 'correctness'),
        await codeScorer(api, 'words', 'def scorer_fn(step_object, **kwargs) -> int:\n    return len(str(step_object.output).split())\n', 'int')];
      const flowB = await experiment(api, pid, QA, ids);
      const flowA = await experiment(api, pid, QA, ids, 'Answer the question.\nQuestion: {{input}}');
      results.push([...flowB.recs, ...flowA.recs].map((r) => [r.output, ...['quality', 'ok', 'correctness', 'words'].map((s) => r.metric_info[s])]));
      expect(flowB.recs.map((r) => r.metric_info['quality']?.status_type)).toEqual(['success', 'success', 'success']);
    }
    expect(results[0]).toEqual(results[1]);
  });

  it('a pre-generated answer that lost expected words scores lower; an empty answer scores 0', async () => {
    const { api } = await testSim();
    const pid = await project(api);
    const ids = [await llmScorer(api, 'quality', 'percentage'), await llmScorer(api, 'ok', 'boolean'), await presetId(api, 'correctness')];
    const good = await experiment(api, pid, QA, ids);
    const worse = await experiment(api, pid, WORSE, ids);
    for (const scorer of ['quality', 'correctness']) {
      const g = values(good.recs, scorer) as number[];
      const w = values(worse.recs, scorer) as number[];
      g.forEach((v, i) => expect(v).toBeGreaterThan(w[i] as number));
      expect(mean(w)).toBeLessThan(mean(g) - 0.3);
    }
    expect(values(good.recs, 'ok')).toEqual([true, true, true]);
    expect(values(worse.recs, 'ok').filter((v) => v === true).length).toBeLessThan(3);
    const empty = await experiment(api, pid, [{ input: 'Say something', output: 'anything', generated_output: '' }], ids.slice(0, 2));
    expect(values(empty.recs, 'quality')).toEqual([0]);
    expect(values(empty.recs, 'ok')).toEqual([false]);
  });

  it('a changed judge prompt moves scores a little, never past the content signal', async () => {
    const { api } = await testSim();
    const pid = await project(api);
    const a = await experiment(api, pid, QA, [await llmScorer(api, 'judge-a', 'percentage', 'Rate {output}')]);
    const b = await experiment(api, pid, QA, [await llmScorer(api, 'judge-b', 'percentage', 'Grade the answer {output} strictly')]);
    const va = values(a.recs, 'judge-a') as number[];
    const vb = values(b.recs, 'judge-b') as number[];
    va.forEach((v, i) => expect(Math.abs(v - (vb[i] as number))).toBeLessThanOrEqual(0.1));
  });
});

describe('Flow A: the fake LLM answers from the rendered prompt', () => {
  it('a template that drops the question, or asks for one word, scores worse; the same template is stable', async () => {
    const { api } = await testSim();
    const pid = await project(api);
    const ids = [await llmScorer(api, 'quality', 'percentage'), await presetId(api, 'completeness')];
    const good = await experiment(api, pid, QA, ids, 'Answer the question.\nQuestion: {{input}}\nAnswer:');
    const again = await experiment(api, pid, QA, ids, 'Answer the question.\nQuestion: {{input}}\nAnswer:');
    const noQuestion = await experiment(api, pid, QA, ids, 'Answer the question as best you can.');
    const oneWord = await experiment(api, pid, QA, ids, 'Answer in one word: {{input}}');
    expect(again.recs.map((r) => r.output)).toEqual(good.recs.map((r) => r.output));
    expect(values(again.recs, 'quality')).toEqual(values(good.recs, 'quality'));
    expect(oneWord.recs.map((r) => r.output.split(/\s+/).length)).toEqual([1, 1, 1]);
    for (const scorer of ['quality', 'completeness']) {
      expect(mean(values(good.recs, scorer))).toBeGreaterThan(0.7);
      expect(mean(values(noQuestion.recs, scorer))).toBeLessThan(mean(values(good.recs, scorer)) - 0.3);
      expect(mean(values(oneWord.recs, scorer))).toBeLessThan(mean(values(good.recs, scorer)) - 0.3);
    }
  });
});

describe('code scorers run their scorer_fn (python3, sandboxed)', () => {
  it('scorer_fn really runs: its return value is the metric (plain output, and a message in Flow A)', async () => {
    const { api } = await testSim();
    const pid = await project(api);
    const len = await codeScorer(api, 'length', 'def scorer_fn(step_object, **kwargs) -> int:\n    o = step_object.output\n    return len(o if isinstance(o, str) else o.content)\n', 'int');
    const kw = await codeScorer(api, 'kw-length', 'def scorer_fn(*, output: str, **kwargs) -> float:\n    return float(len(output))\n');
    const flowB = await experiment(api, pid, QA, [len, kw]);
    expect(values(flowB.recs, 'length')).toEqual(flowB.recs.map((r) => r.output.length));
    expect(values(flowB.recs, 'kw-length')).toEqual(flowB.recs.map((r) => r.output.length));
    const flowA = await experiment(api, pid, QA, [len], 'Question: {{input}}');
    expect(values(flowA.recs, 'length')).toEqual(flowA.recs.map((r) => r.output.length));
    const m = await api.ok('POST', `/projects/${pid}/experiments/${flowB.eid}/metrics`, {});
    expect(m.metrics.find((x: { name: string }) => x.name === 'length').average).toBeCloseTo(mean(flowB.recs.map((r) => r.output.length)), 6);
  });

  it('a scorer_fn that raises or runs past the time limit gives error entries, not numbers, and no aggregate', async () => {
    const { api } = await testSim({ codeScorers: { callTimeoutMs: 200 } });
    const pid = await project(api);
    const raises = await codeScorer(api, 'raises', 'def scorer_fn(step_object, **kwargs) -> float:\n    raise ValueError("bad row " + step_object.input)\n');
    const loops = await codeScorer(api, 'loops', 'def scorer_fn(step_object, **kwargs) -> float:\n    while True:\n        pass\n');
    const wrongType = await codeScorer(api, 'wrong-type', 'def scorer_fn(step_object, **kwargs) -> float:\n    return "high"\n');
    const { eid, recs } = await experiment(api, pid, QA.slice(0, 1), [raises, loops, wrongType]);
    const info = recs[0]?.metric_info ?? {};
    expect(info['raises']).toMatchObject({ status_type: 'error', message: 'ValueError: bad row What is the capital of France?' });
    expect(info['loops']).toMatchObject({ status_type: 'error', message: 'TimeoutError: scorer_fn took longer than 0.2 s' });
    expect(info['wrong-type']).toMatchObject({ status_type: 'error', message: 'TypeError: scorer_fn returned str, expected float' });
    for (const e of Object.values(info)) expect(e).not.toHaveProperty('value');
    const jobs = await api.ok('GET', `/projects/${pid}/runs/${eid}/jobs`);
    expect(jobs.filter((j: { job_name: string }) => j.job_name === 'log_stream_scorer').map((j: { status: string }) => j.status)).toEqual(['completed', 'completed', 'completed']);
    expect((await api.ok('POST', `/projects/${pid}/experiments/${eid}/metrics`, {})).metrics).toEqual([]);
  });

  it('no network from the sandbox: a connection attempt fails inside scorer_fn and never arrives', async () => {
    let connections = 0;
    const server = createServer((s) => {
      connections++;
      s.destroy();
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    cleanups.push(() => new Promise<void>((r) => server.close(() => r())));
    const port = (server.address() as { port: number }).port;
    const { api } = await testSim();
    const pid = await project(api);
    const code = [
      'import socket, _socket, urllib.request',
      'def scorer_fn(step_object, **kwargs) -> str:',
      '    tries = [',
      `        lambda: socket.create_connection(("127.0.0.1", ${port}), timeout=2),`,
      `        lambda: _socket.socket().connect(("127.0.0.1", ${port})),`,
      `        lambda: urllib.request.urlopen("http://127.0.0.1:${port}/", timeout=2),`,
      '    ]',
      '    out = []',
      '    for t in tries:',
      '        try:',
      '            t()',
      '            out.append("connected")',
      '        except Exception as e:',
      '            out.append(type(getattr(e, "reason", e)).__name__)',  // urllib wraps it in URLError
      '    return ",".join(out)',
      '',
    ].join('\n');
    const net = await codeScorer(api, 'net', code, 'str');
    const { recs } = await experiment(api, pid, QA.slice(0, 1), [net]);
    expect(recs[0]?.metric_info['net']?.value).toBe('SandboxError,SandboxError,SandboxError');
    expect(connections).toBe(0);
  });

  it('without python3 a code scorer gives error entries saying so', async () => {
    const { api } = await testSim({ codeScorers: { python: null } });
    const pid = await project(api);
    const len = await codeScorer(api, 'length', 'def scorer_fn(step_object, **kwargs) -> float:\n    return 1.0\n');
    const { recs } = await experiment(api, pid, QA.slice(0, 2), [len]);
    expect(recs.map((r) => r.metric_info['length'])).toEqual([1, 2].map(() => expect.objectContaining({
      status_type: 'error', message: 'python3 is not available to the simulator: code scorers cannot run',
    })));
  });
});
