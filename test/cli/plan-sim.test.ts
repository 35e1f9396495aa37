import { readFile, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createGalileoClient, type GalileoClient } from '../../src/galileo/create-client.js';
import { loadManifest } from '../../src/manifest/load-manifest.js';
import type { PlanChange } from '../../src/core/plan-types.js';
import { startSimulator } from '../../src/sim/start-simulator.js';
import { createWithTraces } from '../helpers/create-with-traces.js';
import { runCli } from '../helpers/run-cli.js';
import { copyExampleWorkspace } from '../helpers/example-workspace.js';

const KEY = 'sim-key-d4e5f6';

interface JsonPlan {
  format_version: string;
  summary: Record<string, number>;
  changes: PlanChange[];
  fingerprints: Record<string, string>;
}

describe('galctl plan against the simulator (galileo.yaml.example)', () => {
  let sim: { url: string; close(): Promise<void> };
  let client: GalileoClient;
  let work: string;
  const env = (): Record<string, string> => ({ GALILEO_API_KEY: KEY, GALILEO_API_URL: sim.url });

  beforeAll(async () => {
    sim = await startSimulator({ port: 0, apiKey: KEY });
    client = createGalileoClient({ apiUrl: sim.url, apiKey: KEY, minRetryDelayMs: 1 });
    // a copy of the example and its files, so the prompt can be edited
    work = await copyExampleWorkspace('plan');
  });

  afterAll(async () => {
    await client?.close();
    await sim?.close();
    if (work) await rm(work, { recursive: true, force: true });
  });

  it('plans every resource as create in dependency order against an empty org, exit 2', async () => {
    const r = await runCli(['plan', '-f', 'galileo.yaml', '--format', 'json', '--detailed-exitcode', '--out', 'plan.json'], { env: env(), cwd: work });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(2);
    const plan = JSON.parse(r.stdout) as JsonPlan;
    expect(plan.format_version).toBe('1');
    expect(new Set(plan.changes.map((c) => c.action))).toEqual(new Set(['create', 'ingest']));
    const { desired } = await loadManifest('galileo.yaml', { cwd: work, env: {} });
    expect(plan.changes.filter((c) => c.kind !== 'scorer_settings' && c.kind !== 'traces').map((c) => c.address).sort()).toEqual(
      desired!.resources.map((x) => x.address).sort(),
    );
    const seen = new Set<string>();
    for (const c of plan.changes) {
      for (const d of c.depends_on) expect(seen.has(d), `${c.address} comes after ${d}`).toBe(true);
      seen.add(c.address);
    }
    expect(plan.changes.find((c) => c.kind === 'traces')!.traces!.new).toBeGreaterThan(0);
    // the plan file: same JSON, owner-only, no key
    const file = await readFile(path.join(work, 'plan.json'), 'utf8');
    expect(file).toBe(r.stdout);
    expect((await stat(path.join(work, 'plan.json'))).mode & 0o777).toBe(0o600);
    expect(file).not.toContain(KEY);
  });

  it('is empty once the same resources exist, exit 0, in every format', async () => {
    const { desired } = await loadManifest('galileo.yaml', { cwd: work, env: {} });
    await createWithTraces(client, desired!);
    const r = await runCli(['plan', '-f', 'galileo.yaml', '--format', 'json', '--detailed-exitcode', '--stats'], { env: env(), cwd: work });
    expect(r.code).toBe(0);
    const plan = JSON.parse(r.stdout) as JsonPlan;
    expect(plan.changes).toEqual([]);
    expect(Object.keys(plan.fingerprints).length).toBeGreaterThan(5);
    expect(r.stderr).toMatch(/total \d+ requests/);
    expect(r.stdout + r.stderr).not.toContain(KEY);
    const text = await runCli(['plan', '-f', 'galileo.yaml'], { env: env(), cwd: work });
    expect(text.code).toBe(0);
    expect(text.stdout).toContain('No changes. Galileo matches the manifest.');
  });

  it('shows exactly one new-version step when the LLM scorer prompt is edited', async () => {
    const manifest = path.join(work, 'galileo.yaml');
    const original = await readFile(manifest, 'utf8');
    const edited = original.replace('Rate how well the output answers the input', 'Rate strictly how well the output answers the input');
    expect(edited).not.toBe(original);
    await writeFile(manifest, edited);
    try {
      const r = await runCli(['plan', '-f', 'galileo.yaml', '--format', 'json', '--detailed-exitcode'], { env: env(), cwd: work });
      expect(r.code).toBe(2);
      const plan = JSON.parse(r.stdout) as JsonPlan;
      // the scorer gets one new version; the experiments that use it get a new run each (issue 17), the replay one
      // with its traces ingested into the new run
      expect(plan.changes.map((c) => `${c.action} ${c.address}`)).toEqual([
        'new-version scorer.response-quality',
        'create project.galctl-demo.experiment.prompt-eval',
        'create project.galctl-demo.experiment.replay',
        'create project.galctl-demo.experiment.prompt-eval.scorers',
        'create project.galctl-demo.experiment.replay.scorers',
        'ingest project.galctl-demo.experiment.replay.traces',
      ]);
      expect(plan.changes[0]!.fields.map((f) => f.path)).toEqual(['prompt']);
      const text = await runCli(['plan', '-f', 'galileo.yaml', '--no-color'], { env: env(), cwd: work });
      expect(text.stdout).toContain('+     Rate strictly how well');
      expect(text.stdout).toContain('Plan: 4 to create, 1 new version, 0 to update, 0 to replace, 0 to delete, 1 to ingest.');
      expect(text.stdout).toMatch(/project\.galctl-demo\.experiment\.prompt-eval  new run\n {6}# new run: /);
      const md = await runCli(['plan', '-f', 'galileo.yaml', '--format', 'markdown'], { env: env(), cwd: work });
      expect(md.stdout).toContain('<details><summary><code>± scorer.response-quality (llm)</code> new version</summary>');
    } finally {
      await writeFile(manifest, original);
    }
  });

  it('--target limits the plan; an unknown target is a clear error', async () => {
    const r = await runCli(['plan', '-f', 'galileo.yaml', '--target', 'scorer.nope'], { env: env(), cwd: work });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('error: --target "scorer.nope" matches no address in the plan');
  });

  it('fails with one line when the key is missing, and renders manifest problems', async () => {
    const noKey = await runCli(['plan', '-f', 'galileo.yaml'], { env: { GALILEO_API_URL: sim.url }, cwd: work });
    expect(noKey.code).toBe(1);
    expect(noKey.stderr).toMatch(/^error: GALILEO_API_KEY is not set\n {2}hint: /);
    await writeFile(path.join(work, 'bad.yaml'), 'version: 1\nscorers:\n  x:\n    type: llm\n');
    const bad = await runCli(['plan', '-f', 'bad.yaml'], { env: env(), cwd: work });
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/bad\.yaml:\d+:\d+: /);
  });
});
