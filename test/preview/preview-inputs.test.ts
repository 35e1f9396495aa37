import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator, type SimulatorHandle } from '../../src/sim/start-simulator.js';
import { writeManifest } from '../check/scored-experiment.js';
import { runCli, type CliResult } from '../helpers/run-cli.js';

// Issue 18: a dataset edit previews with a dataset copy (main's dataset keeps its versions), and a new commit of the
// same pull request makes a new run, through the CLI against the simulator.

const KEY = 'sim-key';

function manifest(extraRow: boolean): string {
  return [
    'version: 1',
    'stack: data',
    'scorers:',
    '  quality: { type: llm, node_types: [llm], output_type: percentage, judges: 1, prompt: "Rate it. Input: {input} Output: {output}" }',
    'datasets:',
    '  qa:',
    '    rows:',
    '      - { input: "What is 1 times 7?", output: "7" }',
    '      - { input: "What is 2 times 7?", output: "14" }',
    ...(extraRow ? ['      - { input: "What is 3 times 7?", output: "21" }'] : []),
    'projects:',
    '  ds:',
    '    templates:',
    '      careful: { template: "Answer with the number only. Question: {{input}}", settings: { model_alias: GPT-4o mini } }',
    '    experiments:',
    '      e:',
    '        dataset: qa',
    '        template: careful',
    '        prompt_settings: { model_alias: GPT-4o mini }',
    '        scorers: [quality]',
    '        thresholds: { quality: { average: ">= 0" } }',
    '',
  ].join('\n');
}

interface State {
  datasets: { id: string; name: string; versions: unknown[] }[];
  runs: { id: string; name: string; dataset?: { dataset_id?: string } | null }[];
}

let sim: SimulatorHandle;
const cleanups: (() => void)[] = [];

async function state(): Promise<State> {
  return (await (await fetch(`${sim.url}/__sim/state?kinds=datasets,runs`)).json()) as State;
}

async function cli(text: string, args: string[]): Promise<CliResult> {
  const m = writeManifest(text);
  cleanups.push(m.cleanup);
  const res = await runCli([...args, '-f', m.file], { env: { GALILEO_API_URL: sim.url, GALILEO_API_KEY: KEY }, cwd: m.dir });
  expect(res.stdout + res.stderr).not.toContain(KEY);
  return res;
}

beforeAll(async () => {
  sim = await startSimulator({ jobStepMs: 10, metricsLagMs: 10 });
  const applied = await cli(manifest(false), ['apply', '--auto-approve', '--wait', '--timeout', '2m']);
  expect(applied.code, applied.stderr).toBe(0);
});

afterAll(async () => {
  for (const c of cleanups) c();
  await sim.close();
});

describe('galctl preview of a dataset edit', () => {
  it("runs on a copy of the dataset; main's dataset keeps its versions", async () => {
    const before = await state();
    const main = before.datasets.find((d) => d.name === 'qa')!;
    const res = await cli(manifest(true), ['preview', '--id', 'pr-10', '--commit', 'aaaaaaa', '--wait', '--timeout', '2m']);
    expect(res.code, res.stderr).toBe(0);
    const after = await state();
    expect(after.datasets.find((d) => d.id === main.id)).toEqual(main);
    const copy = after.datasets.find((d) => d.name === 'qa [preview pr-10]')!;
    expect(copy).toBeDefined();
    const run = after.runs.find((r) => r.name.startsWith('e [preview pr-10 aaaaaaa]'))!;
    expect(run.dataset?.dataset_id).toBe(copy.id);
  });

  it('makes a new run for a new commit, and adopts the copy', async () => {
    const before = await state();
    const res = await cli(manifest(true), ['preview', '--id', 'pr-10', '--commit', 'bbbbbbb', '--wait', '--timeout', '2m']);
    expect(res.code, res.stderr).toBe(0);
    const after = await state();
    expect(after.runs.filter((r) => !before.runs.some((b) => b.id === r.id)).map((r) => r.name)).toEqual([expect.stringMatching(/^e \[preview pr-10 bbbbbbb\] · /)]);
    expect(after.datasets.map((d) => d.id).sort()).toEqual(before.datasets.map((d) => d.id).sort());
  });

  it("is left out of an export: the preview's copies and runs are not the org's configuration", async () => {
    const out = mkdtempSync(path.join(tmpdir(), 'galctl-preview-export-'));
    cleanups.push(() => rmSync(out, { recursive: true, force: true }));
    const res = await runCli(['export', '-o', out], { env: { GALILEO_API_URL: sim.url, GALILEO_API_KEY: KEY }, cwd: out });
    expect(res.code, res.stderr).toBe(0);
    const exported = readFileSync(path.join(out, 'galileo.yaml'), 'utf8');
    expect(exported).toContain('qa'); // main's dataset and experiment are exported
    expect(exported).not.toContain('[preview');
    expect(readdirSync(out).join(' ')).not.toContain('preview');
  });

  it('leaves main free to apply the merged manifest, and destroys cleanly after the merge', async () => {
    const merged = await cli(manifest(true), ['apply', '--auto-approve', '--wait', '--timeout', '2m']);
    expect(merged.code, merged.stderr).toBe(0);
    const again = await cli(manifest(true), ['plan', '--detailed-exitcode']);
    expect(again.code, again.stdout).toBe(0);
    const res = await cli(manifest(true), ['preview', '--destroy', '--id', 'pr-10']);
    expect(res.code, res.stderr).toBe(0);
    expect(res.stdout).toContain('deleted 3 of 3 objects');
    const after = await state();
    expect(after.datasets.map((d) => d.name).sort()).toEqual(['galctl-inventory', 'qa']);
    expect(after.runs.filter((r) => r.name.includes('[preview'))).toEqual([]);
  });
});
