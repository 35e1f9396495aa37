import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator } from '../../src/sim/start-simulator.js';
import { runCli } from '../helpers/run-cli.js';

const KEY = 'sim-key-inventory-first';
const SCORERS = 230; // three pages of scorers (a hundred a page), read one after another

describe('who owns what is read once the datasets are listed, not after every page of scorers', () => {
  let sim: Awaited<ReturnType<typeof startSimulator>>;
  let work: string;
  const env = (): Record<string, string> => ({ GALILEO_API_KEY: KEY, GALILEO_API_URL: sim.url });

  beforeAll(async () => {
    sim = await startSimulator({ port: 0, apiKey: KEY, recordRequests: true });
    work = await mkdtemp(path.join(tmpdir(), 'galctl-inventory-first-'));
    const lines = ['version: 1', 'stack: pages', 'scorers:'];
    for (let i = 0; i < SCORERS; i += 1) lines.push(`  s${i}: { type: llm, node_types: [llm], prompt: "Is {output} right? (${i})" }`);
    lines.push('projects:', '  p:', '    log_streams:', '      live: {}');
    await writeFile(path.join(work, 'galileo.yaml'), `${lines.join('\n')}\n`);
    const applied = await runCli(['apply', '-f', 'galileo.yaml', '--auto-approve'], { env: env(), cwd: work });
    expect(applied.code, applied.stderr).toBe(0);
  }, 180_000);

  afterAll(async () => {
    await sim?.close();
    if (work) await rm(work, { recursive: true, force: true });
  });

  it('one request at a time: the inventory\'s rows come before the last page of scorers', async () => {
    const from = sim.requests().length;
    const r = await runCli(['plan', '-f', 'galileo.yaml', '--detailed-exitcode', '--concurrency', '1'], { env: env(), cwd: work });
    expect(r.code, r.stderr).toBe(0);
    const routes = sim.requests().slice(from).map((x) => `${x.method} ${x.route}`);
    const pages = routes.flatMap((route, i) => (route === 'POST /scorers/list' ? [i] : []));
    const inventory = routes.indexOf('GET /datasets/:dataset_id/content');
    expect(pages.length).toBeGreaterThanOrEqual(3);
    expect(inventory).toBeGreaterThan(0);
    expect(inventory).toBeLessThan(pages[pages.length - 1]!);
  });
});
