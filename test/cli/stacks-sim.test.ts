import { readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createGalileoClient, type GalileoClient } from '../../src/galileo/create-client.js';
import { createDataset } from '../../src/kinds/dataset/api.js';
import type { PlanChange, UnmanagedResource } from '../../src/core/plan-types.js';
import { startSimulator, type SimulatorHandle } from '../../src/sim/start-simulator.js';
import { writeManifestDir } from '../export/org-fixture.js';
import { runCli, spawnCli } from '../helpers/run-cli.js';
import { inventoryRows } from './sim-counts.js';

const KEY = 'sim-key-stacks';

interface JsonPlan {
  summary: Record<string, number>;
  changes: PlanChange[];
  unmanaged: UnmanagedResource[];
}

/** One team's manifest: a scorer, a dataset and a project with a log stream and two experiments; `drop` leaves lines out by marker. */
function team(t: string, drop: string[] = []): string {
  return `version: 1
stack: team-${t}
scorers:
  ${t}-quality:
    type: llm
    node_types: [llm, chat]
    prompt: "Rate it. Input: {input} Output: {output}"
datasets: # data
  ${t}-data: # data
    file: ${t}.csv # data
projects: # project
  ${t}-project: # project
    log_streams: # project
      prod: # project
        scorers: [${t}-quality] # project
    experiments: # project
      nightly: # project
        scorers: [${t}-quality] # project
      weekly: # project weekly
        scorers: [${t}-quality] # project weekly
`
    .split('\n')
    .filter((l) => !drop.some((d) => l.includes(`# ${d}`) || l.endsWith(` ${d}`)))
    .join('\n');
}

/** Every object the simulator holds, as `kind:name` (the inventory left out). */
function everything(sim: SimulatorHandle): string[] {
  const s = sim.state() as unknown as {
    projects: { name: string }[];
    scorers: { name: string; preset: boolean }[];
    datasets: { name: string }[];
    runs: { kind: string; name: string; project_id: string }[];
  };
  const project = new Map((s.projects as { id: string; name: string }[]).map((p) => [p.id, p.name]));
  return [
    ...s.projects.map((p) => `project:${p.name}`),
    ...s.scorers.filter((x) => !x.preset).map((x) => `scorer:${x.name}`),
    ...s.datasets.filter((d) => d.name !== 'galctl-inventory').map((d) => `dataset:${d.name}`),
    // an experiment's runs by the experiment's name (`nightly · <fingerprint>` → `nightly`, issue 17)
    ...s.runs.map((r) => `${r.kind}:${project.get(r.project_id) ?? '?'}/${r.name.replace(/ · [0-9a-f]{10}$/, '')}`),
  ].sort();
}

/** One simulator, client and manifest directory for a describe block: started before its tests, closed after. */
function simWorkspace(manifest: () => string, files: Record<string, string>) {
  const ws = { sim: undefined as unknown as SimulatorHandle, client: undefined as unknown as GalileoClient, dir: '' };
  beforeAll(async () => {
    ws.sim = await startSimulator({ port: 0, apiKey: KEY, jobStepMs: 1 });
    ws.client = createGalileoClient({ apiUrl: ws.sim.url, apiKey: KEY, minRetryDelayMs: 1 });
    ws.dir = await writeManifestDir(manifest(), files);
  });
  afterAll(async () => {
    await ws.client?.close();
    await ws.sim?.close();
    if (ws.dir) await rm(ws.dir, { recursive: true, force: true });
  });
  const env = (): Record<string, string> => ({ GALILEO_API_KEY: KEY, GALILEO_API_URL: ws.sim.url });
  return {
    ws,
    env,
    /** the CLI in the directory; `confirm` runs at apply's prompt (stdin is then a terminal) */
    cli: (argv: string[], confirm?: () => Promise<boolean>) => runCli(argv, { env: env(), cwd: ws.dir, ...(confirm === undefined ? {} : { stdinIsTTY: true, confirm }) }),
    write: (text: string) => writeFile(path.join(ws.dir, 'galileo.yaml'), text),
  };
}

describe('two stacks in one org: each applies, prunes and re-plans empty; neither touches the other', () => {
  let sim: SimulatorHandle;
  let client: GalileoClient;
  const dirs: Record<string, string> = {};
  const env = (): Record<string, string> => ({ GALILEO_API_KEY: KEY, GALILEO_API_URL: sim.url });
  const cli = (t: string, argv: string[]) => runCli(argv, { env: env(), cwd: dirs[t]! });
  const write = (t: string, text: string) => writeFile(path.join(dirs[t]!, 'galileo.yaml'), text);
  const planJson = async (t: string, ...extra: string[]): Promise<JsonPlan> => {
    const r = await cli(t, ['plan', '--format', 'json', ...extra]);
    expect(r.stderr).toBe('');
    return JSON.parse(r.stdout) as JsonPlan;
  };

  beforeAll(async () => {
    sim = await startSimulator({ port: 0, apiKey: KEY });
    client = createGalileoClient({ apiUrl: sim.url, apiKey: KEY, minRetryDelayMs: 1 });
    for (const t of ['a', 'b']) dirs[t] = await writeManifestDir(team(t), { [`${t}.csv`]: `input,output\n${t},${t.toUpperCase()}\n` });
  });
  afterAll(async () => {
    await client?.close();
    await sim?.close();
    for (const d of Object.values(dirs)) await rm(d, { recursive: true, force: true });
  });

  it('both apply; each re-plans empty, with --prune too', async () => {
    for (const t of ['a', 'b']) {
      const r = await cli(t, ['apply', '--auto-approve']);
      expect(r.stderr).toBe('');
      expect(r.code).toBe(0);
    }
    for (const t of ['a', 'b']) {
      expect((await cli(t, ['plan', '--detailed-exitcode'])).code).toBe(0);
      expect((await cli(t, ['plan', '--prune', '--detailed-exitcode'])).code).toBe(0);
    }
    expect(inventoryRows(sim.state()).filter((r) => r.endsWith('@team-b'))).toHaveLength(6);
  });

  it("a's prune plan names b's objects as b's and deletes none of them", async () => {
    const p = await planJson('a', '--prune');
    expect(p.summary.delete).toBe(0);
    expect(p.unmanaged.map((u) => [u.kind, u.name, u.owned, u.owner_stack])).toEqual([['dataset', 'b-data', false, 'team-b']]);
    const text = await cli('a', ['plan', '--prune']);
    expect(text.stdout).toContain('dataset "b-data" (owned by stack "team-b")');
  });

  it("a stack never takes another stack's object, even with adopt: true", async () => {
    await write('a', team('a').replace('datasets: # data\n', 'datasets: # data\n  b-data:\n    adopt: true\n    file: a.csv\n'));
    const r = await cli('a', ['plan']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/dataset\.b-data: a dataset named "b-data" exists in Galileo but it belongs to stack "team-b", which this manifest never changes/);
    await write('a', team('a'));
  });

  it('a removed experiment shows in the default plan and --detailed-exitcode exits 2; apply --prune deletes only it', async () => {
    await write('a', team('a', ['weekly']));
    const plain = await cli('a', ['plan', '--detailed-exitcode']);
    expect(plain.code).toBe(2);
    expect(plain.stdout).toMatch(/experiment "weekly · [0-9a-f]{10}" in project "a-project" \(created by galctl; no longer declared; `--prune` deletes it\)/);
    const md = await cli('a', ['plan', '--format', 'markdown']);
    expect(md.stdout).toMatch(/No longer declared \(`--prune` deletes them\):\n- experiment `weekly · [0-9a-f]{10}` in `a-project`/);

    const before = everything(sim);
    const applied = await cli('a', ['apply', '--prune', '--auto-approve']);
    expect(applied.stderr).toBe('');
    expect(applied.code).toBe(0);
    const gone = before.filter((x) => !everything(sim).includes(x));
    expect(gone).toEqual(['experiment:a-project/weekly']); // b's same-named experiment is still there
    expect((await cli('a', ['plan', '--prune', '--detailed-exitcode'])).code).toBe(0);
    expect((await cli('b', ['plan', '--prune', '--detailed-exitcode'])).code).toBe(0);
  });

  it("a dropped project prunes with its children in one apply (the built CLI), and b's objects stay", async () => {
    await write('b', team('b', ['project', 'data']).replace('projects: # project\n', ''));
    const p = await planJson('b', '--prune');
    expect(p.changes.filter((c) => c.action === 'delete').map((c) => c.address)).toEqual([
      expect.stringMatching(/^project\.b-project\.experiment\.nightly · [0-9a-f]{10}$/),
      expect.stringMatching(/^project\.b-project\.experiment\.weekly · [0-9a-f]{10}$/),
      'project.b-project.log_stream.prod',
      'project.b-project',
      'dataset.b-data',
    ]);
    const r = await spawnCli(['apply', '--prune', '--auto-approve'], { env: env(), cwd: dirs['b']! });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const left = everything(sim);
    expect(left).not.toContain('project:b-project');
    expect(left).not.toContain('dataset:b-data');
    expect(left).toContain('scorer:b-quality');
    expect(left).toEqual(['dataset:a-data', 'experiment:a-project/nightly', 'log_stream:a-project/prod', 'project:a-project', 'scorer:a-quality', 'scorer:b-quality']);
    expect((await spawnCli(['plan', '--prune', '--detailed-exitcode'], { env: env(), cwd: dirs['b']! })).code).toBe(0);
    expect((await cli('a', ['plan', '--prune', '--detailed-exitcode'])).code).toBe(0);
  });

  it('--prune refuses without stack:, and so does prune: true', async () => {
    await write('b', team('b').replace('stack: team-b\n', ''));
    const r = await cli('b', ['plan', '--prune']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('has no stack:, so galctl cannot tell which objects this manifest owns and refuses to prune');
    await write('b', team('b').replace('stack: team-b\n', 'prune: true\n'));
    expect((await cli('b', ['apply', '--auto-approve'])).code).toBe(1);
    await write('b', team('b'));
  });
});

describe('claims that cannot lie', () => {
  const manifest = (extra = '') => `version: 1
stack: team-a
datasets:
  capitals:
    file: capitals.csv
  shared:${extra}
    file: capitals.csv
`;
  /** A colleague makes a same-named dataset by hand, in the UI. */
  const colleague = (name: string) => createDataset(ws.client, { name, format: 'csv', content: 'input\nby hand\n' });
  const datasets = (): string[] => (ws.sim.state().datasets as { name: string }[]).map((d) => d.name).filter((n) => n !== 'galctl-inventory').sort();

  const { ws, env, cli, write } = simWorkspace(manifest, { 'capitals.csv': 'input,output\nFrance,Paris\n' });
  beforeEach(async () => {
    ws.sim.reset();
    await write(manifest());
  });

  it('an object made by hand between plan and apply is refused without adopt: true; the failed create leaves no claim, and the colleague\'s dataset survives apply --prune', async () => {
    const r = await cli(['apply'], async () => {
      await colleague('shared');
      return true;
    });
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('a dataset named "shared" appeared in Galileo after the plan was made, and galctl did not create it; this step was not applied');
    expect(inventoryRows(ws.sim.state()).filter((x) => x.includes('shared'))).toEqual([]);

    // still declared: galctl does not take it
    const declared = await cli(['plan']);
    expect(declared.code).toBe(1);
    expect(declared.stderr).toContain('dataset.shared: a dataset named "shared" exists in Galileo but galctl did not create it');

    // dropped from the manifest: --prune leaves it
    await write(manifest().replace(/ {2}shared:\n {4}file: capitals\.csv\n/, ''));
    const pruned = await cli(['apply', '--prune', '--auto-approve']);
    expect(pruned.stderr).toBe('');
    expect(pruned.code).toBe(0);
    expect(datasets()).toEqual(['capitals', 'shared']);
    expect((await cli(['plan', '--prune'])).stdout).toContain('dataset "shared" (not created by galctl)');
  });

  it('galctl export writes a stack: and claims nothing until the export is applied', async () => {
    await colleague('by-hand');
    const r = await cli(['export', '-o', 'out', '--stack', 'team-c']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const text = await readFile(path.join(ws.dir, 'out/galileo.yaml'), 'utf8');
    expect(text).toMatch(/^stack: team-c$/m);
    expect(inventoryRows(ws.sim.state())).toEqual([]);
    const plan = await runCli(['plan', '-f', 'out/galileo.yaml', '--detailed-exitcode'], { env: env(), cwd: ws.dir });
    expect(plan.stderr).toBe('');
    expect(plan.code).toBe(0);
    expect(inventoryRows(ws.sim.state())).toEqual([]);
    await rm(path.join(ws.dir, 'out'), { recursive: true, force: true });
  });

  it('with adopt: true, an object that appeared between plan and apply is adopted and becomes the stack\'s', async () => {
    await write(manifest('\n    adopt: true'));
    const r = await cli(['apply'], async () => {
      await colleague('shared');
      return true;
    });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/adopted dataset\.shared \(new version 2\)/);
    expect(inventoryRows(ws.sim.state()).filter((x) => x.includes('shared'))).toEqual(['dataset /shared false @team-a']);
    expect((await cli(['plan', '--detailed-exitcode'])).code).toBe(0);
  });
});

describe('renames and replaces', () => {
  const scorers = (): string[] => (ws.sim.state().scorers as { name: string; scorer_type: string; preset: boolean }[]).filter((s) => !s.preset).map((s) => `${s.scorer_type}:${s.name}`).sort();
  const LLM = `version: 1
stack: team-a
scorers:
  quality:
    type: llm
    node_types: [llm]
    prompt: "Rate it. {output}"
projects:
  demo:
    log_streams:
      prod:
        scorers: [quality]
`;
  const CODE = LLM.replace('    type: llm\n', '    type: code\n').replace('    prompt: "Rate it. {output}"\n', '    file: quality.py\n');

  const { ws, cli, write } = simWorkspace(() => LLM, { 'quality.py': 'def scorer_fn(step_object, **kwargs) -> float:\n    return 1.0\n' });
  beforeEach(() => ws.sim.reset());

  it('a scorer type change (llm to code) plans a labelled replace that needs --allow-replace, never a second scorer', async () => {
    await write(LLM);
    expect((await cli(['apply', '--auto-approve'])).code).toBe(0);
    await write(CODE);
    const p = JSON.parse((await cli(['plan', '--format', 'json'])).stdout) as JsonPlan;
    const change = p.changes.find((c) => c.address === 'scorer.quality')!;
    expect(change.action).toBe('replace');
    expect(change.reason).toContain("type changed from llm to code: a scorer's type is fixed at creation");
    expect((await cli(['plan'])).stdout).toMatch(/-\/\+ scorer\.quality \(code\) {2}replace/);

    const refused = await cli(['apply', '--auto-approve']);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('--allow-replace');
    expect(scorers()).toEqual(['llm:quality']);

    const r = await cli(['apply', '--auto-approve', '--allow-replace']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(scorers()).toEqual(['code:quality']);
    expect((await cli(['plan', '--prune', '--detailed-exitcode'])).code).toBe(0);
  });
});

describe('moved: renames keep the object', () => {
  const manifest = (key: string, extra = '') => `version: 1
stack: team-a
datasets:
  capitals:
    file: capitals.csv
projects:
  ${key}:${extra}
    log_streams:
      prod: {}
    experiments:
      nightly:
        scorers: [preset:correctness]
`;
  const state = () => {
    const s = ws.sim.state() as unknown as { projects: { id: string; name: string }[]; runs: { id: string; name: string; project_id: string }[] };
    return { projects: s.projects.map((p) => `${p.name}:${p.id}`), runs: s.runs.map((r) => `${r.name}:${r.id}:${r.project_id}`).sort() };
  };

  const { ws, cli, write } = simWorkspace(() => manifest('old'), { 'capitals.csv': 'input,output\nFrance,Paris\n' });

  it('a moved: project rename keeps the project id and its runs; a display name: change alone is a rename too', async () => {
    const first = await cli(['apply', '--auto-approve']);
    expect(first.stderr).toBe('');
    expect(first.code).toBe(0);
    const before = state();
    const id = before.projects[0]!.split(':')[1]!;

    await write(`${manifest('new')}moved:\n  - from: project.old\n    to: project.new\n`);
    const p = JSON.parse((await cli(['plan', '--prune', '--format', 'json'])).stdout) as JsonPlan;
    expect(p.changes.filter((c) => c.action !== 'no-op').map((c) => [c.address, c.action, c.fields.map((f) => `${f.path}: ${String(f.before)} -> ${String(f.after)}`)])).toEqual([
      ['project.new', 'update', ['name: old -> new']],
    ]);
    expect(p.unmanaged).toEqual([]);
    const r = await cli(['apply', '--prune', '--auto-approve']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const after = state();
    expect(after.projects).toEqual([`new:${id}`]);
    expect(after.runs).toEqual(before.runs);
    expect((await cli(['plan', '--prune', '--detailed-exitcode'])).code).toBe(0);

    // the moved: entry can go; then only `name:` changes: still the same project
    await write(manifest('new', '\n    name: New Display Name'));
    const renamed = await cli(['apply', '--prune', '--auto-approve']);
    expect(renamed.stderr).toBe('');
    expect(renamed.code).toBe(0);
    expect(state().projects).toEqual([`New Display Name:${id}`]);
    expect(state().runs).toEqual(before.runs);
    expect((await cli(['plan', '--prune', '--detailed-exitcode'])).code).toBe(0);
  });

  it('a moved: experiment is a new run under its new name (issue 17); a renamed dataset keeps its id', async () => {
    await write(manifest('new', '\n    name: New Display Name'));
    const datasetId = (ws.sim.state().datasets as { id: string; name: string }[]).find((d) => d.name === 'capitals')!.id;
    await write(
      `${manifest('new', '\n    name: New Display Name').replace('      nightly:', '      nightly-2:').replace('  capitals:\n    file', '  capitals:\n    name: world-capitals\n    file')}moved:\n  - from: project.new.experiment.nightly\n    to: project.new.experiment.nightly-2\n`,
    );
    const p = JSON.parse((await cli(['plan', '--format', 'json'])).stdout) as JsonPlan;
    expect(p.changes.filter((c) => c.action !== 'no-op').map((c) => [c.address, c.action])).toEqual([
      ['dataset.capitals', 'update'],
      ['project.new.experiment.nightly-2', 'create'],
      ['project.new.experiment.nightly-2.scorers', 'create'],
    ]);
    const r = await cli(['apply', '--prune', '--auto-approve']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(state().runs.map((x) => x.split(':')[0]!.replace(/ · [0-9a-f]{10}$/, ''))).toEqual(['nightly-2', 'prod']);
    expect((ws.sim.state().datasets as { id: string; name: string }[]).find((d) => d.name === 'world-capitals')?.id).toBe(datasetId);
    expect((await cli(['plan', '--prune', '--detailed-exitcode'])).code).toBe(0);
  });

  it('moved: must name a declared address', async () => {
    await write(`${manifest('new')}moved:\n  - from: project.old\n    to: project.elsewhere\n`);
    const r = await cli(['plan']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('"to" must be an address this manifest declares');
  });
});

describe('cautions: pruning what holds data is called out', () => {
  const FULL = `version: 1
stack: team-a
datasets: # gone
  answers: # gone
    file: answers.csv # gone
projects:
  demo:
    log_streams:
      kept: {}
      prod: # gone
        traces: traces.jsonl # gone
    experiments: # gone
      eval: # gone
        dataset: answers # gone
        trigger: false # gone
        scorers: [preset:correctness] # gone
`;
  const TRACE = (i: number) => JSON.stringify({ input: `q${i}`, output: `a${i}` });

  const { cli, write } = simWorkspace(() => FULL, { 'answers.csv': 'input,output,generated_output\nq,a,a\n', 'traces.jsonl': `${TRACE(1)}\n${TRACE(2)}\n` });

  it('a log stream with traces and a dataset an experiment uses: named in the plan, with --prune and without, and in markdown as [!CAUTION]', async () => {
    const applied = await cli(['apply', '--auto-approve']);
    expect(applied.stderr).toBe('');
    expect(applied.code).toBe(0);
    await write(FULL.split('\n').filter((l) => !l.endsWith('# gone')).join('\n'));

    const listed = await cli(['plan', '--detailed-exitcode']);
    expect(listed.code).toBe(2);
    expect(listed.stdout).toContain('log_stream "prod" in project "demo" (created by galctl; no longer declared; `--prune` deletes it; caution: holds 2 traces, deleted with it)');
    expect(listed.stdout).toMatch(/dataset "answers" \(created by galctl; no longer declared; `--prune` deletes it; caution: used by experiment "eval · [0-9a-f]{10}" in project "demo"\)/);

    const pruned = await cli(['plan', '--prune']);
    expect(pruned.stdout).toMatch(/- project\.demo\.log_stream\.prod {2}delete\n(.*\n)*? {6}! caution: holds 2 traces, deleted with it/);
    const md = await cli(['plan', '--prune', '--format', 'markdown']);
    expect(md.stdout).toContain('> [!CAUTION]\n> This plan **deletes 3 resources** from Galileo.\n');
    expect(md.stdout).toContain('> - `project.demo.log_stream.prod`: holds 2 traces, deleted with it');
    expect(md.stdout).toMatch(/> - `dataset\.answers`: used by experiment "eval · [0-9a-f]{10}" in project "demo"/);
    const plainMd = await cli(['plan', '--format', 'markdown']);
    expect(plainMd.stdout).toContain('> [!CAUTION]\n> `--prune` would delete data:\n> - log_stream `prod`: holds 2 traces, deleted with it');
  });

  it('--target with --prune stays inside the target\'s subtree', async () => {
    const inside = JSON.parse((await cli(['plan', '--prune', '--target', 'project.demo.log_stream.kept', '--format', 'json'])).stdout) as JsonPlan;
    expect(inside.changes.filter((c) => c.action === 'delete')).toEqual([]);
    expect(inside.unmanaged.filter((u) => u.orphan)).toEqual([]);
    const r = await cli(['apply', '--prune', '--target', 'project.demo.log_stream.prod', '--auto-approve']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const left = JSON.parse((await cli(['plan', '--prune', '--format', 'json'])).stdout) as JsonPlan;
    expect(left.changes.filter((c) => c.action === 'delete').map((c) => c.address)).toEqual([expect.stringMatching(/^project\.demo\.experiment\.eval · [0-9a-f]{10}$/), 'dataset.answers']);
  });
});

describe('moving a manifest without stack: to a named stack', () => {
  const UNNAMED = `version: 1
datasets:
  capitals:
    file: capitals.csv
projects:
  demo:
    experiments:
      nightly:
        scorers: [preset:correctness]
`;
  const named = (): string => UNNAMED.replace('version: 1\n', 'version: 1\nstack: team-a\n');
  const { ws, cli, write } = simWorkspace(() => UNNAMED, { 'capitals.csv': 'input,output\nFrance,Paris\n' });
  const withAdopt = (text: string) => text.replace(/^( *)(capitals|demo|nightly):\n/gm, (_m, indent: string, key: string) => `${indent}${key}:\n${indent}  adopt: true\n`);

  it('its objects are nobody\'s to the named stack; adopt: true moves them over in one apply, then prune works', async () => {
    expect((await cli(['apply', '--auto-approve'])).code).toBe(0);
    await write(named());
    const refused = await cli(['plan']);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('galctl did not create it');

    await write(withAdopt(named()));
    const p = JSON.parse((await cli(['plan', '--format', 'json'])).stdout) as JsonPlan;
    expect(p.changes.filter((c) => c.action !== 'no-op').map((c) => [c.address, c.fields.map((f) => `${f.path}: ${String(f.after)}`)])).toEqual([
      ['project.demo', ['ownership: stack "team-a"']],
      ['dataset.capitals', ['ownership: stack "team-a"']],
      ['project.demo.experiment.nightly', ['ownership: stack "team-a"']],
    ]);
    const r = await cli(['apply', '--auto-approve']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(inventoryRows(ws.sim.state()).filter((x) => x.endsWith('@team-a')).sort()).toEqual(['dataset /capitals false @team-a', 'experiment demo/nightly false @team-a', 'project /demo false @team-a']);

    await write(named().replace(/ {2}demo:\n[\s\S]*$/, '  demo: {}\n'));
    const pruned = await cli(['apply', '--prune', '--auto-approve']);
    expect(pruned.stderr).toBe('');
    expect(pruned.stdout).toMatch(/deleted project\.demo\.experiment\.nightly · [0-9a-f]{10}/);
    expect((await cli(['plan', '--prune', '--detailed-exitcode'])).code).toBe(0);
  });
});
