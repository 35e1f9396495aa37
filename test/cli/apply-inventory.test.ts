import { readFile, readdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { claimInInventory } from '../../src/engine/apply/write-inventory.js';
import { createGalileoClient, type GalileoClient } from '../../src/galileo/create-client.js';
import { createDataset, patchDatasetContent, queryDatasets } from '../../src/kinds/dataset/api.js';
import { createProject } from '../../src/kinds/project/api.js';
import { findInventory } from '../../src/engine/read/read-inventory.js';
import { INVENTORY_DATASET_NAME } from '../../src/core/inventory-dataset.js';
import { inventoryValues } from '../../src/engine/ownership.js';
import type { PlanChange, UnmanagedResource } from '../../src/core/plan-types.js';
import { startSimulator, type SimulatorHandle } from '../../src/sim/start-simulator.js';
import { writeManifestDir } from '../export/org-fixture.js';
import { runCli } from '../helpers/run-cli.js';
import { inventoryRows, simCounts } from './sim-counts.js';

const KEY = 'sim-key-inv';

const MANIFEST = `version: 1
stack: team-a
scorers:
  quality:
    type: llm
    node_types: [llm, chat]
    prompt: "Rate it. Input: {input} Output: {output}"
datasets:
  capitals:
    file: capitals.csv
projects:
  demo:
    labels: [sample]
    templates:
      concise:
        template: "Answer: {{input}}"
    log_streams:
      production:
        protect: true
        scorers: [quality]
    experiments:
      nightly:
        scorers: [quality]
      weekly: # weekly
        scorers: [quality] # weekly
`;

/** Every object of MANIFEST, once, confirmed, in stack team-a. */
const ROWS = [
  'dataset /capitals false @team-a',
  'experiment demo/nightly false @team-a',
  'experiment demo/weekly false @team-a',
  'log_stream demo/production true @team-a',
  'project /demo false @team-a',
  'scorer /quality false @team-a',
  'template demo/concise false @team-a',
];

interface JsonPlan {
  changes: PlanChange[];
  unmanaged: UnmanagedResource[];
}

describe("galctl's inventory against the simulator", () => {
  let sim: SimulatorHandle;
  let client: GalileoClient;
  let dir: string;
  const env = (): Record<string, string> => ({ GALILEO_API_KEY: KEY, GALILEO_API_URL: sim.url });
  const cli = (argv: string[]) => runCli(argv, { env: env(), cwd: dir });
  const planChanges = async (...extra: string[]): Promise<JsonPlan> => {
    const r = await cli(['plan', '--format', 'json', ...extra]);
    expect(r.stderr).toBe('');
    return JSON.parse(r.stdout) as JsonPlan;
  };
  const pending = (p: JsonPlan): string[] => p.changes.filter((c) => c.action !== 'no-op').map((c) => `${c.action} ${c.address}`);

  beforeAll(async () => {
    sim = await startSimulator({ port: 0, apiKey: KEY });
    client = createGalileoClient({ apiUrl: sim.url, apiKey: KEY, minRetryDelayMs: 1 });
    dir = await writeManifestDir(MANIFEST, { 'capitals.csv': 'input,output\nFrance,Paris\n' });
  });
  beforeEach(async () => {
    sim.reset();
    await writeFile(path.join(dir, 'galileo.yaml'), MANIFEST);
  });
  afterAll(async () => {
    await client?.close();
    await sim?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('apply claims before any step, confirms each create with its id, and leaves one confirmed row per object; no galctl label on the project', async () => {
    const r = await cli(['apply', '--auto-approve']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(inventoryRows(sim.state())).toEqual(ROWS);
    const inv = (sim.state().datasets as { name: string; hidden: boolean }[]).find((d) => d.name === INVENTORY_DATASET_NAME);
    expect(inv?.hidden).toBe(true);
    const projects = sim.state().projects as { name: string; labels: string[] }[];
    expect(projects.map((p) => [p.name, p.labels])).toEqual([['demo', ['sample']]]);
    // created with the claims; confirmations go in batches (at most one per object), then one tidy
    expect(sim.stats().by_route['PATCH /datasets/:dataset_id/content'] ?? 0).toBeLessThanOrEqual(ROWS.length + 1);
    expect(pending(await planChanges())).toEqual([]);

    // a re-apply with a new object: a claim, its confirmation and a tidy; nothing duplicated
    await writeFile(path.join(dir, 'galileo.yaml'), MANIFEST.replace('    experiments:\n', '    experiments:\n      monthly:\n        scorers: [quality]\n'));
    const before = sim.stats().by_route['PATCH /datasets/:dataset_id/content'] ?? 0;
    expect((await cli(['apply', '--auto-approve'])).code).toBe(0);
    expect((sim.stats().by_route['PATCH /datasets/:dataset_id/content'] ?? 0) - before).toBe(3);
    expect(inventoryRows(sim.state())).toEqual([...ROWS, 'experiment demo/monthly false @team-a'].sort());
  });

  it('a no-op plan reads the inventory in the dataset query it already makes, plus one request for its rows', async () => {
    expect((await cli(['apply', '--auto-approve'])).code).toBe(0);
    const r = await cli(['plan', '--detailed-exitcode', '--stats']);
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/POST \/datasets\/query\s+1\b/);
    expect(r.stderr).toMatch(/GET \/datasets\/\{dataset_id\}\/content\s+1\b/);
  });

  it('crash after the claim, before the create: the re-run creates everything without adopt and without a second row', async () => {
    // what a killed apply leaves: the inventory claims, nothing created; an experiment is claimed under its run's
    // name (`nightly · <fingerprint>`, issue 17), as the plan names it
    const runNames = new Map((await planChanges()).changes.filter((c) => c.kind === 'experiment').map((c) => [c.address.split('.').at(-1)!, c.name]));
    await claimInInventory(client, undefined, ROWS.map((line) => {
      const [kind, where, prot] = line.split(' ') as [string, string, string];
      const [project, name] = where.split('/') as [string, string];
      return { kind: kind as 'project', project, name: kind === 'experiment' ? runNames.get(name)! : name, protected: prot === 'true', stack: 'team-a', id: '' };
    }));
    const creates = pending(await planChanges()).filter((c) => c.startsWith('create ') && !c.endsWith('.scorers'));
    expect(creates.length).toBe(7); // the 6 claimed, and the scorer; no adopt error
    const r = await cli(['apply', '--auto-approve']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(inventoryRows(sim.state())).toEqual(ROWS);
    expect(pending(await planChanges())).toEqual([]);
  });

  it('crash after the create, before its confirmation: made right after the claim, the object is taken (no adopt error), the re-run confirms it', async () => {
    await claimInInventory(client, undefined, [
      { kind: 'project', project: '', name: 'demo', protected: false, stack: 'team-a', id: '' },
      { kind: 'dataset', project: '', name: 'capitals', protected: false, stack: 'team-a', id: '' },
    ]);
    await createProject(client, { name: 'demo' }); // its labels not yet set
    await createDataset(client, { name: 'capitals', format: 'csv', content: 'input,output\nFrance,Paris\n' }); // version not yet named
    const p = await planChanges();
    expect(pending(p)).toContain('update project.demo'); // labels: [sample] still to set
    expect(pending(p)).toContain('update dataset.capitals'); // rows equal, version to name with the hash
    const r = await cli(['apply', '--auto-approve']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(simCounts(sim.state()).datasets).toEqual(['capitals v1 galctl:sha256']);
    expect(inventoryRows(sim.state())).toEqual(ROWS);
    expect(pending(await planChanges())).toEqual([]);
  });

  it('two applies of the same manifest at once: each object once, and the plan is empty afterwards', async () => {
    const [a, b] = await Promise.all([cli(['apply', '--auto-approve']), cli(['apply', '--auto-approve'])]);
    expect([a.code, b.code], `${a.stderr}\n${b.stderr}`).toEqual([0, 0]);
    const counts = simCounts(sim.state());
    expect(counts.projects).toEqual(['demo']);
    expect(counts.datasets).toEqual(['capitals v1 galctl:sha256']);
    expect([...new Set(inventoryRows(sim.state()))]).toEqual(ROWS);
    expect((await queryDatasets(client, { names: [INVENTORY_DATASET_NAME] })).length).toBe(1);
    expect(pending(await planChanges())).toEqual([]);
  });

  it('duplicate rows are harmless: plan, prune and apply --prune see one object and drop every row of it', async () => {
    expect((await cli(['apply', '--auto-approve'])).code).toBe(0);
    const inv = await findInventory(client);
    const copies = inv!.rows.filter((r) => r.name === 'weekly' || r.kind === 'project');
    await patchDatasetContent(client, inv!.id, inv!.etag!, copies.map((r) => ({ edit_type: 'append_row' as const, values: inventoryValues(r) })));
    expect(pending(await planChanges('--prune'))).toEqual([]);
    await writeFile(path.join(dir, 'galileo.yaml'), MANIFEST.split('\n').filter((l) => !l.includes('# weekly')).join('\n'));
    const p = await planChanges('--prune');
    expect(pending(p)).toEqual([expect.stringMatching(/^delete project\.demo\.experiment\.weekly · [0-9a-f]{10}$/)]);
    const r = await cli(['apply', '--prune', '--auto-approve']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(inventoryRows(sim.state())).toEqual([...ROWS.filter((x) => !x.includes('weekly')), 'project /demo false @team-a'].sort());
    expect(pending(await planChanges('--prune'))).toEqual([]);
  });

  it('the inventory never shows up in a plan, in --prune, or in an export', async () => {
    expect((await cli(['apply', '--auto-approve'])).code).toBe(0);
    const p = await planChanges('--prune');
    const mentioned = JSON.stringify([p.changes, p.unmanaged]);
    expect(mentioned).not.toContain(INVENTORY_DATASET_NAME);
    expect(p.unmanaged).toEqual([]);
    const text = await cli(['plan', '--prune']);
    expect(text.stdout).not.toContain(INVENTORY_DATASET_NAME);

    const e = await cli(['export', '-o', 'out']);
    expect(e.stderr).toBe('');
    expect(e.code).toBe(0);
    expect(e.stdout).toContain('1 dataset');
    expect(await readFile(path.join(dir, 'out/galileo.yaml'), 'utf8')).not.toContain(INVENTORY_DATASET_NAME);
    expect(await readdir(path.join(dir, 'out/datasets'))).toEqual(['capitals.csv']);
    await rm(path.join(dir, 'out'), { recursive: true, force: true });
  });
});
