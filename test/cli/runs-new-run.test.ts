import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator, type SimulatorHandle } from '../../src/sim/start-simulator.js';
import { writeManifest } from '../check/scored-experiment.js';
import { runCli, spawnCli } from '../helpers/run-cli.js';
import { spawnAndSignal } from '../helpers/signal-on-output.js';

// Issue 17 through the CLI and the simulator: an experiment whose inputs change gets a new run (a new Galileo
// experiment named `<name> · <fingerprint>`); the earlier runs stay; plan says why and what it costs.

const KEY = 'sim-key';
const EXP = 'project.runs.experiment.answers';
const TRACED = 'project.runs.experiment.traced';

interface Parts {
  prompt: string;
  template: string;
  rows: string[];
  traces: string[];
  keepRuns?: number;
}

const BASE: Parts = {
  prompt: 'Is the answer helpful? Input: {input} Output: {output}',
  template: 'Answer with the number only. Question: {{input}}',
  rows: ['1', '2', '3', '4'].map((n) => `      - { input: "What is ${n} times 7?", output: "${Number(n) * 7}" }`),
  traces: ['{"input":"hi","output":"hello there"}', '{"input":"bye","output":"goodbye now"}'],
};

function manifest(p: Parts): string {
  return [
    'version: 1',
    'stack: runs-test',
    'scorers:',
    '  helpfulness:',
    '    type: llm',
    '    node_types: [llm]',
    '    output_type: percentage',
    `    prompt: "${p.prompt}"`,
    'datasets:',
    '  refund-questions:',
    '    rows:',
    ...p.rows,
    'projects:',
    '  runs:',
    '    templates:',
    `      support-answer: { template: "${p.template}", settings: { model_alias: GPT-4o mini } }`,
    '    experiments:',
    '      answers:',
    '        dataset: refund-questions',
    '        template: support-answer',
    '        scorers: [helpfulness, preset:correctness]',
    ...(p.keepRuns === undefined ? [] : [`        keep_runs: ${p.keepRuns}`]),
    '      traced:',
    '        traces: traces.jsonl',
    '        scorers: [helpfulness]',
    '',
  ].join('\n');
}

let sim: SimulatorHandle;
let dir: string;
let file: string;
const cleanups: (() => void)[] = [];
const env = (): Record<string, string> => ({ GALILEO_API_URL: sim.url, GALILEO_API_KEY: KEY });

function write(p: Parts): void {
  writeFileSync(file, manifest(p));
  writeFileSync(path.join(dir, 'traces.jsonl'), `${p.traces.join('\n')}\n`);
}

async function cli(args: string[], extraEnv: Record<string, string> = {}): Promise<{ code: number; stdout: string; stderr: string }> {
  const res = await runCli(args, { env: { ...env(), ...extraEnv }, cwd: dir });
  expect(res.stdout + res.stderr).not.toContain(KEY);
  return res;
}

interface JsonChange { address: string; action: string; name: string; reason?: string; run?: { experiment: string; fingerprint: string; reasons: string[]; estimate: { rows: number; judge_calls: number; generation_calls: number } } }

async function planJson(): Promise<JsonChange[]> {
  const res = await cli(['plan', '-f', file, '--format', 'json']);
  expect(res.code, res.stderr).toBe(0);
  return (JSON.parse(res.stdout) as { changes: JsonChange[] }).changes;
}

/** The experiments of project `runs` in the simulator, by name. */
async function runNames(): Promise<string[]> {
  const projects = (await (await fetch(`${sim.url}/projects/all`, { headers: { 'Galileo-API-Key': KEY } })).json()) as { id: string; name: string }[];
  const project = projects.find((p) => p.name === 'runs')!;
  const res = await fetch(`${sim.url}/projects/${project.id}/experiments/search`, { method: 'POST', headers: { 'Galileo-API-Key': KEY, 'content-type': 'application/json' }, body: '{}' });
  return ((await res.json()) as { experiments: { name: string }[] }).experiments.map((e) => e.name).sort();
}

async function tagsOf(name: string): Promise<Record<string, string>> {
  const projects = (await (await fetch(`${sim.url}/projects/all`, { headers: { 'Galileo-API-Key': KEY } })).json()) as { id: string; name: string }[];
  const project = projects.find((p) => p.name === 'runs')!;
  const res = await fetch(`${sim.url}/projects/${project.id}/experiments/search`, { method: 'POST', headers: { 'Galileo-API-Key': KEY, 'content-type': 'application/json' }, body: '{}' });
  const run = ((await res.json()) as { experiments: { id: string; name: string }[] }).experiments.find((e) => e.name === name)!;
  const tags = (await (await fetch(`${sim.url}/projects/${project.id}/experiments/${run.id}/tags`, { headers: { 'Galileo-API-Key': KEY } })).json()) as { key: string; value: string }[];
  return Object.fromEntries(tags.map((t) => [t.key, t.value]));
}

beforeAll(async () => {
  sim = await startSimulator({ jobStepMs: 5 });
  const m = writeManifest('');
  cleanups.push(m.cleanup);
  dir = m.dir;
  file = m.file;
  write(BASE);
  const applied = await cli(['apply', '-f', file, '--auto-approve', '--wait', '--timeout', '2m']);
  expect(applied.code, applied.stderr).toBe(0);
});

afterAll(async () => {
  await sim?.close();
  for (const c of cleanups) c();
});

describe('experiment runs keyed by their inputs', () => {
  it('each input edit plans a new run with its reason and a call estimate; nothing is replaced', async () => {
    const cases: [string, Parts, string, string][] = [
      ['template', { ...BASE, template: 'Say something nice, in one word.' }, EXP, 'template support-answer changed'],
      [
        'dataset',
        { ...BASE, rows: [...BASE.rows.slice(0, 3), '      - { input: "What is 4 times 7?", output: "twenty-eight" }', ...['5', '6', '7'].map((n) => `      - { input: "What is ${n} times 7?", output: "${Number(n) * 7}" }`)] },
        EXP,
        'dataset refund-questions +3 −0 ~1 rows',
      ],
      ['scorer prompt', { ...BASE, prompt: 'Is the answer helpful and polite? Input: {input} Output: {output}' }, EXP, 'scorer helpfulness prompt changed'],
      ['trace file', { ...BASE, traces: [...BASE.traces, '{"input":"why","output":"because"}'] }, TRACED, 'trace file traces.jsonl changed'],
    ];
    for (const [what, parts, address, reason] of cases) {
      write(parts);
      const changes = await planJson();
      const run = changes.find((c) => c.address === address);
      expect(run?.action, what).toBe('create');
      expect(run?.run?.reasons, what).toEqual([reason]);
      expect(run?.name, what).toMatch(/ · [0-9a-f]{10}$/);
      expect(changes.filter((c) => c.action === 'replace' || c.action === 'delete'), what).toEqual([]);
      const text = await cli(['plan', '-f', file, '--no-color']);
      expect(text.stdout, what).toContain(`${address}  new run`);
      expect(text.stdout, what).toContain(`# new run: ${reason}`);
      const markdown = await cli(['plan', '-f', file, '--format', 'markdown']);
      expect(markdown.stdout, what).toContain(`${address}</code> new run`);
    }
    // the estimate: rows × judges per LLM scorer (helpfulness 3, correctness 3) + one generation per row
    write(cases[1]![1]);
    const estimate = (await planJson()).find((c) => c.address === EXP)?.run?.estimate;
    expect(estimate).toEqual({ rows: 7, judge_calls: 42, generation_calls: 7 });
    // the trace experiment: one judge scorer over three traces, no generation
    write(cases[3]![1]);
    expect((await planJson()).find((c) => c.address === TRACED)?.run?.estimate).toEqual({ rows: 3, judge_calls: 9, generation_calls: 0 });
    write(BASE);
    const last = await cli(['plan', '-f', file, '--detailed-exitcode', '--no-color']);
    expect(last.code, last.stdout).toBe(0);
  });

  it('apply creates exactly one new run, tagged; the earlier run stays; a re-apply creates none', async () => {
    const before = await runNames();
    expect(before.filter((n) => n.startsWith('answers · '))).toHaveLength(1);
    write({ ...BASE, template: 'Say something nice, in one word.' });
    const env = { GITHUB_ACTIONS: 'true', GITHUB_SHA: 'abcdef1234567890abcdef1234567890abcdef12', GITHUB_REF: 'refs/heads/main', GITHUB_REF_NAME: 'main', GITHUB_REF_TYPE: 'branch' };
    const applied = await cli(['apply', '-f', file, '--auto-approve', '--wait', '--timeout', '2m'], env);
    expect(applied.code, applied.stderr).toBe(0);
    const after = await runNames();
    const fresh = after.filter((n) => !before.includes(n));
    expect(fresh).toHaveLength(1);
    expect(fresh[0]).toMatch(/^answers · [0-9a-f]{10}$/);
    expect(after).toEqual(expect.arrayContaining(before));
    const tags = await tagsOf(fresh[0]!);
    expect(tags).toMatchObject({ 'galctl:manifest_key': EXP, 'galctl:fingerprint': fresh[0]!.slice(-10), 'galctl:commit': env.GITHUB_SHA, 'galctl:branch': 'main', 'galctl:ci': 'github' });
    expect(tags['galctl:inputs']).toBeDefined();
    const again = await cli(['apply', '-f', file, '--auto-approve']);
    expect(again.code, again.stderr).toBe(0);
    expect(await runNames()).toEqual(after);
    expect((await cli(['plan', '-f', file, '--detailed-exitcode'])).code).toBe(0);
  });

  it('an apply killed right after the new run is created, then resumed, creates no second run', async () => {
    const before = await runNames();
    write({ ...BASE, prompt: 'Is the answer short and helpful? Input: {input} Output: {output}' });
    const killed = await spawnAndSignal(['apply', '-f', file, '--auto-approve'], { env: env(), cwd: dir, signal: 'SIGKILL', when: /^created project\.runs\.experiment\.answers /m });
    expect(killed.sent).toBe(true);
    expect(killed.stderr).not.toMatch(/internal error/);
    const resumed = await spawnCli(['apply', '-f', file, '--auto-approve'], { env: env(), cwd: dir });
    expect(resumed.stderr).toBe('');
    expect(resumed.code).toBe(0);
    const fresh = (await runNames()).filter((n) => !before.includes(n));
    // one new run per experiment whose inputs changed (both use the scorer), never two of either
    expect(fresh.filter((n) => n.startsWith('answers · '))).toHaveLength(1);
    expect(fresh.filter((n) => n.startsWith('traced · '))).toHaveLength(1);
    expect(fresh).toHaveLength(2);
    expect(Object.keys(await tagsOf(fresh.find((n) => n.startsWith('answers · '))!))).toEqual(expect.arrayContaining(['galctl:manifest_key', 'galctl:fingerprint', 'galctl:inputs']));
    expect((await cli(['plan', '-f', file, '--detailed-exitcode'])).code).toBe(0);
  });

  it('a run left untagged (an apply cut off after the create) is tagged by the next apply', async () => {
    const headers = { 'Galileo-API-Key': KEY, 'content-type': 'application/json' };
    const projects = (await (await fetch(`${sim.url}/projects/all`, { headers })).json()) as { id: string; name: string }[];
    const project = projects.find((p) => p.name === 'runs')!;
    const changes = await planJson();
    expect(changes.filter((c) => c.action !== 'no-op')).toEqual([]);
    const runs = ((await (await fetch(`${sim.url}/projects/${project.id}/experiments/search`, { method: 'POST', headers, body: '{}' })).json()) as { experiments: { id: string; name: string; created_at: string }[] }).experiments;
    const current = runs.filter((r) => r.name.startsWith('answers · ')).sort((a, b) => (a.created_at < b.created_at ? 1 : -1))[0]!;
    const tags = (await (await fetch(`${sim.url}/projects/${project.id}/experiments/${current.id}/tags`, { headers })).json()) as { id: string }[];
    for (const t of tags) await fetch(`${sim.url}/projects/${project.id}/experiments/${current.id}/tags/${t.id}`, { method: 'DELETE', headers });
    const plan = (await planJson()).filter((c) => c.action !== 'no-op');
    expect(plan.map((c) => `${c.action} ${c.address}`)).toEqual([`update ${EXP}`]);
    expect((await cli(['apply', '-f', file, '--auto-approve'])).code).toBe(0);
    expect(Object.keys(await tagsOf(current.name))).toEqual(expect.arrayContaining(['galctl:manifest_key', 'galctl:fingerprint', 'galctl:inputs']));
    expect((await cli(['plan', '-f', file, '--detailed-exitcode'])).code).toBe(0);
  });
});
