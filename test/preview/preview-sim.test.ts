import { execFileSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator, type SimulatorHandle } from '../../src/sim/start-simulator.js';
import { writeManifest } from '../check/scored-experiment.js';
import { runCli, type CliResult } from '../helpers/run-cli.js';

// Issue 18: `galctl preview` through the CLI against the simulator. Main applies a manifest; a pull request's
// manifest (a worse template, a changed scorer prompt) is previewed under an id; /__sim/state is the audit of what
// the preview made, what it left alone, and what --destroy removed.

const KEY = 'sim-key';
const CAREFUL = 'Answer with the number only. Question: {{input}}';
const SLOPPY = 'Say something nice, in one word.';
const PROMPT = 'Rate the answer. Input: {input} Output: {output}';

function manifest(opts: { template?: string; prompt?: string; rows?: number } = {}): string {
  const rows = opts.rows ?? 6;
  return [
    'version: 1',
    'stack: demo',
    'scorers:',
    '  quality:',
    '    type: llm',
    '    node_types: [llm]',
    '    output_type: percentage',
    '    judges: 1',
    `    prompt: "${opts.prompt ?? PROMPT}"`,
    'datasets:',
    '  qa:',
    '    rows:',
    ...Array.from({ length: rows }, (_, i) => `      - { input: "What is ${i + 1} times 7?", output: "${(i + 1) * 7}" }`),
    'projects:',
    '  reg:',
    '    templates:',
    `      careful: { template: "${opts.template ?? CAREFUL}", settings: { model_alias: GPT-4o mini } }`,
    '    log_streams:',
    '      production:',
    '        scorers: [quality]',
    '    experiments:',
    '      v1:',
    '        dataset: qa',
    '        template: careful',
    '        prompt_settings: { model_alias: GPT-4o mini }',
    '        scorers: [quality]',
    '        thresholds:',
    '          quality: { max_drop: 0.05 }',
    '',
  ].join('\n');
}

interface State {
  projects: { id: string; name: string }[];
  scorers: { id: string; name: string; versions: unknown[]; default_version_id?: string }[];
  datasets: { id: string; name: string; versions: unknown[] }[];
  templates: { id: string; name: string; versions: { version: number; template: unknown }[]; selected_version: number }[];
  runs: { id: string; name: string; kind: string; scorers?: unknown; tags?: { key: string; value: string }[] }[];
}

let sim: SimulatorHandle;
const cleanups: (() => void)[] = [];
const env = (): Record<string, string> => ({ GALILEO_API_URL: sim.url, GALILEO_API_KEY: KEY });

async function state(): Promise<State> {
  return (await (await fetch(`${sim.url}/__sim/state?kinds=projects,scorers,datasets,templates,runs`)).json()) as State;
}

/** What a preview may create or delete, by id (the inventory dataset's own versions aside). */
function objectIds(s: State): string[] {
  return [...s.projects, ...s.scorers, ...s.datasets, ...s.templates, ...s.runs].map((o) => `${o.name}#${o.id}`).sort();
}

async function cli(text: string, args: string[]): Promise<CliResult> {
  const m = writeManifest(text);
  cleanups.push(m.cleanup);
  const res = await runCli([...args, '-f', m.file], { env: env(), cwd: m.dir });
  expect(res.stdout + res.stderr).not.toContain(KEY);
  return res;
}

const preview = (text: string, ...args: string[]): Promise<CliResult> => cli(text, ['preview', '--wait', '--timeout', '2m', ...args]);

beforeAll(async () => {
  sim = await startSimulator({ jobStepMs: 10, metricsLagMs: 10 });
  const applied = await cli(manifest(), ['apply', '--auto-approve', '--wait', '--timeout', '2m']);
  expect(applied.code, applied.stderr).toBe(0);
});

afterAll(async () => {
  for (const c of cleanups) c();
  await sim.close();
});

describe('galctl preview', () => {
  it('refuses an oversized preview before any write', async () => {
    const before = JSON.stringify(await state());
    const res = await preview(manifest({ template: SLOPPY }), '--id', 'pr-9', '--commit', 'abcdef1', '--max-judge-calls', '5');
    expect(res.code, res.stdout).toBe(1);
    expect(res.stderr).toContain('more than --max-judge-calls 5');
    expect(res.stderr).toContain('6 judge calls over 6 rows');
    expect(JSON.stringify(await state())).toBe(before);
  });

  it('previews a template edit as one unselected version and one run, reports it against main, fails the gate', async () => {
    const before = await state();
    const mainTemplate = before.templates.find((t) => t.name === 'careful')!;
    const mainRun = before.runs.find((r) => r.kind === 'experiment')!;
    const res = await preview(manifest({ template: SLOPPY }), '--id', 'pr-7', '--commit', 'abcdef1', '--format', 'json');
    expect(res.code, res.stderr).toBe(3);
    const report = JSON.parse(res.stdout) as { preview: { id: string; experiments: string[] }; ok: boolean; comparisons: { baseline: { name: string } | null; metrics: { delta: number | null }[] }[] };
    expect(report.preview).toMatchObject({ id: 'pr-7', experiments: ['project.reg.experiment.v1'] });
    expect(report.ok).toBe(false);
    expect(report.comparisons[0]!.baseline!.name).toBe(mainRun.name);
    expect(report.comparisons[0]!.metrics[0]!.delta).toBeLessThan(0);

    const after = await state();
    const newRuns = after.runs.filter((r) => !before.runs.some((b) => b.id === r.id));
    expect(newRuns.map((r) => r.name)).toEqual([expect.stringMatching(/^v1 \[preview pr-7 abcdef1\] · [0-9a-f]{10}$/)]);
    expect(newRuns[0]!.tags).toEqual(expect.arrayContaining([expect.objectContaining({ key: 'galctl:preview', value: 'pr-7' }), expect.objectContaining({ key: 'galctl:commit', value: 'abcdef1' })]));
    // main's template: same selected version, its versions byte for byte; the preview's version is an extra one
    const template = after.templates.find((t) => t.id === mainTemplate.id)!;
    expect(template.selected_version).toBe(mainTemplate.selected_version);
    expect(JSON.stringify(template.versions.slice(0, mainTemplate.versions.length))).toBe(JSON.stringify(mainTemplate.versions));
    expect(template.versions.length).toBe(mainTemplate.versions.length + 1);
    // nothing else was created: no copy of the unchanged scorer and dataset
    expect(after.scorers.length).toBe(before.scorers.length);
    expect(after.datasets.map((d) => d.id).sort()).toEqual(before.datasets.map((d) => d.id).sort());
  });

  it('re-running with the same id and commit creates nothing new', async () => {
    const before = await state();
    const res = await preview(manifest({ template: SLOPPY }), '--id', 'pr-7', '--commit', 'abcdef1');
    expect(res.code, res.stderr).toBe(3);
    const after = await state();
    expect(objectIds(after)).toEqual(objectIds(before));
    expect(after.templates.map((t) => t.versions.length)).toEqual(before.templates.map((t) => t.versions.length));
  });

  it('prints one sticky comment in markdown, the plan then the results', async () => {
    const res = await preview(manifest({ template: SLOPPY }), '--id', 'pr-7', '--commit', 'abcdef1', '--format', 'markdown');
    expect(res.code, res.stderr).toBe(3);
    const lines = res.stdout.split('\n');
    expect(lines[0]).toBe('<!-- galctl-preview -->');
    const plan = res.stdout.indexOf('### What will change on merge');
    const results = res.stdout.indexOf('### How the changed experiments scored against main');
    expect(plan).toBeGreaterThan(0);
    expect(results).toBeGreaterThan(plan);
    expect(res.stdout.slice(plan, results)).toContain('project.reg.template.careful');
    expect(res.stdout.slice(results)).toContain('max_drop');
  });

  it('previews a scorer prompt edit with a scorer copy; the log stream and main scorer are untouched', async () => {
    const before = await state();
    const mainScorer = before.scorers.find((s) => s.name === 'quality')!;
    const stream = before.runs.find((r) => r.kind === 'log_stream')!;
    const res = await preview(manifest({ prompt: 'Judge strictly. Input: {input} Output: {output}' }), '--id', 'pr-8', '--commit', '1234567', '--format', 'json');
    expect([0, 3], res.stderr).toContain(res.code);
    // the copy's scores pair with main's scorer's scores in main's run
    const metric = (JSON.parse(res.stdout) as { comparisons: { metrics: { baseline: number | null; candidate: number | null; paired_rows: number }[] }[] }).comparisons[0]!.metrics[0]!;
    expect(metric.baseline).not.toBeNull();
    expect(metric.candidate).not.toBeNull();
    expect(metric.paired_rows).toBe(6);
    const after = await state();
    expect(after.scorers.find((s) => s.id === mainScorer.id)).toEqual(mainScorer);
    expect(after.runs.find((r) => r.id === stream.id)).toEqual(stream);
    const copy = after.scorers.find((s) => s.name === 'quality [preview pr-8]');
    expect(copy).toBeDefined();
    const run = after.runs.find((r) => r.name.startsWith('v1 [preview pr-8 1234567]'))!;
    expect(JSON.stringify(run.scorers)).toContain(copy!.id);
    expect(JSON.stringify(run.scorers)).not.toContain(mainScorer.id);
  });

  it('lists old previews as leftovers in plan, and --destroy removes exactly what the preview made', async () => {
    await new Promise((resolve) => setTimeout(resolve, 1100));
    const plan = await cli(manifest(), ['plan', '--format', 'json', '--preview-max-age', '1s']);
    expect(plan.code, plan.stderr).toBe(0);
    const leftovers = (JSON.parse(plan.stdout) as { preview_leftovers?: { id: string; command: string }[] }).preview_leftovers ?? [];
    expect(leftovers.map((l) => l.id)).toEqual(['pr-7', 'pr-8']);
    expect(leftovers[0]!.command).toContain('galctl preview --destroy --id pr-7');
    const fresh = await cli(manifest(), ['plan', '--format', 'json']);
    expect(JSON.parse(fresh.stdout)).not.toHaveProperty('preview_leftovers');

    const before = await state();
    const made = before.runs.filter((r) => r.name.includes('[preview pr-8')).map((r) => r.id);
    const copy = before.scorers.find((s) => s.name === 'quality [preview pr-8]')!;
    const res = await cli(manifest(), ['preview', '--destroy', '--id', 'pr-8']);
    expect(res.code, res.stderr).toBe(0);
    expect(res.stdout).toContain('deleted 2 of 2 objects');
    const after = await state();
    const gone = objectIds(before).filter((o) => !objectIds(after).includes(o));
    expect(gone.sort()).toEqual([...made.map((id) => `${before.runs.find((r) => r.id === id)!.name}#${id}`), `${copy.name}#${copy.id}`].sort());
    expect(objectIds(after).filter((o) => !objectIds(before).includes(o))).toEqual([]);
    // pr-7's preview is another preview: still there
    expect(after.runs.some((r) => r.name.includes('[preview pr-7'))).toBe(true);
  });

  it('previews the checkout\'s commit by default, and asks for --commit outside a git checkout', async () => {
    const m = writeManifest(manifest());
    cleanups.push(m.cleanup);
    const git = (...args: string[]): void => void execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.com', ...args], { cwd: m.dir, stdio: 'ignore' });
    const outside = await runCli(['preview', '--id', 'pr-2', '-f', m.file, '--format', 'markdown'], { env: env(), cwd: m.dir });
    expect(outside.code).toBe(1);
    expect(outside.stderr).toContain('pass --commit SHA');
    git('init', '-q');
    git('commit', '-q', '--allow-empty', '-m', 'x');
    const head = execFileSync('git', ['rev-parse', 'HEAD'], { cwd: m.dir, encoding: 'utf8' }).trim();
    const res = await runCli(['preview', '--id', 'pr-2', '-f', m.file, '--format', 'markdown'], { env: env(), cwd: m.dir });
    expect(res.code, res.stderr).toBe(0);
    expect(res.stdout.split('\n')[1]).toBe(`## galctl preview \`pr-2\` at \`${head.slice(0, 12)}\``);
  });

  it('says nothing to preview when no experiment changed, and refuses a bad id', async () => {
    const none = await preview(manifest(), '--id', 'pr-1', '--commit', 'abcdef1', '--format', 'markdown');
    expect(none.code, none.stderr).toBe(0);
    expect(none.stdout).toContain('nothing to preview');
    const bad = await preview(manifest(), '--id', 'PR_7', '--commit', 'abcdef1');
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('--id "PR_7" is not a preview id');
    const mixed = await cli(manifest(), ['preview', '--destroy', '--id', 'pr-1', '--wait']);
    expect(mixed.code).toBe(1);
    expect(mixed.stderr).toContain('--destroy takes no --wait');
  });
});
