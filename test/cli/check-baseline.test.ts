import { XMLParser } from 'fast-xml-parser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator, type SimulatorHandle } from '../../src/sim/start-simulator.js';
import { writeManifest } from '../check/scored-experiment.js';
import { runCli } from '../helpers/run-cli.js';

// Issue 17 (check side): a run compared with a baseline run of the same project, through the CLI and the simulator.
// The simulator's scores depend on content (src/sim/SPEC.md, "Scores"): the sloppy template drops the question, so
// its fake answers leave out the expected number and its judge scores drop.

const KEY = 'sim-key';
const CANDIDATE = 'project.reg.experiment.v2';
const ROWS = 20;
let sim: SimulatorHandle;
const cleanups: (() => void)[] = [];

/** Two runs of one dataset: v1 (a careful template), v2 (a worse one); the caller writes v2's thresholds. */
function manifest(thresholds: string): string {
  return [
    'version: 1',
    'scorers:',
    '  quality:',
    '    type: llm',
    '    node_types: [llm]',
    '    output_type: percentage',
    '    prompt: "Rate the answer. Input: {input} Output: {output}"',
    '  grounded:',
    '    type: llm',
    '    node_types: [llm]',
    '    output_type: boolean',
    '    prompt: "Is the answer grounded? Input: {input} Output: {output}"',
    'datasets:',
    '  qa:',
    '    rows:',
    ...Array.from({ length: ROWS }, (_, i) => `      - { input: "What is ${i + 1} times 7?", output: "${(i + 1) * 7}" }`),
    'projects:',
    '  reg:',
    '    templates:',
    '      careful: { template: "Answer with the number only. Question: {{input}}", settings: { model_alias: GPT-4o mini } }',
    '      sloppy: { template: "Say something nice, in one word.", settings: { model_alias: GPT-4o mini } }',
    '    experiments:',
    '      v1:',
    '        name: prompt-v1',
    '        dataset: qa',
    '        template: careful',
    '        prompt_settings: { model_alias: GPT-4o mini }',
    '        scorers: [quality, grounded]',
    '      v2:',
    '        name: prompt-v2',
    '        dataset: qa',
    '        template: sloppy',
    '        prompt_settings: { model_alias: GPT-4o mini }',
    '        scorers: [quality, grounded]',
    ...(thresholds === '' ? [] : ['        thresholds:', thresholds]),
    '',
  ].join('\n');
}

const env = (s: SimulatorHandle = sim): Record<string, string> => ({ GALILEO_API_URL: s.url, GALILEO_API_KEY: KEY });

async function check(thresholds: string, args: string[], s: SimulatorHandle = sim): Promise<{ code: number; stdout: string; stderr: string }> {
  const m = writeManifest(manifest(thresholds));
  cleanups.push(m.cleanup);
  const res = await runCli(['check', '-f', m.file, '--experiment', CANDIDATE, ...args], { env: env(s), cwd: m.dir });
  expect(res.stdout + res.stderr).not.toContain(KEY);
  return res;
}

interface JsonMetric { scorer: string; paired_rows: number; baseline: number | null; candidate: number | null; delta: number | null; interval: [number, number] | null; regressed_rows: number; gates: { gate: string; passed: boolean; message?: string }[] }
interface JsonReport { ok: boolean; bootstrap: { seed: number; resamples: number }; comparisons: { baseline: { name: string; url: string } | null; candidate: { url: string }; paired_rows: number; metrics: JsonMetric[]; worst_rows: { input: string; baseline: { output: string }; candidate: { output: string } }[] }[] }

beforeAll(async () => {
  sim = await startSimulator({ jobStepMs: 10 });
  const m = writeManifest(manifest(''));
  cleanups.push(m.cleanup);
  const applied = await runCli(['apply', '-f', m.file, '--auto-approve', '--wait', '--timeout', '2m'], { env: env(), cwd: m.dir });
  expect(applied.code, applied.stderr).toBe(0);
});

afterAll(async () => {
  await sim?.close();
  for (const c of cleanups) c();
});

describe('galctl check --baseline against the simulator', () => {
  it('a run compared with itself: delta 0, interval [0, 0], no regressed rows; strict gates pass (exit 0)', async () => {
    const res = await check('          quality: { max_drop: 0, max_regressed_rows: 0 }\n          grounded: { max_drop: 0 }', ['--baseline', 'prompt-v2']);
    expect(res.stderr).toBe('');
    expect(res.code).toBe(0);
    // --baseline takes a run's name or an experiment's (its newest run): here the candidate's own run
    expect(res.stdout).toMatch(new RegExp(`run "prompt-v2 · ([0-9a-f]{10})" compared with baseline run "prompt-v2 · \\1" \\(${ROWS} rows paired\\)`));
    expect(res.stdout).toMatch(/quality\s+[\d.]+\s+[\d.]+\s+0\s+\[0, 0\]\s+0\s+pass/);
    expect(res.stdout).toContain('all 3 thresholds passed');
  });

  it('compared with the previous template: the bootstrap numbers are the same on two runs, and match the rows', async () => {
    const gates = '          quality: { average: ">= 0", max_drop: 1 }\n          grounded: { share_true: ">= 0", max_regressed_rows: 20 }';
    const first = await check(gates, ['--baseline', 'prompt-v1', '--format', 'json']);
    const second = await check(gates, ['--baseline', 'prompt-v1', '--format', 'json']);
    expect(first.code).toBe(0);
    expect(second.stdout).toBe(first.stdout);
    const report = JSON.parse(first.stdout) as JsonReport;
    expect(report.bootstrap).toMatchObject({ seed: 17, resamples: 2000 });
    const [c] = report.comparisons;
    expect(c?.paired_rows).toBe(ROWS);
    expect(c?.baseline?.name).toMatch(/^prompt-v1 · [0-9a-f]{10}$/);
    expect(c?.baseline?.url).toMatch(new RegExp(`^${sim.url}/project/[\\w-]+/experiments/[\\w-]+$`));
    for (const m of c?.metrics ?? []) {
      expect(m.paired_rows).toBe(ROWS);
      expect(m.delta).toBeCloseTo((m.candidate ?? Number.NaN) - (m.baseline ?? Number.NaN), 9);
      expect(m.interval?.[0]).toBeLessThanOrEqual(m.delta ?? Number.NaN);
      expect(m.interval?.[1]).toBeGreaterThanOrEqual(m.delta ?? Number.NaN);
    }
  });

  it('an unmeetable max_drop fails with exit 3; the markdown shows the comparison, the worst regressed rows and links to both runs', async () => {
    const json = JSON.parse((await check('          quality: { max_drop: -1 }', ['--baseline', 'prompt-v1', '--format', 'json'])).stdout) as JsonReport;
    const regressed = json.comparisons[0]?.metrics[0]?.regressed_rows ?? 0;
    expect(regressed).toBeGreaterThan(0); // 20 rows, two different templates: some row scores lower

    const res = await check('          quality: { max_drop: -1 }', ['--baseline', 'prompt-v1', '--format', 'markdown']);
    expect(res.code).toBe(3);
    expect(res.stdout).toContain('| Scorer | Baseline | Candidate | Δ | 95% interval | Regressed rows | Verdict |');
    expect(res.stdout).toMatch(/\| quality \| [\d.]+ \| [\d.]+ \| [-+]?[\d.]+ \| \[[-\d.]+, [-\d.]+\] \| \d+ \| ❌ FAIL max_drop \|/);
    const shown = Math.min(5, regressed);
    expect(res.stdout).toContain(`**${shown} worst regressed row${shown === 1 ? '' : 's'}**`);
    const worst = json.comparisons[0]?.worst_rows ?? [];
    expect(worst).toHaveLength(shown);
    // the texts are read for these rows only: the dataset row's input, each run's own output
    for (const w of worst) {
      expect(w.input).toMatch(/^What is \d+ times 7\?$/);
      expect(w.baseline.output).not.toBe('');
      expect(w.candidate.output).not.toBe('');
      expect(w.candidate.output).not.toBe(w.baseline.output);
    }
    expect(res.stdout).toContain('| quality |');
    expect(res.stdout).toMatch(/What is \d+ times 7\?/);
    expect(res.stdout).toContain(`(${json.comparisons[0]?.baseline?.url ?? 'x'})`);
    expect(res.stdout).toContain(`(${json.comparisons[0]?.candidate.url ?? 'x'})`);

    const junit = await check('          quality: { average: ">= 0", max_drop: -1 }\n          grounded: { max_regressed_rows: 20 }', ['--baseline', 'prompt-v1', '--format', 'junit']);
    expect(junit.code).toBe(3);
    const xml = new XMLParser({ ignoreAttributes: false }).parse(junit.stdout) as { testsuites: { testsuite: { testcase: { '@_name': string; failure?: unknown }[] } } };
    const cases = xml.testsuites.testsuite.testcase;
    expect(cases.map((t) => [t['@_name'], t.failure !== undefined])).toEqual([
      ['quality average >= 0', false],
      ['quality max_drop <= -1', true],
      ['grounded max_regressed_rows <= 20', false],
    ]);
  });

  it('the worse template fails a realistic max_drop: 0.02 gate with exit 3, and its regressed rows are shown', async () => {
    const res = await check('          quality: { max_drop: 0.02 }', ['--baseline', 'prompt-v1', '--format', 'markdown']);
    expect(res.code).toBe(3);
    expect(res.stdout).toMatch(/\| quality \| [\d.]+ \| [\d.]+ \| -[\d.]+ \| \[[-\d.]+, [-\d.]+\] \| \d+ \| ❌ FAIL max_drop \|/);
    expect(res.stdout).toContain('worst regressed row');
    // the careful template against itself passes the same gate
    const same = await check('          quality: { max_drop: 0.02 }', ['--baseline', 'prompt-v2']);
    expect(same.code).toBe(0);
  });

  it('without --baseline the relative gates pass: "no baseline yet"', async () => {
    const res = await check('          quality: { max_drop: -1, max_regressed_rows: 0 }', []);
    expect(res.code).toBe(0);
    expect(res.stdout).toMatch(/no baseline yet: run "prompt-v2 · [0-9a-f]{10}" is the first; relative gates pass/);
    expect(res.stdout).toMatch(/pass\s+quality\s+max_drop\s+-\s+<= -1/);
  });

  it('a baseline that does not exist is an error (exit 1), not a pass', async () => {
    const res = await check('          quality: { max_drop: 0.02 }', ['--baseline', 'prompt-v0']);
    expect(res.code).toBe(1);
    expect(res.stdout).toBe('');
    expect(res.stderr).toContain('baseline run "prompt-v0" not found in project "reg"');
  });

  it('a run not applied yet, or not scored yet, is an error (exit 1) naming it; no numbers are reported', async () => {
    const slow = await startSimulator({ jobStepMs: 60_000 });
    try {
      const missing = await check('          quality: { average: ">= 0" }', [], slow);
      expect(missing.code).toBe(1);
      expect(missing.stderr).toContain(CANDIDATE);
      const m = writeManifest(manifest(''));
      cleanups.push(m.cleanup);
      const applied = await runCli(['apply', '-f', m.file, '--auto-approve'], { env: env(slow), cwd: m.dir });
      expect(applied.code, applied.stderr).toBe(0);
      const unscored = await check('          quality: { average: ">= 0", max_drop: 0.02 }', ['--baseline', 'prompt-v1'], slow);
      expect(unscored.code).toBe(1);
      expect(unscored.stdout).toBe('');
      expect(unscored.stderr).toMatch(new RegExp(`error: not scored yet: ${CANDIDATE.replace(/\./g, '\\.')} \\(jobs \\d+/\\d+ done\\)`));
    } finally {
      await slow.close();
    }
  });
});
