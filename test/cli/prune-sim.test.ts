import { rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createGalileoClient, type GalileoClient } from '../../src/galileo/create-client.js';
import { createDataset } from '../../src/kinds/dataset/api.js';
import { createExperiment, searchExperiments } from '../../src/kinds/experiment/api.js';
import { listProjects } from '../../src/kinds/project/api.js';
import { listScorers } from '../../src/kinds/scorer/api.js';
import { createTemplate, listProjectTemplates } from '../../src/kinds/template/api.js';
import type { PlanChange, UnmanagedResource } from '../../src/core/plan-types.js';
import { startSimulator } from '../../src/sim/start-simulator.js';
import { writeManifestDir } from '../export/org-fixture.js';
import { runCli } from '../helpers/run-cli.js';

const KEY = 'sim-key-d4e5f6';

const SCORERS = `scorers:
  quality:
    type: llm
    node_types: [llm, chat]
    prompt: "Rate it. Input: {input} Output: {output}"
  guarded:
    type: llm
    protect: true
    node_types: [llm, chat]
    prompt: "Is it safe? {output}"
`;

/** galctl's manifest; `drop` names lines (by marker comment) to leave out. */
function manifest(drop: string[] = []): string {
  const text = `version: 1
stack: team-a
${SCORERS}
datasets:
  capitals:
    file: capitals.csv
projects:
  demo:
    templates:
      concise:
        template: "Answer: {{input}}"
    log_streams:
      production:
        scorers: [quality] # guarded-ref
    experiments:
      nightly:
        scorers: [quality]
      weekly: # weekly
        scorers: [quality] # weekly
      pinned: # pinned
        protect: true # pinned
        scorers: [quality, guarded] # pinned
`;
  return text
    .split('\n')
    .filter((l) => !drop.some((d) => l.includes(`# ${d}`)))
    .join('\n');
}

interface JsonPlan {
  summary: Record<string, number>;
  changes: PlanChange[];
  unmanaged: UnmanagedResource[];
}

describe('--prune against the simulator: deletes exactly what galctl owns and the manifest dropped', () => {
  let sim: { url: string; close(): Promise<void> };
  let client: GalileoClient;
  let dir: string;
  let projectId: string;
  const env = (): Record<string, string> => ({ GALILEO_API_KEY: KEY, GALILEO_API_URL: sim.url });
  const cli = (argv: string[]) => runCli(argv, { env: env(), cwd: dir });
  const write = (text: string) => writeFile(path.join(dir, 'galileo.yaml'), text);
  // an experiment's runs are named `<name> · <fingerprint>` (issue 17): listed by the experiment's name
  const experimentNames = async (): Promise<string[]> => (await searchExperiments(client, projectId)).map((e) => e.name.replace(/ · [0-9a-f]{10}$/, '')).sort();

  beforeAll(async () => {
    sim = await startSimulator({ port: 0, apiKey: KEY });
    client = createGalileoClient({ apiUrl: sim.url, apiKey: KEY, minRetryDelayMs: 1 });
    dir = await writeManifestDir(manifest(), { 'capitals.csv': 'input,output\nFrance,Paris\n' });
    const applied = await cli(['apply', '--auto-approve']);
    expect(applied.stderr).toBe('');
    expect(applied.code).toBe(0);
    projectId = (await listProjects(client, { names: ['demo'] }))[0]!.id;
    // made by hand in the same project and org, without galctl's markers
    await createExperiment(client, projectId, { name: 'alice-exp', scorers: [], trigger: false });
    await createTemplate(client, projectId, { name: 'by-hand', template: 'Hand made: {{input}}' });
    await createDataset(client, { name: 'alice-data', format: 'csv', content: 'input\nx\n' });
  });

  afterAll(async () => {
    await client?.close();
    await sim?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('plans nothing after apply, and lists the hand-made objects as unmanaged (left alone)', async () => {
    const r = await cli(['plan', '--prune', '--detailed-exitcode']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Unmanaged (left alone):');
    expect(r.stdout).toContain('experiment "alice-exp" in project "demo" (not created by galctl)');
    expect(r.stdout).toContain('template "by-hand" in project "demo" (not created by galctl)');
    expect(r.stdout).toContain('dataset "alice-data" (not created by galctl)');
  });

  it('a removed experiment: the --prune plan deletes exactly it, highlighted in every format, exit 2', async () => {
    await write(manifest(['weekly']));
    const json = await cli(['plan', '--prune', '--format', 'json', '--detailed-exitcode']);
    expect(json.code).toBe(2);
    const plan = JSON.parse(json.stdout) as JsonPlan;
    expect(plan.changes.map((c) => [c.address, c.action])).toEqual([[expect.stringMatching(/^project\.demo\.experiment\.weekly · [0-9a-f]{10}$/), 'delete']]);
    expect(plan.summary.delete).toBe(1);
    expect(plan.unmanaged.map((u) => `${u.kind}:${u.name}:${u.owned}`).sort()).toEqual(['dataset:alice-data:false', 'experiment:alice-exp:false', 'template:by-hand:false']);

    const text = await cli(['plan', '--prune']);
    expect(text.stdout).toMatch(/ - project\.demo\.experiment\.weekly · [0-9a-f]{10} {2}delete/);
    expect(text.stdout).toContain('Warning: this plan deletes 1 resource from Galileo.');
    const md = await cli(['plan', '--prune', '--format', 'markdown']);
    expect(md.stdout).toContain('> [!CAUTION]');
    expect(md.stdout).toContain('deletes 1 resource');
    expect(md.stdout).toContain('unmanaged (left alone)');

    // without --prune nothing is deleted, but the orphan is shown and counts as a change
    const noPrune = await cli(['plan', '--format', 'json', '--detailed-exitcode']);
    expect(noPrune.code).toBe(2);
    const listed = JSON.parse(noPrune.stdout) as JsonPlan;
    expect(listed.summary.delete).toBe(0);
    expect(listed.unmanaged.filter((u) => u.orphan).map((u) => [u.kind, u.name, u.reason])).toEqual([['experiment', expect.stringMatching(/^weekly · [0-9a-f]{10}$/), 'no longer declared; `--prune` deletes it']]);
    const noPruneText = await cli(['plan']);
    expect(noPruneText.stdout).toMatch(/No longer declared \(`--prune` deletes them\):\n {2}experiment "weekly · [0-9a-f]{10}" in project "demo" \(created by galctl; no longer declared; `--prune` deletes it\)/);
    expect(noPruneText.stdout).toContain('Plan: nothing to change; 1 object no longer declared (`--prune` deletes it).');
  });

  it('apply --prune needs confirmation, then deletes it and leaves the hand-made experiment', async () => {
    const refused = await cli(['apply', '--prune']);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('--auto-approve');
    expect(await experimentNames()).toContain('weekly');

    const applied = await cli(['apply', '--prune', '--auto-approve']);
    expect(applied.code).toBe(0);
    expect(await experimentNames()).toEqual(['alice-exp', 'nightly', 'pinned']);
    expect((await listProjectTemplates(client, projectId)).map((t) => t.name).sort()).toEqual(['by-hand', 'concise']);
    const again = await cli(['plan', '--prune', '--detailed-exitcode']);
    expect(again.code).toBe(0);
  });

  it('protected resources survive --prune after they leave the manifest (the live marker guards them)', async () => {
    await write(manifest(['weekly', 'pinned']).replace(SCORERS, SCORERS.replace(/ {2}guarded:[\s\S]*$/, '')));
    const json = await cli(['plan', '--prune', '--format', 'json']);
    expect(json.stderr).toBe('');
    const plan = JSON.parse(json.stdout) as JsonPlan;
    expect(plan.summary.delete).toBe(0);
    const kept = plan.unmanaged.filter((u) => u.owned).map((u) => [u.kind, u.name, u.protected, u.reason]);
    expect(kept).toEqual(expect.arrayContaining([['experiment', expect.stringMatching(/^pinned · [0-9a-f]{10}$/), true, 'protected'], ['scorer', 'guarded', true, 'protected']]));
    const text = await cli(['plan', '--prune']);
    expect(text.stdout).toMatch(/experiment "pinned · [0-9a-f]{10}" in project "demo" \(created by galctl; protected\)/);

    expect((await cli(['apply', '--prune', '--auto-approve'])).code).toBe(0);
    expect(await experimentNames()).toContain('pinned');
    expect((await listScorers(client, { names: ['guarded'] })).map((s) => s.name)).toEqual(['guarded']);
  });

  it('a declared resource that exists but galctl did not create: a located error, then adopt: true manages it', async () => {
    const base = manifest(['weekly']);
    const declared = base.replace('      concise:\n', '      by-hand:\n        template: "Hand made: {{input}}"\n      concise:\n');
    await write(declared);
    const r = await cli(['plan']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/galileo\.yaml:\d+:\d+: project\.demo\.template\.by-hand: a template named "by-hand" in project "demo" exists in Galileo but galctl did not create it/);
    expect(r.stderr).toContain('hint: add adopt: true to manage it, or run galctl export');

    await write(declared.replace('      by-hand:\n', '      by-hand:\n        adopt: true\n'));
    const adopted = await cli(['plan', '--detailed-exitcode']);
    expect(adopted.stderr).toBe('');
    expect(adopted.code).toBe(0);
  });
});
