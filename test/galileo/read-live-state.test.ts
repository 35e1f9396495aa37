import { writeFile, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startSimulator } from '../../src/sim/start-simulator.js';
import { createGalileoClient, type GalileoClient } from '../../src/galileo/create-client.js';
import { readLiveState } from '../../src/engine/read/read-live-state.js';
import { loadManifest } from '../../src/manifest/load-manifest.js';
import type { Desired } from '../../src/core/desired-types.js';
import { buildPlan, prepareDesired } from '../../src/engine/build-plan.js';
import type { DatasetState, Plan } from '../../src/core/plan-types.js';
import { createFromDesired } from '../helpers/create-from-desired.js';

const ROOT = path.resolve(import.meta.dirname, '../..');
let sim: { url: string; close: () => Promise<void> };
const clients: GalileoClient[] = [];

function client(): GalileoClient {
  const c = createGalileoClient({ apiUrl: sim.url, apiKey: 'sim-key', minRetryDelayMs: 1, maxRetryDelayMs: 10 });
  clients.push(c);
  return c;
}

async function load(file: string, cwd = ROOT): Promise<Desired> {
  const res = await loadManifest(file, { cwd, env: {} });
  if (res.desired === undefined) throw new Error(`cannot load ${file}: ${res.problems.map((p) => p.message).join('; ')}`);
  return res.desired;
}

async function plan(c: GalileoClient, desired: Desired): Promise<Plan> {
  const live = await readLiveState(c, desired);
  return buildPlan({ desired, live, manifestPath: desired.file, apiUrl: sim.url, now: '2026-01-01T00:00:00Z' });
}

const changed = (p: Plan): string[] =>
  p.changes.filter((c) => c.action !== 'no-op' && c.kind !== 'traces').map((c) => `${c.action} ${c.address}`);

beforeAll(async () => {
  sim = await startSimulator({ seed: 1 });
});
afterAll(async () => {
  for (const c of clients) await c.close();
  await sim.close();
});
beforeEach(async () => {
  await fetch(`${sim.url}/__sim/reset`, { method: 'POST' });
});

describe('round trip: created through the client, planned as no-op', () => {
  it.each([
    'galileo.yaml.example',
    'examples/prompt-template/galileo.yaml',
    'examples/pre-generated-outputs/galileo.yaml',
    'examples/raw-traces/galileo.yaml',
    'examples/log-stream-monitoring/galileo.yaml',
  ])('%s', async (file) => {
    const desired = await load(file);
    const c = client();
    const before = await plan(c, desired);
    expect(changed(before).every((s) => s.startsWith('create '))).toBe(true);
    await createFromDesired(c, desired);
    const after = await plan(client(), desired);
    expect(changed(after)).toEqual([]);
  });
});

describe('readLiveState', () => {
  it('an edited LLM scorer prompt is exactly one new-version', async () => {
    const desired = await load('galileo.yaml.example');
    await createFromDesired(client(), desired);
    const scorer = desired.resources.find((r) => r.kind === 'scorer' && r.scorerType === 'llm');
    if (scorer?.kind !== 'scorer' || scorer.scorerType !== 'llm') throw new Error('example has no LLM scorer');
    scorer.prompt = `${scorer.prompt}Be strict.\n`;
    // one new version; the experiments that use the scorer get a new run each (docs/runs.md)
    const changes = changed(await plan(client(), desired));
    expect(changes.filter((c) => !c.includes('.experiment.'))).toEqual([`new-version ${scorer.address}`]);
    expect(changes.filter((c) => c.includes('.experiment.')).every((c) => c.startsWith('create ') || c.startsWith('ingest '))).toBe(true);
  });

  it('reads dataset rows only when the stored content hash differs', async () => {
    const desired = await load('galileo.yaml.example');
    await createFromDesired(client(), desired);
    const c1 = client();
    const same = await readLiveState(c1, desired);
    const ds = Object.values(same.resources).find((r) => r.kind === 'dataset');
    expect((ds?.state as DatasetState).rows).toBeUndefined();
    expect(c1.stats().requests['GET /datasets/{dataset_id}/content']).toBe(1); // galctl's inventory only
    expect(same.inventory?.rows.length).toBeGreaterThan(0);

    const d = desired.resources.find((r) => r.kind === 'dataset');
    if (d?.kind !== 'dataset') throw new Error('example has no dataset');
    d.contentHash = '0'.repeat(64);
    const c2 = client();
    const other = await readLiveState(c2, desired);
    expect(((other.resources[d.address]?.state as DatasetState).rows ?? []).length).toBe(d.rows.length);
    expect(c2.stats().requests['GET /datasets/{dataset_id}/content']).toBe(2); // the inventory, then the dataset
  });

  it('list-first: requests do not grow one per scorer or project', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'galctl-read-'));
    try {
      const csv = await readFile(path.join(ROOT, 'examples/quickstart/datasets/capitals.csv'), 'utf8');
      await writeFile(path.join(dir, 'rows.csv'), csv);
      const lines = ['version: 1', 'scorers:'];
      for (let i = 0; i < 150; i += 1) {
        lines.push(`  s${i}:`, '    type: llm', '    node_types: [llm]', '    output_type: boolean', `    prompt: "Is {output} good? (${i})"`);
      }
      lines.push('datasets:');
      for (let i = 0; i < 5; i += 1) lines.push(`  d${i}:`, '    file: rows.csv');
      lines.push('projects:');
      for (let i = 0; i < 5; i += 1) lines.push(`  p${i}:`, '    log_streams:', '      prod:', '        scorers: [s0, s1]');
      await writeFile(path.join(dir, 'galileo.yaml'), `${lines.join('\n')}\n`);
      const desired = await load(path.join(dir, 'galileo.yaml'), dir);
      await createFromDesired(client(), desired);

      const c = client();
      const p = await plan(c, desired);
      expect(changed(p)).toEqual([]);
      const r = c.stats().requests;
      expect(r['POST /scorers/list']).toBe(2); // 150 names in chunks of 100, one page each
      expect(r['POST /projects/paginated']).toBe(1);
      expect(r['POST /datasets/query']).toBe(1); // the 5 datasets and galctl's inventory, by name in one query
      expect(r['POST /datasets/{dataset_id}/versions/query']).toBe(5); // one per dataset, rows never read
      expect(r['GET /datasets/{dataset_id}/content']).toBe(1); // the inventory's rows: the one extra request
      expect(r['POST /projects/{project_id}/log_streams/search']).toBe(5);
      expect(r['GET /projects/{project_id}/runs/{run_id}/scorer-settings']).toBe(5);
      expect(Object.keys(r).filter((k) => k.startsWith('GET /scorers/'))).toEqual([]);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe('the desired half of the plan, prepared while the read is in flight (prepareDesired)', () => {
  it('gives the plan buildPlan makes alone, and is made once the read has queued its last requests', async () => {
    const desired = await load('galileo.yaml.example');
    const c = client();
    await createFromDesired(c, desired);
    // a changed scorer: the plan has changes to order, not only no-ops
    const scorer = desired.resources.find((r) => r.kind === 'scorer' && r.scorerType === 'llm');
    if (scorer?.kind !== 'scorer' || scorer.scorerType !== 'llm') throw new Error('example has no LLM scorer');
    scorer.prompt = `${scorer.prompt}Be strict.\n`;
    let queued: Record<string, string> | undefined;
    const live = await readLiveState(c, desired, { onReadQueued: (presets) => (queued = presets) });
    expect(queued).toBe(live.presets);
    const input = { desired, live, manifestPath: desired.file, apiUrl: sim.url, now: '2026-01-01T00:00:00Z' };
    const prepared = await prepareDesired(desired, live.presets);
    const alone = buildPlan(input);
    expect(changed(alone)).not.toEqual([]);
    expect(buildPlan({ ...input, prepared })).toEqual(alone);
    // prepared for other presets (or another desired state) is not used: the plan is made whole
    const stale = { ...prepared, ordered: [], hash: 'stale' };
    expect(buildPlan({ ...input, prepared: { ...stale, presets: { ...live.presets } } })).toEqual(alone);
    expect(buildPlan({ ...input, prepared: { ...stale, desired: { ...desired } } })).toEqual(alone);
  });

  it('throws what buildPlan throws: a preset the org lacks', async () => {
    const desired = await load('galileo.yaml.example');
    await expect(prepareDesired(desired, {})).rejects.toThrow(/preset/);
  });
});
