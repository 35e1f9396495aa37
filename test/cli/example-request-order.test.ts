/**
 * Applies every example manifest (galileo.yaml.example and examples/*\/galileo.yaml) against a recording
 * simulator and checks the guide's ordering rules over the request sequence galctl sent
 * (test/helpers/request-order-rules.ts): scorers registered before a run's first traces unless it was created
 * with trigger: true; templated experiment creates carry full prompt_settings; LLM scorer shells carry defaults;
 * trace ingest requests stay under the byte cap. A replay of large traces gives the byte cap something to bite.
 */
import { existsSync } from 'node:fs';
import { readdirSync } from 'node:fs';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LoggedRequest } from '../../src/sim/start-simulator.js';
import { startSimulator } from '../../src/sim/start-simulator.js';
import { copyExampleWorkspace, ROOT } from '../helpers/example-workspace.js';
import {
  llmShellsCarryDefaults, orderingViolations, scorersBeforeTraces, templatedCreatesCarryPromptSettings, TRACE_REQUEST_BYTE_CAP,
  traceRequestsUnderCap,
} from '../helpers/request-order-rules.js';
import { runCli } from '../helpers/run-cli.js';

/** galileo.yaml (the copied galileo.yaml.example) and every examples/<dir>/galileo.yaml */
const MANIFESTS = [
  'galileo.yaml',
  ...readdirSync(path.join(ROOT, 'examples'), { withFileTypes: true })
    .filter((d) => d.isDirectory() && existsSync(path.join(ROOT, 'examples', d.name, 'galileo.yaml')))
    .map((d) => `examples/${d.name}/galileo.yaml`),
];

let work: string;
beforeAll(async () => {
  work = await copyExampleWorkspace('order');
});
afterAll(async () => {
  if (work) await rm(work, { recursive: true, force: true });
});

/** Applies one manifest against a fresh recording simulator; returns the request log and the final state. */
async function applyRecorded(manifest: string) {
  const sim = await startSimulator({ recordRequests: true, jobStepMs: 10 });
  try {
    const r = await runCli(['apply', '-f', manifest, '--auto-approve'], { env: { GALILEO_API_KEY: 'sim-key', GALILEO_API_URL: sim.url, OPENAI_API_KEY: 'sk-example-dummy' }, cwd: work });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    return { requests: sim.requests(), state: sim.state() };
  } finally {
    await sim.close();
  }
}

describe('the guide\'s ordering rules hold over what galctl apply sends, for every example', () => {
  it('finds the examples', () => {
    expect(MANIFESTS.length).toBeGreaterThanOrEqual(5);
  });

  it.each(MANIFESTS)('%s', async (manifest) => {
    const { requests, state } = await applyRecorded(manifest);
    expect(requests.some((r) => r.method === 'POST' && r.route === '/projects')).toBe(true);
    expect(orderingViolations(requests, state)).toEqual([]);
  });

  it('a replay of large traces (≈ 12 MB) goes out in requests under the byte cap', async () => {
    const dir = path.join(work, 'bulk');
    await mkdir(dir, { recursive: true });
    const answer = 'x'.repeat(60_000); // twice per trace (its output and its LLM span's): ≈ 120 KB a trace
    const lines = Array.from({ length: 100 }, (_, i) => JSON.stringify({ input: `question ${i}`, output: `${answer} ${i}` }));
    await writeFile(path.join(dir, 'traces.jsonl'), `${lines.join('\n')}\n`);
    await writeFile(path.join(dir, 'galileo.yaml'), [
      'version: 1', 'projects:', '  bulk:', '    experiments:', '      bulk-replay:', '        scorers: [preset:correctness]',
      '        traces: traces.jsonl', '',
    ].join('\n'));
    const { requests, state } = await applyRecorded('bulk/galileo.yaml');
    const ingests = requests.filter((r) => r.route === '/projects/:project_id/traces');
    expect(ingests.reduce((n, r) => n + r.bytes, 0)).toBeGreaterThan(TRACE_REQUEST_BYTE_CAP);
    expect(orderingViolations(requests, state)).toEqual([]);
  });
});

describe('the rules catch what they forbid (synthetic request logs)', () => {
  let seq = 0;
  const req = (method: string, route: string, body: unknown, extra: Partial<LoggedRequest> = {}): LoggedRequest => ({
    seq: ++seq, method, path: route.replace(':project_id', 'p1').replace(':run_id', 'r1'), route, query: '', status: 200,
    bytes: JSON.stringify(body ?? null).length, sha256: '', content_type: 'application/json', body, ...extra,
  });
  const state = (runs: unknown[], templates: unknown[] = []) => ({ runs, templates }) as never;
  const run = { id: 'r1', name: 'e', kind: 'experiment', project_id: 'p1', scorers: [{ id: 's' }] };

  it('scorers before traces: a create without trigger and no scorer-settings before the ingest is caught', () => {
    const create = req('POST', '/projects/:project_id/experiments', { name: 'e', scorers: [{ id: 's' }], trigger: false });
    const settings = req('POST', '/projects/:project_id/runs/:run_id/scorer-settings', { run_id: 'r1', scorers: [{ id: 's' }] });
    const ingest = req('POST', '/projects/:project_id/traces', { experiment_id: 'r1', traces: [] });
    const lateSettings = { ...settings, seq: ingest.seq + 1 };
    expect(scorersBeforeTraces([create, ingest], state([run]))).toHaveLength(1);
    expect(scorersBeforeTraces([create, settings, ingest], state([run]))).toEqual([]);
    expect(scorersBeforeTraces([create, ingest, lateSettings], state([run]))).toHaveLength(1);
    expect(scorersBeforeTraces([create, { ...settings, status: 422 }, ingest], state([run]))).toHaveLength(1);
    const triggered = req('POST', '/projects/:project_id/experiments', { name: 'e', scorers: [{ id: 's' }], trigger: true });
    expect(scorersBeforeTraces([triggered, ingest], state([run]))).toEqual([]);
  });

  it('prompt settings: missing, without the defaults, or dropping a template setting are caught', () => {
    const templates = [{ versions: [{ id: 'v1', settings: { model_alias: 'GPT-4o mini', temperature: 0, stop_sequences: ['END'] } }] }];
    const full = { model_alias: 'GPT-4o mini', temperature: 0, max_tokens: 256, top_p: 1, frequency_penalty: 0, presence_penalty: 0, n: 1, stop_sequences: ['END'] };
    const create = (ps?: unknown) => req('POST', '/projects/:project_id/experiments', { name: 'e', prompt_template_version_id: 'v1', ...(ps === undefined ? {} : { prompt_settings: ps }) });
    expect(templatedCreatesCarryPromptSettings([create()], state([], templates))).toHaveLength(1);
    expect(templatedCreatesCarryPromptSettings([create({ model_alias: 'GPT-4o mini', temperature: 0, stop_sequences: ['END'] })], state([], templates))).toHaveLength(1);
    const { stop_sequences: _dropped, ...withoutTemplateKey } = full;
    expect(templatedCreatesCarryPromptSettings([create({ ...withoutTemplateKey, top_k: 40 })], state([], templates))).toHaveLength(1);
    expect(templatedCreatesCarryPromptSettings([create({ ...full, temperature: 0.7 })], state([], templates))).toEqual([]);
    expect(templatedCreatesCarryPromptSettings([create(full)], state([], templates))).toEqual([]);
  });

  it('LLM shell defaults and the trace byte cap are checked', () => {
    expect(llmShellsCarryDefaults([req('POST', '/scorers', { name: 's', scorer_type: 'llm' })])).toHaveLength(1);
    expect(llmShellsCarryDefaults([req('POST', '/scorers', { name: 's', scorer_type: 'llm', defaults: { model_name: 'm', num_judges: 1, cot_enabled: false, output_type: 'boolean' } })])).toEqual([]);
    expect(llmShellsCarryDefaults([req('POST', '/scorers', { name: 'c', scorer_type: 'code' })])).toEqual([]);
    const big = req('POST', '/projects/:project_id/traces', undefined, { bytes: TRACE_REQUEST_BYTE_CAP + 1 });
    expect(traceRequestsUnderCap([big])).toHaveLength(1);
    expect(traceRequestsUnderCap([{ ...big, bytes: TRACE_REQUEST_BYTE_CAP }])).toEqual([]);
  });
});
