import { readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator, type SimulatorHandle } from '../../src/sim/start-simulator.js';
import { copyExampleWorkspace } from '../helpers/example-workspace.js';
import { runCli } from '../helpers/run-cli.js';
import { sendJson, startHostileProxy, type HostileProxy, type Hostility } from '../reliability/hostile-proxy.js';

// galctl against what a real Galileo may answer that the simulator itself does not: the simulator behind a proxy
// that reshapes responses the way the spec allows (a template `Name` object, versions without model fields,
// experiments without `dataset`/`prompt`, a 409 on a create that landed). Issue 13.

type Json = Record<string, unknown>;
const isObj = (v: unknown): v is Json => v !== null && typeof v === 'object' && !Array.isArray(v);
/** The body with `f` applied to every object in it (depth first), for reshaping nested items. */
const mapObjects = (v: unknown, f: (o: Json) => Json): unknown => {
  if (Array.isArray(v)) return v.map((x) => mapObjects(x, f));
  if (!isObj(v)) return v;
  return f(Object.fromEntries(Object.entries(v).map(([k, x]) => [k, mapObjects(x, f)])));
};
const reshape = (route: RegExp, f: (o: Json) => Json): Hostility => (ctx, res) =>
  route.test(`${ctx.method} ${ctx.path}`) && ctx.status === 200 && ctx.body !== undefined && sendJson(res, 200, mapObjects(ctx.body, f));
const without = (o: Json, keys: string[]): Json => Object.fromEntries(Object.entries(o).filter(([k]) => !keys.includes(k)));

describe('galctl against responses the spec allows (through a reshaping proxy)', () => {
  let sim: SimulatorHandle;
  let proxy: HostileProxy;
  let work: string;
  const env = (): Record<string, string> => ({ GALILEO_API_KEY: 'sim-key', GALILEO_API_URL: proxy.url });
  const apply = () => runCli(['apply', '-f', 'galileo.yaml', '--auto-approve'], { env: env(), cwd: work });
  const plan = () => runCli(['plan', '-f', 'galileo.yaml', '--detailed-exitcode'], { env: env(), cwd: work });
  const edit = async (from: string | RegExp, to: string): Promise<void> => {
    const file = path.join(work, 'galileo.yaml');
    const text = await readFile(file, 'utf8');
    const next = text.replace(from, to);
    expect(next, `galileo.yaml contains ${String(from)}`).not.toBe(text);
    await writeFile(file, next);
  };
  const judge = (): Json => (sim.state().scorers as Json[]).find((s) => s['name'] === 'response-quality')!;
  /** A plan through the proxy answering as `hostility` says: it must find nothing to change. */
  const planIsEmptyThrough = async (hostility: Hostility): Promise<string> => {
    proxy.setHostility(hostility);
    try {
      const p = await plan();
      expect(p.stderr).toBe('');
      expect(p.code).toBe(0);
      return p.stdout;
    } finally {
      proxy.setHostility(undefined);
    }
  };

  beforeAll(async () => {
    sim = await startSimulator({ port: 0, jobStepMs: 5 });
    proxy = await startHostileProxy(sim.url);
    work = await copyExampleWorkspace('fidelity');
    const r = await apply();
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
  });

  afterAll(async () => {
    await proxy?.close();
    await sim?.close();
    if (work) await rm(work, { recursive: true, force: true });
  });

  it('creates the LLM shell with defaults (model, judges, chain of thought, output type), as the guide and SDKs do', () => {
    expect(judge()['defaults']).toEqual({ model_name: 'GPT-4o mini', num_judges: 1, cot_enabled: false, output_type: 'percentage' });
  });

  it('moves a new model, judge count and chain of thought into the shell defaults too; a readback from versions without model fields stays empty', async () => {
    await edit('model: ${JUDGE_MODEL:-GPT-4o mini}', 'model: gpt-4.1-mini');
    await edit('judges: 1', 'judges: 3');
    await edit('chain_of_thought: false', 'chain_of_thought: true');
    const r = await apply();
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^new version 2 of scorer\.response-quality/m);
    expect(judge()['defaults']).toEqual({ model_name: 'gpt-4.1-mini', num_judges: 3, cot_enabled: true, output_type: 'percentage' });
    // the spec marks a version's model fields optional: read without them, the shell's defaults must tell the truth
    await planIsEmptyThrough(reshape(/\/scorers/, (o) => ('scorer_id' in o ? without(o, ['model_name', 'num_judges', 'cot_enabled']) : o)));
  });

  it('reads a template whose name is a Name object ({value, append_suffix_if_duplicate}) as that name: no diff', async () => {
    await planIsEmptyThrough(reshape(/\/templates/, (o) => ('selected_version_id' in o && typeof o['name'] === 'string' ? { ...o, name: { value: o['name'], append_suffix_if_duplicate: false } } : o)));
  });

  it('takes an experiment response without dataset or prompt as unknown, not as drift (no replace planned)', async () => {
    expect(await planIsEmptyThrough(reshape(/\/experiments/, (o) => ('task_type' in o && 'project_id' in o ? without(o, ['dataset', 'prompt']) : o)))).not.toMatch(/replace/);
  });

  it('adopts on any 409 to a create (Python\'s ConflictError), whatever its detail says', async () => {
    await edit(/(\n {4}log_streams:\n)/, '$1      staging: { adopt: true }\n');
    let conflicts = 0;
    proxy.setHostility((ctx, res) => {
      if (ctx.method !== 'POST' || !/\/log_streams$/.test(ctx.path) || ctx.status !== 200) return false;
      conflicts += 1;
      return sendJson(res, 409, { detail: 'Conflict' });
    });
    try {
      const r = await apply();
      expect(r.stderr).toBe('');
      expect(r.code).toBe(0);
      expect(r.stdout).toMatch(/^adopted project\.galctl-demo\.log_stream\.staging/m);
    } finally {
      proxy.setHostility(undefined);
    }
    expect(conflicts).toBe(1);
    expect(sim.state().runs.filter((run) => run.name === 'staging')).toHaveLength(1);
    expect((await plan()).code).toBe(0);
  });

  it('uploads inline dataset rows as JSONL', async () => {
    await edit(/\ndatasets:\n/, '\ndatasets:\n  inline-qa:\n    rows:\n      - { input: "2+2?", output: "4", metadata: { level: 1 } }\n      - { input: "3+3?", output: "6" }\n');
    const formats: (string | null)[] = [];
    proxy.setHostility((ctx) => {
      if (ctx.method === 'POST' && ctx.path === '/datasets') formats.push(ctx.query.get('format'));
      return false;
    });
    try {
      const r = await apply();
      expect(r.stderr).toBe('');
      expect(r.code).toBe(0);
    } finally {
      proxy.setHostility(undefined);
    }
    expect(formats).toEqual(['jsonl']);
    const ds = (sim.state().datasets as { name: string; versions: { rows: { values: Json }[] }[] }[]).find((d) => d.name === 'inline-qa')!;
    expect(ds.versions[0]!.rows.map((row) => row.values)).toEqual([
      { input: '2+2?', output: '4', metadata: { level: 1 } },
      { input: '3+3?', output: '6', metadata: null },
    ]);
    expect((await plan()).code).toBe(0);
  });
});
