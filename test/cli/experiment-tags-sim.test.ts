import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator, type SimulatorHandle } from '../../src/sim/start-simulator.js';
import { writeManifest } from '../check/scored-experiment.js';
import { startLossyProxy } from '../helpers/lossy-proxy.js';
import { runCli } from '../helpers/run-cli.js';

// Issue 23, item 2 through the CLI and the simulator: declared experiment tags (`tags: {key: value}`), written with
// galctl's own run tags and CI provenance, planned as a diff, idempotent, exported.

const KEY = 'sim-key';
const EXP = 'project.tagged.experiment.nightly';
const CI = { GITHUB_ACTIONS: 'true', GITHUB_SHA: 'abc1234', GITHUB_REF: 'refs/heads/main', GITHUB_REF_NAME: 'main', GITHUB_REF_TYPE: 'branch' };

function manifest(tags: string): string {
  return [
    'version: 1',
    'stack: tags-test',
    'projects:',
    '  tagged:',
    '    experiments:',
    '      nightly:',
    '        traces: traces.jsonl',
    '        scorers: [preset:completeness]',
    ...(tags === '' ? [] : [`        tags: ${tags}`]),
    '',
  ].join('\n');
}

let sim: SimulatorHandle;
let dir: string;
let file: string;
const cleanups: (() => void)[] = [];

async function cli(args: string[], url = sim.url, extra: Record<string, string> = {}): Promise<{ code: number; stdout: string; stderr: string }> {
  const res = await runCli(args, { env: { GALILEO_API_URL: url, GALILEO_API_KEY: KEY, ...extra }, cwd: dir });
  expect(res.stdout + res.stderr).not.toContain(KEY);
  return res;
}

interface JsonChange { address: string; action: string; fields: { path: string; before?: unknown; after?: unknown }[] }

async function planJson(): Promise<JsonChange[]> {
  const res = await cli(['plan', '-f', file, '--format', 'json']);
  expect(res.code, res.stderr).toBe(0);
  return (JSON.parse(res.stdout) as { changes: JsonChange[] }).changes;
}

async function api<T = unknown>(method: string, p: string, body?: unknown): Promise<T> {
  const res = await fetch(`${sim.url}${p}`, { method, headers: { 'Galileo-API-Key': KEY, 'content-type': 'application/json' }, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
  expect(res.status, `${method} ${p}`).toBeLessThan(300);
  return (await res.json()) as T;
}

/** The experiments of a project (by name) with their tags, key → value. */
async function runsOf(projectName: string): Promise<{ id: string; projectId: string; name: string; tags: Record<string, string> }[]> {
  const project = (await api<{ id: string; name: string }[]>('GET', '/projects/all')).find((p) => p.name === projectName)!;
  const { experiments } = await api<{ experiments: { id: string; name: string }[] }>('POST', `/projects/${project.id}/experiments/search`, {});
  return Promise.all(
    experiments.map(async (e) => {
      const tags = await api<{ key: string; value: string }[]>('GET', `/projects/${project.id}/experiments/${e.id}/tags`);
      return { id: e.id, projectId: project.id, name: e.name, tags: Object.fromEntries(tags.map((t) => [t.key, t.value])) };
    }),
  );
}

async function planIsEmpty(): Promise<void> {
  const again = await cli(['plan', '-f', file, '--detailed-exitcode', '--no-color']);
  expect(again.code, again.stdout).toBe(0);
}

beforeAll(async () => {
  sim = await startSimulator({ jobStepMs: 5 });
  const m = writeManifest('');
  cleanups.push(m.cleanup);
  dir = m.dir;
  file = m.file;
  writeFileSync(path.join(dir, 'traces.jsonl'), '{"input":"hi","output":"hello there"}\n');
});

afterAll(async () => {
  await sim?.close();
  for (const c of cleanups) c();
});

describe('declared experiment tags', () => {
  it('a new run gets them with galctl\'s run tags and the CI provenance; the re-plan is empty', async () => {
    writeFileSync(file, manifest('{ team: search, tier: gold }'));
    const plan = await planJson();
    const fields = plan.find((c) => c.address === EXP)!.fields;
    expect(fields).toEqual(expect.arrayContaining([{ path: 'tags.team', after: 'search' }, { path: 'tags.tier', after: 'gold' }]));
    const applied = await cli(['apply', '-f', file, '--auto-approve'], sim.url, CI);
    expect(applied.code, applied.stdout + applied.stderr).toBe(0);
    const [run] = await runsOf('tagged');
    expect(run!.tags).toMatchObject({ team: 'search', tier: 'gold', 'galctl:ci': 'github', 'galctl:commit': 'abc1234', 'galctl:branch': 'main' });
    expect(run!.tags['galctl:fingerprint']).toMatch(/^[0-9a-f]{10}$/);
    await planIsEmpty();
  });

  it('a changed or added tag updates the current run in place (no new run); a hand-made or dropped tag is left alone', async () => {
    writeFileSync(file, manifest('{ team: search, tier: platinum, owner: ana }'));
    const change = (await planJson()).find((c) => c.address === EXP)!;
    expect(change.action).toBe('update');
    expect(change.fields).toEqual([{ path: 'tags.owner', after: 'ana' }, { path: 'tags.tier', before: 'gold', after: 'platinum' }]);
    const text = await cli(['plan', '-f', file, '--no-color']);
    expect(text.stdout).toContain('tags.tier');
    const applied = await cli(['apply', '-f', file, '--auto-approve']);
    expect(applied.code, applied.stdout + applied.stderr).toBe(0);
    const runs = await runsOf('tagged');
    expect(runs).toHaveLength(1);
    expect(runs[0]!.tags).toMatchObject({ team: 'search', tier: 'platinum', owner: 'ana' });
    await planIsEmpty();
    // a tag added by hand, and one the manifest stops declaring: galctl cannot prove it wrote them, so they stay
    await api('POST', `/projects/${runs[0]!.projectId}/experiments/${runs[0]!.id}/tags`, { key: 'note', value: 'by hand', tag_type: 'generic' });
    writeFileSync(file, manifest('{ team: search, tier: platinum }'));
    await planIsEmpty();
    const again = await cli(['apply', '-f', file, '--auto-approve']);
    expect(again.code).toBe(0);
    expect((await runsOf('tagged'))[0]!.tags).toMatchObject({ owner: 'ana', note: 'by hand' });
  });

  it('a tag POST whose answer is lost is done when re-sent (already exists with the same value)', async () => {
    writeFileSync(file, manifest('{ team: search, tier: platinum, region: eu }'));
    let lost = 0;
    const proxy = await startLossyProxy(sim.url, (method, p) => (method === 'POST' && p.endsWith('/tags') && lost++ === 0 ? 'drop-after' : 'pass'));
    const applied = await cli(['apply', '-f', file, '--auto-approve'], proxy);
    expect(applied.code, applied.stdout + applied.stderr).toBe(0);
    expect(lost).toBeGreaterThan(1);
    expect((await runsOf('tagged'))[0]!.tags['region']).toBe('eu');
    await planIsEmpty();
  });

  it('tags are no input of the run: changing them makes no new run', async () => {
    writeFileSync(file, manifest('{ team: ranking }'));
    const change = (await planJson()).find((c) => c.address === EXP)!;
    expect(change.action).toBe('update');
    expect((await cli(['apply', '-f', file, '--auto-approve'])).code).toBe(0);
    expect(await runsOf('tagged')).toHaveLength(1);
  });

  it('export writes a hand-made experiment\'s tags (not galctl\'s) and the exported manifest plans empty', async () => {
    const project = await api<{ id: string }>('POST', '/projects', { name: 'handmade tags' });
    const exp = await api<{ id: string }>('POST', `/projects/${project.id}/experiments`, { name: 'weekly' });
    for (const [key, value] of [['team', 'support'], ['galctl:ci', 'github'], ['tier', 'silver']]) {
      await api('POST', `/projects/${project.id}/experiments/${exp.id}/tags`, { key, value, tag_type: 'generic' });
    }
    mkdirSync(path.join(dir, 'exported'));
    const exported = await cli(['export', '-o', 'exported', '--force', '--project', 'handmade tags', '--kinds', 'experiments']);
    expect(exported.code, exported.stderr).toBe(0);
    const text = readFileSync(path.join(dir, 'exported', 'galileo.yaml'), 'utf8');
    expect(text).toContain('tags:');
    expect(text).toContain('team: support');
    expect(text).not.toContain('galctl:ci');
    const p = await cli(['plan', '-f', 'exported/galileo.yaml', '--detailed-exitcode', '--no-color']);
    expect(p.stderr).toBe('');
    expect(p.code, p.stdout).toBe(0);
  });

  it('refuses a tag in galctl\'s reserved namespace, located', async () => {
    writeFileSync(file, manifest('{ "galctl:fingerprint": forged }'));
    const res = await cli(['validate', '-f', file]);
    expect(res.code).not.toBe(0);
    expect(res.stdout + res.stderr).toMatch(/galileo\.yaml:9:\d+/);
  });
});
