import { writeFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator, type SimulatorHandle } from '../../src/sim/start-simulator.js';
import { writeManifest } from '../check/scored-experiment.js';
import { runCli } from '../helpers/run-cli.js';

// Issue 17, check side, through the CLI and the simulator: check judges the run of the manifest's current inputs
// (never an earlier one) and compares it with the experiment's previous run. The simulator's judges score content
// (src/sim/SPEC.md "Scores"): a template that drops the question, or pre-generated outputs that miss the expected
// answer, score lower.

const KEY = 'sim-key';
const PROMPTED = 'project.gate.experiment.prompted';
const PREGEN = 'project.gate.experiment.pregen';
const ROWS = 12;
const GOOD_TEMPLATE = 'Answer with the number only. Question: {{input}}';
const BAD_TEMPLATE = 'Say something nice, in one word.';

interface Parts {
  template: string;
  /** pre-generated output of row i */
  generated: (i: number) => string;
  keepRuns?: number;
}

const GOOD: Parts = { template: GOOD_TEMPLATE, generated: (i) => `${(i + 1) * 7}` };

function manifest(p: Parts): string {
  return [
    'version: 1',
    'stack: gate-test',
    'scorers:',
    '  quality:',
    '    type: llm',
    '    node_types: [llm]',
    '    output_type: percentage',
    '    prompt: "Rate the answer. Input: {input} Output: {output}"',
    'datasets:',
    '  qa:',
    '    rows:',
    ...Array.from({ length: ROWS }, (_, i) => `      - { input: "What is ${i + 1} times 7?", output: "${(i + 1) * 7}" }`),
    '  answered:',
    '    rows:',
    ...Array.from({ length: ROWS }, (_, i) => `      - { input: "What is ${i + 1} times 7?", output: "${(i + 1) * 7}", generated_output: "${p.generated(i)}" }`),
    'projects:',
    '  gate:',
    '    templates:',
    `      answer: { template: "${p.template}", settings: { model_alias: GPT-4o mini } }`,
    '    experiments:',
    '      prompted:',
    '        dataset: qa',
    '        template: answer',
    '        scorers: [quality]',
    ...(p.keepRuns === undefined ? [] : [`        keep_runs: ${p.keepRuns}`]),
    '        thresholds:',
    '          quality: { max_drop: 0.02 }',
    '      pregen:',
    '        dataset: answered',
    '        scorers: [quality]',
    '        thresholds:',
    '          quality: { max_drop: 0.02 }',
    '',
  ].join('\n');
}

let sim: SimulatorHandle;
let dir: string;
let file: string;
const cleanups: (() => void)[] = [];
const SHA_GOOD = '1111111aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa';
const SHA_BAD = '2222222bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb';

async function cli(args: string[], env: Record<string, string> = {}): Promise<{ code: number; stdout: string; stderr: string }> {
  const res = await runCli(args, { env: { GALILEO_API_URL: sim.url, GALILEO_API_KEY: KEY, ...env }, cwd: dir });
  expect(res.stdout + res.stderr).not.toContain(KEY);
  return res;
}

const github = (sha: string): Record<string, string> => ({ GITHUB_ACTIONS: 'true', GITHUB_SHA: sha, GITHUB_REF: 'refs/heads/main', GITHUB_REF_NAME: 'main', GITHUB_REF_TYPE: 'branch' });

async function apply(p: Parts, sha: string): Promise<void> {
  writeFileSync(file, manifest(p));
  const res = await cli(['apply', '-f', file, '--auto-approve', '--wait', '--timeout', '2m'], github(sha));
  expect(res.code, res.stderr).toBe(0);
}

async function experimentNames(): Promise<string[]> {
  const headers = { 'Galileo-API-Key': KEY, 'content-type': 'application/json' };
  const projects = (await (await fetch(`${sim.url}/projects/all`, { headers })).json()) as { id: string; name: string }[];
  const project = projects.find((p) => p.name === 'gate')!;
  const res = await fetch(`${sim.url}/projects/${project.id}/experiments/search`, { method: 'POST', headers, body: '{}' });
  return ((await res.json()) as { experiments: { name: string }[] }).experiments.map((e) => e.name).sort();
}

beforeAll(async () => {
  sim = await startSimulator({ jobStepMs: 5 });
  const m = writeManifest('');
  cleanups.push(m.cleanup);
  dir = m.dir;
  file = m.file;
  await apply(GOOD, SHA_GOOD);
});

afterAll(async () => {
  await sim?.close();
  for (const c of cleanups) c();
});

describe('check judges the current run against the previous one', () => {
  it('the first run has no baseline yet: the relative gates pass', async () => {
    const res = await cli(['check', '-f', file]);
    expect(res.code, res.stdout + res.stderr).toBe(0);
    expect(res.stdout).toMatch(/no baseline yet: run "prompted · [0-9a-f]{10}" is the first/);
  });

  it('a stale run is never reported as current: edited inputs without an apply are an error (exit 1)', async () => {
    writeFileSync(file, manifest({ ...GOOD, template: BAD_TEMPLATE }));
    const res = await cli(['check', '-f', file, '--experiment', PROMPTED]);
    expect(res.code).toBe(1);
    expect(res.stderr).toContain(`error: no run for the current inputs of ${PROMPTED}: run galctl apply`);
    expect(res.stdout).not.toMatch(/\bpass\b/);
  });

  it('a worse template and worse pre-generated outputs each fail max_drop with exit 3, showing the regressed rows', async () => {
    await apply({ template: BAD_TEMPLATE, generated: (i) => (i % 2 === 0 ? 'I do not know.' : `${(i + 1) * 7}`) }, SHA_BAD);
    const names = await experimentNames();
    expect(names.filter((n) => n.startsWith('prompted · '))).toHaveLength(2);
    expect(names.filter((n) => n.startsWith('pregen · '))).toHaveLength(2);
    for (const address of [PROMPTED, PREGEN]) {
      const res = await cli(['check', '-f', file, '--experiment', address, '--format', 'markdown']);
      expect(res.code, `${address}: ${res.stdout}${res.stderr}`).toBe(3);
      expect(res.stdout).toMatch(/\| quality \| [\d.]+ \| [\d.]+ \| -[\d.]+ \| \[[-\d.]+, [-\d.]+\] \| \d+ \| ❌ FAIL max_drop \|/);
      expect(res.stdout).toContain('worst regressed row');
      expect(res.stdout).toMatch(/What is \d+ times 7\?/);
    }
  });

  it('the bootstrap numbers are the same on two runs of check', async () => {
    const first = await cli(['check', '-f', file, '--format', 'json']);
    const second = await cli(['check', '-f', file, '--format', 'json']);
    expect(first.code).toBe(3);
    expect(second.stdout).toBe(first.stdout);
    const report = JSON.parse(first.stdout) as { comparisons: { baseline: { name: string } | null; candidate: { name?: string } }[] };
    // compared with the previous run of the same experiment
    expect(report.comparisons.map((c) => c.baseline?.name)).toEqual([expect.stringMatching(/^prompted · /), expect.stringMatching(/^pregen · /)]);
  });

  it('--baseline-ref picks the run made at a commit; the current run against itself passes', async () => {
    const previous = await cli(['check', '-f', file, '--experiment', PROMPTED, '--baseline-ref', SHA_GOOD.slice(0, 7)]);
    expect(previous.code).toBe(3);
    const itself = await cli(['check', '-f', file, '--experiment', PROMPTED, '--baseline-ref', SHA_BAD.slice(0, 10)]);
    expect(itself.code, itself.stdout + itself.stderr).toBe(0);
    const none = await cli(['check', '-f', file, '--experiment', PROMPTED, '--baseline-ref', 'deadbeef']);
    expect(none.code).toBe(1);
    expect(none.stderr).toContain(`no run of ${PROMPTED} was made at commit deadbeef`);
    const short = await cli(['check', '-f', file, '--baseline-ref', 'abc']);
    expect(short.code).toBe(1);
    expect(short.stderr).toContain('--baseline-ref "abc" is not a commit');
  });

  it('keep_runs: 1 deletes the older runs with the new one, without --prune', async () => {
    writeFileSync(file, manifest({ template: 'Answer with just the number. Question: {{input}}', generated: (i) => (i % 2 === 0 ? 'I do not know.' : `${(i + 1) * 7}`), keepRuns: 1 }));
    const plan = await cli(['plan', '-f', file, '--no-color']);
    expect(plan.stdout).toMatch(/project\.gate\.experiment\.prompted {2}new run/);
    expect(plan.stdout.match(/- project\.gate\.experiment\.prompted\.run\.[0-9a-f]{10} {2}delete\n {6}# an older run beyond keep_runs: 1/g)).toHaveLength(2);
    const res = await cli(['apply', '-f', file, '--auto-approve']);
    expect(res.code, res.stderr).toBe(0);
    expect((await experimentNames()).filter((n) => n.startsWith('prompted · '))).toHaveLength(1);
    expect((await cli(['plan', '-f', file, '--detailed-exitcode'])).code).toBe(0);
  });
});
