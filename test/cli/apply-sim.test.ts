import { readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createGalileoClient, type GalileoClient } from '../../src/galileo/create-client.js';
import { listScorers, updateScorer } from '../../src/kinds/scorer/api.js';
import { startSimulator, type SimulatorHandle } from '../../src/sim/start-simulator.js';
import { runCli } from '../helpers/run-cli.js';
import { EXAMPLE_APPLIED, simCounts } from './sim-counts.js';
import { copyExampleWorkspace } from '../helpers/example-workspace.js';


describe('galctl apply against the simulator (galileo.yaml.example: every kind)', () => {
  let sim: SimulatorHandle;
  let client: GalileoClient;
  let work: string;
  const env = (): Record<string, string> => ({ GALILEO_API_KEY: 'sim-key', GALILEO_API_URL: sim.url });
  const apply = (...args: string[]) => runCli(['apply', '-f', 'galileo.yaml', ...args], { env: env(), cwd: work });
  const planExit = async (): Promise<number> => (await runCli(['plan', '-f', 'galileo.yaml', '--detailed-exitcode'], { env: env(), cwd: work })).code;
  const edit = async (rel: string, from: string | RegExp, to: string): Promise<void> => {
    const file = path.join(work, rel);
    const text = await readFile(file, 'utf8');
    const next = text.replace(from, to);
    expect(next, `${rel} contains ${String(from)}`).not.toBe(text);
    await writeFile(file, next);
  };

  beforeAll(async () => {
    sim = await startSimulator({ port: 0, jobStepMs: 20 });
    client = createGalileoClient({ apiUrl: sim.url, apiKey: 'sim-key', minRetryDelayMs: 1 });
    work = await copyExampleWorkspace('apply');
  });

  afterAll(async () => {
    await client?.close();
    await sim?.close();
    if (work) await rm(work, { recursive: true, force: true });
  });

  it('refuses without --auto-approve when stdin is not a terminal, and when the answer is no; nothing is created', async () => {
    const refused = await apply();
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/refusing to apply without confirmation: stdin is not a terminal/);
    expect(refused.stderr).toMatch(/--auto-approve/);
    expect(refused.stdout).toMatch(/Plan: 11 to create/);
    const declined = await runCli(['apply', '-f', 'galileo.yaml'], { env: env(), cwd: work, stdinIsTTY: true, confirm: false });
    expect(declined.code).toBe(1);
    expect(declined.stderr).toMatch(/Apply cancelled; nothing was changed/);
    expect(simCounts(sim.state()).projects).toEqual([]);
  });

  it('creates every kind once, one line per step, and the re-plan is empty', async () => {
    const r = await apply('--auto-approve');
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^created scorer\.response-quality \(id [0-9a-f]{8}…\) in \d+\.\ds$/m);
    expect(r.stdout).toMatch(/^ingested 3 traces into project\.galctl-demo\.experiment\.replay in \d+\.\ds$/m);
    expect(r.stdout).toMatch(/^registered 3 scorers on project\.galctl-demo\.log_stream\.production in/m);
    // the triggered experiment got its scorers in the create body; Galileo ignores body scorers without trigger,
    // so the raw-trace experiment (flow C) registers them with a scorer-settings call before its traces
    expect(r.stdout).toMatch(/^registered 2 scorers on project\.galctl-demo\.experiment\.prompt-eval \(with the create\) in/m);
    expect(r.stdout).toMatch(/^registered 2 scorers on project\.galctl-demo\.experiment\.replay in/m);
    expect(sim.stats().by_route['POST /projects/:project_id/runs/:run_id/scorer-settings']).toBe(2);
    const replay = sim.state().runs.find((run) => run.name.startsWith('replay · '))!;
    const scoredBy = replay.jobs.map((j) => (j.request_data['prompt_scorer_settings'] as { scorer_name?: string } | undefined)?.scorer_name);
    expect(scoredBy.sort()).toEqual(['response-length', 'response-quality']);
    // the templated experiment carries full run settings: its template's over the SDKs' defaults (else it never starts)
    const promptEval = sim.state().runs.find((run) => run.name.startsWith('prompt-eval · '))!;
    expect(promptEval.prompt_settings).toMatchObject({ model_alias: 'GPT-4o mini', temperature: 0, max_tokens: 256, top_p: 1, n: 1 });
    expect(promptEval.jobs.find((j) => j.job_name === 'prompt_run')?.outcome).toBe('completed');
    expect(r.stdout).toMatch(/Apply complete: 11 created, 0 new versions, 0 updated, 0 replaced, 0 deleted, 3 traces ingested in \d+\.\ds\./);
    expect(simCounts(sim.state())).toEqual(EXAMPLE_APPLIED);
    expect(await planExit()).toBe(0);
  });

  it('re-applied, changes nothing and creates nothing', async () => {
    const before = simCounts(sim.state());
    const r = await apply('--auto-approve');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/No changes\. Galileo matches the manifest\./);
    expect(simCounts(sim.state())).toEqual(before);
  });

  it('applies a changed prompt, template, dataset and scorer list as exactly one new version each', async () => {
    await edit('galileo.yaml', 'Rate how well the output answers the input', 'Rate strictly how well the output answers the input');
    await edit('galileo.yaml', 'Answer the following question concisely.', 'Answer the following question in one word.');
    await edit('galileo.yaml', 'scorers: [response-quality, response-length, preset:output_toxicity]', 'scorers: [response-quality, preset:output_toxicity]');
    await edit('examples/quickstart/datasets/capitals.csv', 'What is the capital of Japan?,Tokyo', 'What is the capital of Japan?,Tōkyō\nWhat is the capital of Peru?,Lima');
    const r = await apply('--auto-approve');
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^new version 2 of scorer\.response-quality/m);
    expect(r.stdout).toMatch(/^new version 2 of project\.galctl-demo\.template\.concise/m);
    expect(r.stdout).toMatch(/^new version 2 of dataset\.capitals/m);
    // and a new run of each experiment that uses the changed scorer, template or dataset (issue 17)
    expect(r.stdout).toMatch(/Apply complete: 4 created, 3 new versions, 1 updated, 0 replaced, 0 deleted, 3 traces ingested/);
    const counts = simCounts(sim.state());
    expect(counts.scorers).toEqual(['code:response-length v1', 'llm:response-quality v2']);
    expect(counts.templates).toEqual(['concise v2/2 selected 2']);
    expect(counts.datasets).toEqual(['capitals v2 galctl:sha256']);
    expect(counts.runScorers['production']).toEqual(['output_toxicity', 'response-quality']);
    const dataset = (sim.state().datasets as { name: string; versions: { rows: { values: Record<string, unknown> }[] }[] }[]).find((d) => d.name === 'capitals')!;
    const rows = dataset.versions.at(-1)!.rows.map((row) => `${String(row.values['input'])}=${String(row.values['output'])}`);
    expect(rows).toContain('What is the capital of Japan?=Tōkyō');
    expect(rows).toContain('What is the capital of Peru?=Lima');
    expect(rows).not.toContain('What is the capital of Japan?=Tokyo');
    const csv = (await readFile(path.join(work, 'examples/quickstart/datasets/capitals.csv'), 'utf8')).trim().split('\n');
    expect(rows).toHaveLength(csv.length - 1);

    expect(await planExit()).toBe(0);
    const again = await apply('--auto-approve');
    expect(again.stdout).toMatch(/No changes/);
    expect(simCounts(sim.state())).toEqual(counts);
  });

  it('refuses a saved plan after the object it read changed behind its back, naming it; a fresh saved plan applies without asking', async () => {
    await edit('galileo.yaml', 'Rate strictly how well', 'Rate very strictly how well');
    const planned = await runCli(['plan', '-f', 'galileo.yaml', '--out', 'plan.json'], { env: env(), cwd: work });
    expect(planned.code).toBe(0);
    const [scorer] = await listScorers(client, { names: ['response-quality'], types: ['llm'] });
    await updateScorer(client, scorer!.id, { description: 'changed by a teammate in the console' });
    const before = simCounts(sim.state());

    // a saved plan is the reviewed plan: applied without asking (no --auto-approve), and still guarded by the stale check
    const stale = await runCli(['apply', 'plan.json'], { env: env(), cwd: work });
    expect(stale.code).toBe(1);
    expect(stale.stderr).toMatch(/error: Galileo changed since the plan was made: scorer\.response-quality\n/);
    expect(stale.stderr).toMatch(/hint: make a new plan/);
    expect(simCounts(sim.state())).toEqual(before);

    await runCli(['plan', '-f', 'galileo.yaml', '--out', 'plan.json'], { env: env(), cwd: work });
    // on a terminal that would answer "no": never asked
    const fresh = await runCli(['apply', 'plan.json'], { env: env(), cwd: work, stdinIsTTY: true, confirm: false });
    expect(fresh.stderr).toBe('');
    expect(fresh.code).toBe(0);
    expect(fresh.stdout).toMatch(/^new version 3 of scorer\.response-quality/m);
    expect(simCounts(sim.state()).scorers).toEqual(['code:response-length v1', 'llm:response-quality v3']);
    expect(await planExit()).toBe(0);
  });

  it('refuses a saved plan whose manifest changed since', async () => {
    await runCli(['plan', '-f', 'galileo.yaml', '--out', 'plan.json'], { env: env(), cwd: work });
    await edit('galileo.yaml', 'Rate very strictly how well', 'Rate how well');
    const r = await runCli(['apply', 'plan.json', '--auto-approve'], { env: env(), cwd: work });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/error: the manifest changed since the plan was made \("galileo\.yaml": its sha256 differs\)/);
  });
});
