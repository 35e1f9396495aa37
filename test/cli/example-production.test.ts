import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator, type SimulatorHandle } from '../../src/sim/start-simulator.js';
import { runCli } from '../helpers/run-cli.js';

// examples/production: the production manifest validates, applies against the simulator with its run scorer
// settings (pins, overrides, sampling) and experiment tags, and re-plans empty.

const KEY = 'sim-key';
const EXAMPLE = fileURLToPath(new URL('../../examples/production', import.meta.url));

let sim: SimulatorHandle;
let dir: string;

async function cli(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const res = await runCli(args, { env: { GALILEO_API_URL: sim.url, GALILEO_API_KEY: KEY }, cwd: dir });
  expect(res.stdout + res.stderr).not.toContain(KEY);
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
    expect(res.stdout).toContain('1 project, 2 scorers, 1 dataset, 1 template, 1 log stream, 1 experiment');
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
    ).json()) as { experiments: { id: string }[] };
    const tags = await get<{ key: string; value: string }[]>(`/projects/${project.id}/experiments/${experiments[0]!.id}/tags`);
    expect(Object.fromEntries(tags.map((t) => [t.key, t.value]))).toMatchObject({ team: 'support', tier: 'production', owner: 'support-platform' });
    const again = await cli(['plan', '-f', 'galileo.yaml', '--detailed-exitcode', '--no-color']);
    expect(again.code, again.stdout).toBe(0);
  });
});
