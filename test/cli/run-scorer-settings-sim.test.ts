import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CliResult } from '../helpers/run-cli.js';
import { startSimWorkspace, type JsonChange, type SimWorkspace } from '../helpers/sim-workspace.js';

// Issue 23, item 1 through the CLI and the simulator: a run's scorer settings in depth (a pinned scorer version,
// per-run model / judges / chain-of-thought overrides, sampling by segment filters) on a log stream and an
// experiment: create, change, no-op re-plan, export round trip to an empty plan.

const STREAM = 'project.prod.log_stream.live.scorers';
const EXP = 'project.prod.experiment.traced';

interface Parts {
  prompt: string;
  /** the log stream's scorer_overrides and sampling lines */
  stream: string[];
  /** the experiment's */
  experiment: string[];
}

const BASE: Parts = {
  prompt: 'Is the answer helpful? Input: {input} Output: {output}',
  stream: [
    '        scorer_overrides:',
    '          helpfulness: { version: 1, model: gpt-4.1, judges: 5 }',
    '          preset:correctness: { judges: 1, chain_of_thought: true }',
    '        sampling:',
    '          - { sample_rate: 0.25, filter: { name: metadata, key: env, operator: eq, value: prod }, llm_scorers: true }',
    '          - { sample_rate: 1, filter: { operator: one_of, value: [refund, billing] } }',
  ],
  experiment: ['        scorer_overrides:', '          helpfulness: { judges: 2 }', '        sampling:', '          - { sample_rate: 0.5 }'],
};

function manifest(p: Parts): string {
  return [
    'version: 1',
    'stack: settings-test',
    'scorers:',
    '  helpfulness:',
    '    type: llm',
    '    node_types: [llm]',
    '    output_type: percentage',
    `    prompt: "${p.prompt}"`,
    'projects:',
    '  prod:',
    '    log_streams:',
    '      live:',
    '        scorers: [helpfulness, preset:correctness]',
    ...p.stream,
    '    experiments:',
    '      traced:',
    '        traces: traces.jsonl',
    '        scorers: [helpfulness]',
    ...p.experiment,
    '',
  ].join('\n');
}

let ws: SimWorkspace;
const cli = (args: string[]): Promise<CliResult> => ws.cli(args);

/** A step's planned action; the plan's JSON leaves no-ops out. */
function actionOf(changes: JsonChange[], address: string): string {
  return changes.find((c) => c.address === address)?.action ?? 'no-op';
}

interface Settings {
  scorers: { name?: string; model_name?: string; num_judges?: number; cot_enabled?: boolean; scorer_version?: { version: number } | null }[];
  segment_filters: unknown[] | null;
}

/** The scorer settings of the log stream `live` of project `prod`, as the simulator holds them. */
async function streamSettings(): Promise<Settings> {
  const project = (await ws.api<{ id: string; name: string }[]>('GET', '/projects/all')).find((p) => p.name === 'prod')!;
  const stream = (await ws.api<{ id: string; name: string }[]>('GET', `/projects/${project.id}/log_streams`)).find((l) => l.name === 'live')!;
  return ws.api<Settings>('GET', `/projects/${project.id}/runs/${stream.id}/scorer-settings`);
}

async function applyOk(): Promise<void> {
  const applied = await cli(['apply', '-f', ws.file, '--auto-approve']);
  expect(applied.code, applied.stdout + applied.stderr).toBe(0);
}

beforeAll(async () => {
  ws = await startSimWorkspace();
  writeFileSync(path.join(ws.dir, 'traces.jsonl'), '{"input":"hi","output":"hello there"}\n{"input":"bye","output":"goodbye now"}\n');
  writeFileSync(ws.file, manifest(BASE));
});

afterAll(async () => {
  await ws?.close();
});

describe('run scorer settings in depth (scorer_overrides, sampling)', () => {
  it('creates them with the run, sends them to Galileo, and re-plans empty', async () => {
    const changes = await ws.planJson();
    const stream = changes.find((c) => c.address === STREAM)!;
    expect(stream.action).toBe('create');
    expect(stream.fields.map((f) => f.path)).toEqual([
      'llm:helpfulness.version',
      'llm:helpfulness.model',
      'llm:helpfulness.judges',
      'preset:correctness.judges',
      'preset:correctness.chain_of_thought',
      'sampling',
    ]);
    await applyOk();
    const live = await streamSettings();
    const helpfulness = live.scorers.find((s) => s.name === 'helpfulness')!;
    expect(helpfulness.scorer_version?.version).toBe(1);
    expect(helpfulness.model_name).toBe('gpt-4.1');
    expect(helpfulness.num_judges).toBe(5);
    const correctness = live.scorers.find((s) => s.name === 'correctness')!;
    expect([correctness.num_judges, correctness.cot_enabled]).toEqual([1, true]);
    expect(live.segment_filters).toEqual([
      { sample_rate: 0.25, filter: { name: 'metadata', key: 'env', operator: 'eq', value: 'prod' }, llm_scorers: true, multimodal_scorers: false },
      {
        sample_rate: 1,
        filter: { name: 'node_name', operator: 'one_of', value: ['refund', 'billing'], case_sensitive: true },
        llm_scorers: false,
        multimodal_scorers: false,
      },
    ]);
    // the read-back fills defaults the manifest leaves out (filter name, case_sensitive, the booleans): no diff
    await ws.planIsEmpty();
  });

  it('a change is an in-place update of the log stream and a new run of the experiment; the pin holds the version', async () => {
    // a new scorer version: the pinned log stream stays on version 1 (no change); the unpinned experiment gets a new run
    writeFileSync(ws.file, manifest({ ...BASE, prompt: 'Is the answer helpful and kind? Input: {input} Output: {output}' }));
    let changes = await ws.planJson();
    expect(changes.find((c) => c.address === 'scorer.helpfulness')?.action).toBe('new-version');
    expect(actionOf(changes, STREAM)).toBe('no-op');
    expect(changes.find((c) => c.address === EXP)?.run?.reasons).toEqual(['scorer helpfulness prompt changed']);
    await applyOk();
    await ws.planIsEmpty();

    const changed: Parts = {
      prompt: 'Is the answer helpful and kind? Input: {input} Output: {output}',
      stream: [
        '        scorer_overrides:',
        '          helpfulness: { version: 2, model: gpt-4.1, judges: 3 }',
        '        sampling:',
        '          - { sample_rate: 0.1, filter: { name: metadata, key: env, operator: eq, value: prod }, llm_scorers: true }',
      ],
      experiment: ['        scorer_overrides:', '          helpfulness: { judges: 4, version: 1 }', '        sampling:', '          - { sample_rate: 0.5 }'],
    };
    writeFileSync(ws.file, manifest(changed));
    changes = await ws.planJson();
    const stream = changes.find((c) => c.address === STREAM)!;
    expect(stream.action).toBe('update');
    expect(stream.scorers).toBeUndefined();
    expect(stream.fields).toEqual([
      { path: 'llm:helpfulness.version', before: 1, after: 2 },
      { path: 'llm:helpfulness.judges', before: 5, after: 3 },
      { path: 'preset:correctness.judges', before: 1 },
      { path: 'preset:correctness.chain_of_thought', before: true },
      {
        path: 'sampling',
        before: [
          { sample_rate: 0.25, filter: { name: 'metadata', key: 'env', operator: 'eq', value: 'prod' }, llm_scorers: true, multimodal_scorers: false },
          {
            sample_rate: 1,
            filter: { name: 'node_name', operator: 'one_of', value: ['refund', 'billing'], case_sensitive: true },
            llm_scorers: false,
            multimodal_scorers: false,
          },
        ],
        after: [{ sample_rate: 0.1, filter: { name: 'metadata', key: 'env', operator: 'eq', value: 'prod' }, llm_scorers: true, multimodal_scorers: false }],
      },
    ]);
    // the experiment: pinning and the judges change what its run measures (its fingerprint)
    const exp = changes.find((c) => c.address === EXP)!;
    expect(exp.action).toBe('create');
    // pinned, the run no longer follows the scorer's prompt: the pin stands for it
    expect(exp.run?.reasons).toEqual(['scorer helpfulness judges, pinned version and prompt changed']);
    const text = await cli(['plan', '-f', ws.file, '--no-color']);
    expect(text.stdout).toContain('llm:helpfulness.judges');
    await applyOk();
    const live = await streamSettings();
    expect(live.scorers.find((s) => s.name === 'helpfulness')?.scorer_version?.version).toBe(2);
    expect(live.scorers.find((s) => s.name === 'correctness')?.num_judges).toBeUndefined();
    expect(live.segment_filters).toHaveLength(1);
    await ws.planIsEmpty();
    // a second apply sends nothing (idempotent)
    const again = await cli(['apply', '-f', ws.file, '--auto-approve']);
    expect(again.code).toBe(0);
    expect(again.stdout).not.toContain('registered');
  });

  it('sampling: [] clears the segment filters; leaving sampling out leaves them alone', async () => {
    const base = readFileSync(ws.file, 'utf8');
    writeFileSync(ws.file, base.replace(/        sampling:\n          - \{ sample_rate: 0\.1[^\n]*\n/, '        sampling: []\n'));
    const changes = await ws.planJson();
    expect(changes.find((c) => c.address === STREAM)?.fields.map((f) => f.path)).toEqual(['sampling']);
    await applyOk();
    expect((await streamSettings()).segment_filters).toEqual([]);
    await ws.planIsEmpty();
    writeFileSync(ws.file, base.replace(/        sampling:\n          - \{ sample_rate: 0\.1[^\n]*\n/, ''));
    await ws.planIsEmpty();
  });

  it('a pinned version the scorer does not have fails the apply with a clear error', async () => {
    writeFileSync(
      ws.file,
      manifest({
        ...BASE,
        prompt: 'Is the answer helpful and kind? Input: {input} Output: {output}',
        stream: ['        scorer_overrides:', '          helpfulness: { version: 9 }'],
      }),
    );
    const res = await cli(['apply', '-f', ws.file, '--auto-approve']);
    expect(res.code).not.toBe(0);
    expect(res.stdout + res.stderr).toContain('pins version 9 of scorer');
  });

  it("export writes a hand-made run's settings so that the exported manifest plans empty", async () => {
    // made by hand (the API, as the console does): a log stream and an experiment with overrides and sampling
    const project = await ws.api<{ id: string }>('POST', '/projects', { name: 'handmade' });
    const presets = await ws.api<{ scorers: { id: string; name: string }[] }>('POST', '/scorers/list', {
      filters: [{ name: 'name', operator: 'one_of', value: ['correctness', 'completeness'] }],
    });
    const preset = (name: string): string => presets.scorers.find((x) => x.name === name)!.id;
    const stream = await ws.api<{ id: string }>('POST', `/projects/${project.id}/log_streams`, { name: 'Live Traffic' });
    const exp = await ws.api<{ id: string }>('POST', `/projects/${project.id}/experiments`, { name: 'nightly' });
    await ws.api('POST', `/projects/${project.id}/runs/${stream.id}/scorer-settings`, {
      run_id: stream.id,
      scorers: [{ id: preset('correctness'), scorer_type: 'preset', name: 'correctness', num_judges: 2, cot_enabled: true, model_name: 'gpt-4.1' }],
      segment_filters: [{ sample_rate: 0.2, filter: { name: 'node_name', operator: 'contains', value: 'answer', case_sensitive: false }, llm_scorers: true }],
    });
    await ws.api('POST', `/projects/${project.id}/runs/${exp.id}/scorer-settings`, {
      run_id: exp.id,
      scorers: [{ id: preset('completeness'), scorer_type: 'preset', name: 'completeness', num_judges: 4 }],
      segment_filters: [{ sample_rate: 0.5 }],
    });
    const text = await ws.exportRoundTrip('handmade', 'log_streams,experiments');
    expect(text).toContain('preset:correctness:\n');
    expect(text).toContain('model: gpt-4.1');
    expect(text).toContain('case_sensitive: false');
    expect(text).toContain('sample_rate: 0.5');
  });
});

describe('validation of scorer_overrides and sampling', () => {
  it('locates an override of a scorer the run does not list, and a sample rate out of range', async () => {
    const bad = manifest({
      ...BASE,
      stream: ['        scorer_overrides:', '          preset:completeness: { judges: 2 }', '        sampling:', '          - { sample_rate: 1.5 }'],
    });
    writeFileSync(ws.file, bad);
    const res = await cli(['validate', '-f', ws.file]);
    expect(res.code).not.toBe(0);
    const out = res.stdout + res.stderr;
    expect(out).toMatch(/galileo\.yaml:\d+:\d+/);
    expect(out).toContain('sample_rate');
    writeFileSync(
      ws.file,
      manifest({ ...BASE, stream: ['        sampling:', '          - { sample_rate: 0.5, filter: { name: metadata, operator: eq, value: prod } }'] }),
    );
    const noKey = await cli(['validate', '-f', ws.file]);
    expect(noKey.code).not.toBe(0);
    expect(noKey.stdout + noKey.stderr).toMatch(/galileo\.yaml:\d+:\d+.*key/);
    writeFileSync(ws.file, manifest({ ...BASE, stream: ['        scorer_overrides:', '          preset:completeness: { judges: 2 }'] }));
    const res2 = await cli(['validate', '-f', ws.file]);
    expect(res2.code).not.toBe(0);
    expect(res2.stdout + res2.stderr).toContain('scorer_overrides of "preset:completeness"');
  });
});
