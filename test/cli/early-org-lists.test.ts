import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeFileSync } from 'node:fs';
import { startSimulator } from '../../src/sim/start-simulator.js';
import { loadManifestStaged } from '../../src/manifest/load-manifest.js';
import { runCli } from '../helpers/run-cli.js';

const KEY = 'sim-key-early-lists';

describe('plan starts the org lists as soon as the YAML parsed (issue 22, item 3)', () => {
  let sim: Awaited<ReturnType<typeof startSimulator>>;
  let work: string;
  const env = (): Record<string, string> => ({ GALILEO_API_KEY: KEY, GALILEO_API_URL: sim.url });
  const listRoutes = (from: number): string[] =>
    sim
      .requests()
      .slice(from)
      .filter((r) => r.route === '/projects/paginated' || r.route === '/scorers/list' || r.route === '/datasets/query')
      .map((r) => `${r.method} ${r.route}`);

  beforeAll(async () => {
    sim = await startSimulator({ port: 0, apiKey: KEY, recordRequests: true });
    work = await mkdtemp(path.join(tmpdir(), 'galctl-early-'));
    await writeFile(path.join(work, 'galileo.yaml'), 'version: 1\ndatasets:\n  golden:\n    file: golden.csv\n');
  });

  afterAll(async () => {
    await sim?.close();
    if (work) await rm(work, { recursive: true, force: true });
  });

  it('before the files it references are read: the hook runs before the dataset file is looked for', async () => {
    // the hook writes the file the manifest names: found, it was read after the hook ran
    const dir = await mkdtemp(path.join(tmpdir(), 'galctl-early-hook-'));
    try {
      await writeFile(path.join(dir, 'galileo.yaml'), 'version: 1\ndatasets:\n  golden:\n    file: golden.csv\n');
      const order: string[] = [];
      const staged = await loadManifestStaged('galileo.yaml', {
        cwd: dir,
        env: {},
        onParsed: () => {
          order.push('parsed');
          writeFileSync(path.join(dir, 'golden.csv'), 'input,output\na,b\n');
        },
      });
      expect(order).toEqual(['parsed']);
      expect('contents' in staged && (await staged.contents).problems).toEqual([]);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('not when the YAML itself has problems, nor without an API key', async () => {
    await writeFile(path.join(work, 'bad.yaml'), 'version: 1\ndatasets:\n  golden:\n    flie: golden.csv\n');
    const from = sim.requests().length;
    const bad = await runCli(['plan', '-f', 'bad.yaml'], { env: env(), cwd: work });
    expect(bad.code).toBe(1);
    expect(sim.requests().length).toBe(from);
    await writeFile(path.join(work, 'golden.csv'), 'input,output\na,b\n');
    const keyless = await runCli(['plan', '-f', 'galileo.yaml'], { env: { GALILEO_API_URL: sim.url }, cwd: work });
    expect(keyless.code).toBe(1);
    expect(keyless.stderr).toMatch(/GALILEO_API_KEY/);
    expect(sim.requests().length).toBe(from);
  });

  it('a file missing after they started: the problem is reported as validate reports it, exit 1', async () => {
    await writeFile(path.join(work, 'missing.yaml'), 'version: 1\ndatasets:\n  gone:\n    file: gone.csv\n');
    const r = await runCli(['plan', '-f', 'missing.yaml'], { env: env(), cwd: work });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/missing\.yaml:4:\d+: file "gone\.csv" not found/);
    expect(r.stdout).toBe('');
  });

  it('a plan uses the lists it started early: one of each', async () => {
    await writeFile(path.join(work, 'golden.csv'), 'input,output\na,b\n');
    const from = sim.requests().length;
    const r = await runCli(['plan', '-f', 'galileo.yaml', '--detailed-exitcode'], { env: env(), cwd: work });
    expect(r.code, r.stderr).toBe(2);
    expect(listRoutes(from).sort()).toEqual(['POST /datasets/query', 'POST /projects/paginated', 'POST /scorers/list']);
  });

  it('sooner for a manifest whose parse is cached; one the environment made invalid since still fails cleanly', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'galctl-early-cached-'));
    try {
      await writeFile(path.join(dir, 'galileo.yaml'), 'version: 1\nprojects:\n  p:\n    description: ${DESC}\n');
      const calls = (envVars: Record<string, string>): Promise<{ hooked: number; problems: number }> => {
        let hooked = 0;
        return loadManifestStaged('galileo.yaml', { cwd: dir, env: envVars, onParsed: () => (hooked += 1) }).then((staged) => ({
          hooked,
          problems: 'contents' in staged ? 0 : staged.problems.length,
        }));
      };
      expect(await calls({ DESC: 'first' })).toEqual({ hooked: 1, problems: 0 }); // parsed, checked, cached
      expect(await calls({ DESC: 'again' })).toEqual({ hooked: 1, problems: 0 }); // from the cache: once, not twice
      expect(await calls({})).toEqual({ hooked: 1, problems: 1 }); // cached, so started; then the check fails

      const from = sim.requests().length;
      const r = await runCli(['plan', '-f', 'galileo.yaml'], { env: env(), cwd: dir });
      expect(r.code).toBe(1);
      expect(r.stderr).toMatch(/DESC/);
      expect(r.stdout).toBe('');
      // the lists it may have started are reads: nothing was written
      expect(sim.requests().slice(from).every((q) => q.method === 'GET' || /\/(paginated|list|query)$/.test(q.route ?? ''))).toBe(true);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
