import { mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createGalileoClient, type GalileoClient } from '../../src/galileo/create-client.js';
import { startSimulator } from '../../src/sim/start-simulator.js';
import { runCli } from '../helpers/run-cli.js';
import { createHandMade } from './org-fixture.js';

const KEY = 'sim-key-d4e5f6';

describe('galctl export of a hand-made org (simulator)', () => {
  let sim: { url: string; close(): Promise<void> };
  let client: GalileoClient;
  let work: string;
  const env = (): Record<string, string> => ({ GALILEO_API_KEY: KEY, GALILEO_API_URL: sim.url });

  beforeAll(async () => {
    sim = await startSimulator({ port: 0, apiKey: KEY });
    client = createGalileoClient({ apiUrl: sim.url, apiKey: KEY, minRetryDelayMs: 1 });
    await createHandMade(client);
    work = await mkdtemp(path.join(tmpdir(), 'galctl-export-'));
  });

  afterAll(async () => {
    await client?.close();
    await sim?.close();
    if (work) await rm(work, { recursive: true, force: true });
  });

  it('writes a manifest that validates and plans empty (exit 0 with --detailed-exitcode)', async () => {
    const r = await runCli(['export', '-o', 'out'], { env: env(), cwd: work });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('exported 1 project, 2 scorers, 2 datasets, 3 templates, 1 log stream, 2 experiments to out/galileo.yaml');

    const manifest = await readFile(path.join(work, 'out/galileo.yaml'), 'utf8');
    expect(manifest.split('\n')[0]).toMatch(/^# yaml-language-server: \$schema=.*schemas\/galileo\.schema\.json$/);
    expect(manifest).toContain('version: 1');
    expect(manifest).not.toContain('galctl:');
    expect(manifest).not.toContain(KEY);
    expect(manifest).toContain('preset:correctness');
    expect(manifest).toContain('trigger: false');
    expect((await readdir(path.join(work, 'out/scorers')))).toEqual(['response_length.py']);
    expect((await readdir(path.join(work, 'out/datasets'))).sort()).toEqual(['capitals.csv', 'typed-rows.jsonl']);
    expect(await readFile(path.join(work, 'out/datasets/capitals.csv'), 'utf8')).toBe('input,output\nFrance,Paris\n"Japan, the country",Tokyo\nPeru,\n');

    const v = await runCli(['validate', '-f', 'out/galileo.yaml'], { env: env(), cwd: work });
    expect(v.stderr).toBe('');
    expect(v.code).toBe(0);

    const p = await runCli(['plan', '-f', 'out/galileo.yaml', '--detailed-exitcode'], { env: env(), cwd: work });
    expect(p.stderr).toBe('');
    expect(p.stdout).toContain('No changes. Galileo matches the manifest.');
    expect(p.code).toBe(0);
  });

  it('the hand-made org without adopt: plan refuses with a located error and the hint', async () => {
    const manifest = await readFile(path.join(work, 'out/galileo.yaml'), 'utf8');
    const lines = manifest.split('\n');
    const at = lines.findIndex((l) => l.includes('response_length:'));
    expect(at).toBeGreaterThan(0);
    await writeFile(path.join(work, 'out/no-adopt.yaml'), manifest.replace(/\n\s+adopt: true/g, ''));
    const p = await runCli(['plan', '-f', 'out/no-adopt.yaml'], { env: env(), cwd: work });
    expect(p.code).toBe(1);
    expect(p.stderr).toMatch(/out\/no-adopt\.yaml:\d+:\d+: scorer\.response_length: a code scorer named "response_length" exists in Galileo but galctl did not create it/);
    // an experiment is not among them: without adopt: true, galctl makes its own runs (`Short eval · <fingerprint>`)
    expect(p.stderr).not.toContain('project.support-bot.experiment.short-eval');
    expect(p.stderr).toContain('hint: add adopt: true to manage it, or run galctl export');
    expect(p.stdout).toBe('');
  });

  it('--project and --kinds limit what is written; what an experiment uses comes along', async () => {
    const r = await runCli(['export', '-o', 'only', '--kinds', 'experiments', '--project', 'Support Bot'], { env: env(), cwd: work });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('exported 1 project, 2 scorers, 1 dataset, 1 template, 2 experiments');
    const p = await runCli(['plan', '-f', 'only/galileo.yaml', '--detailed-exitcode'], { env: env(), cwd: work });
    expect(p.code).toBe(0);
  });

  it('refuses a non-empty directory without --force, an unknown kind and an unknown project', async () => {
    const again = await runCli(['export', '-o', 'out'], { env: env(), cwd: work });
    expect(again.code).toBe(1);
    expect(again.stderr).toContain('out exists and is not empty');
    expect(again.stderr).toContain('--force');
    expect((await runCli(['export', '-o', 'out', '--force'], { env: env(), cwd: work })).code).toBe(0);
    const kinds = await runCli(['export', '-o', 'k', '--kinds', 'scorers,prompts'], { env: env(), cwd: work });
    expect(kinds.stderr).toContain('--kinds "scorers,prompts": unknown kind "prompts"');
    const project = await runCli(['export', '-o', 'p', '--project', 'support bot'], { env: env(), cwd: work });
    expect(project.code).toBe(1);
    expect(project.stderr).toContain('no project named "support bot" in Galileo');
  });
});
