import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator, type SimulatorHandle } from '../../src/sim/start-simulator.js';
import { runCli } from '../helpers/run-cli.js';

// examples/production: the production manifest validates, applies against the simulator with every production
// kind (integration, global template and an experiment running it, annotation queue, Protect stage, scorer scope,
// dataset pin, run scorer settings, experiment tags), and re-plans empty.

const KEY = 'sim-key';
/** the integration's token, a dummy: it must never show */
const TOKEN = 'sk-production-example-dummy-token';
const EXAMPLE = fileURLToPath(new URL('../../examples/production', import.meta.url));

let sim: SimulatorHandle;
let dir: string;

async function cli(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const res = await runCli(args, { env: { GALILEO_API_URL: sim.url, GALILEO_API_KEY: KEY, OPENAI_API_KEY: TOKEN }, cwd: dir });
  expect(res.stdout + res.stderr).not.toContain(KEY);
  expect(res.stdout + res.stderr).not.toContain(TOKEN);
  return res;
}

async function get<T>(p: string): Promise<T> {
  return (await (await fetch(`${sim.url}${p}`, { headers: { 'Galileo-API-Key': KEY } })).json()) as T;
}

beforeAll(async () => {
  sim = await startSimulator({ jobStepMs: 5 });
  dir = mkdtempSync(path.join(tmpdir(), 'galctl-production-'));
  cpSync(EXAMPLE, dir, { recursive: true });
});

afterAll(async () => {
  await sim?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('examples/production', () => {
  it('validates', async () => {
    const res = await cli(['validate', '-f', 'galileo.yaml']);
    expect(res.stderr).toBe('');
    expect(res.code).toBe(0);
    expect(res.stdout).toContain('1 project, 1 integration, 2 scorers, 1 dataset, 1 global template, 1 template, 1 log stream, 2 experiments, 1 stage, 1 annotation queue');
  });

  it('applies with its scorer settings and tags, and re-plans empty', async () => {
    const applied = await cli(['apply', '-f', 'galileo.yaml', '--auto-approve']);
    expect(applied.code, applied.stdout + applied.stderr).toBe(0);
    const project = (await get<{ id: string; name: string }[]>('/projects/all')).find((p) => p.name === 'support-bot')!;
    const stream = (await get<{ id: string; name: string }[]>(`/projects/${project.id}/log_streams`)).find((l) => l.name === 'production')!;
    const settings = await get<{
      scorers: { name: string; num_judges?: number; scorer_version?: { version: number } }[];
      segment_filters: { sample_rate: number }[];
    }>(`/projects/${project.id}/runs/${stream.id}/scorer-settings`);
    const quality = settings.scorers.find((s) => s.name === 'answer-quality')!;
    expect([quality.scorer_version?.version, quality.num_judges]).toEqual([1, 1]);
    expect(settings.segment_filters.map((s) => s.sample_rate)).toEqual([0.1, 1]);
    const { experiments } = (await (
      await fetch(`${sim.url}/projects/${project.id}/experiments/search`, {
        method: 'POST',
        headers: { 'Galileo-API-Key': KEY, 'content-type': 'application/json' },
        body: '{}',
      })
    ).json()) as { experiments: { id: string; name: string }[] };
    const nightly = experiments.find((e) => e.name.startsWith('nightly-regression'))!;
    const tags = await get<{ key: string; value: string }[]>(`/projects/${project.id}/experiments/${nightly.id}/tags`);
    expect(Object.fromEntries(tags.map((t) => [t.key, t.value]))).toMatchObject({ team: 'support', tier: 'production', owner: 'support-platform' });
    const state = sim.state() as unknown as {
      integrations: { provider: string; token_sha256: string }[];
      templates: { name: string; project_ids: string[]; versions: { id: string; version: number }[]; selected_version: number }[];
      annotation_queues: { name: string; templates: { name: string }[]; users: { email?: string; role?: string }[] }[];
      stages: { name: string; project_id: string; rulesets: unknown[][] }[];
      scorers: { name: string; scope?: { is_global: boolean; project_ids: string[] } }[];
      runs: { name: string; dataset: { version_index: number } | null; prompt_template_version_id: string | null }[];
    };
    expect(state.integrations.map((i) => i.provider)).toEqual(['openai']);
    expect(JSON.stringify(state.integrations)).not.toContain(TOKEN);
    const escalation = state.templates.find((t) => t.name === 'Escalation Answer')!;
    expect([escalation.project_ids, escalation.selected_version]).toEqual([[], 1]);
    const check = state.runs.find((r) => r.name.startsWith('escalation-check'))!;
    expect(check.dataset?.version_index).toBe(1);
    expect(check.prompt_template_version_id).toBe(escalation.versions[0]!.id);
    const queue = state.annotation_queues.find((q) => q.name === 'support-review')!;
    expect(queue.templates.map((t) => t.name)).toEqual(['Helpfulness']);
    expect(queue.users.filter((u) => u.role === 'annotator').map((u) => u.email)).toEqual(['support-lead@example.com']);
    expect(state.stages.filter((g) => g.project_id === project.id).map((g) => [g.name, g.rulesets.length])).toEqual([['answer-guard', 1]]);
    expect(state.scorers.find((x) => x.name === 'answer-quality')?.scope).toEqual({ is_global: false, project_ids: [project.id] });
    const again = await cli(['plan', '-f', 'galileo.yaml', '--detailed-exitcode', '--no-color']);
    expect(again.code, again.stdout).toBe(0);
  });
});
