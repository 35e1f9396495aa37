import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator } from '../../src/sim/start-simulator.js';
import { runCli } from '../helpers/run-cli.js';

const KEY = 'sim-key-project-lists';
/** enough scorers for three pages of `scorers/list` */
const SCORERS = 250;

describe('the org list pages are not queued behind the reads they start (issue 22, item 3)', () => {
  let sim: Awaited<ReturnType<typeof startSimulator>>;
  let work: string;
  const env = (): Record<string, string> => ({ GALILEO_API_KEY: KEY, GALILEO_API_URL: sim.url });

  beforeAll(async () => {
    sim = await startSimulator({ port: 0, apiKey: KEY, recordRequests: true });
    work = await mkdtemp(path.join(tmpdir(), 'galctl-project-lists-'));
    await writeFile(path.join(work, 'galileo.yaml'), `version: 1\nprojects:\n${[1, 2, 3, 4, 5].map((i) => `  p${i}:\n    log_streams:\n      prod: {}\n`).join('')}`);
    const applied = await runCli(['apply', '-f', 'galileo.yaml', '--auto-approve'], { env: env(), cwd: work });
    expect(applied.code, applied.stderr).toBe(0);
    // another team's scorers, in the same org
    for (let i = 0; i < SCORERS; i += 1) {
      const res = await fetch(`${sim.url}/scorers`, {
        method: 'POST',
        headers: { 'Galileo-API-Key': KEY, 'content-type': 'application/json' },
        body: JSON.stringify({ name: `other-${i}`, scorer_type: 'llm', defaults: { model_name: 'GPT-4o', num_judges: 1, scoreable_node_types: ['llm'], cot_enabled: false } }),
      });
      expect(res.status).toBeLessThan(300);
    }
  }, 120_000);

  afterAll(async () => {
    await sim?.close();
    if (work) await rm(work, { recursive: true, force: true });
  });

  it('one request at a time: each scorer page takes the next slot, though the project lists were queued before it', async () => {
    const from = sim.requests().length;
    const r = await runCli(['plan', '-f', 'galileo.yaml', '--detailed-exitcode', '--concurrency', '1'], { env: env(), cwd: work });
    expect(r.code, r.stderr).toBe(0);
    const routes = sim.requests().slice(from).map((x) => `${x.method} ${x.route}`);
    const pages = routes.flatMap((route, i) => (route === 'POST /scorers/list' ? [i] : []));
    expect(pages.length).toBeGreaterThanOrEqual(3);
    // the project's lists start once the projects are listed, without waiting for the scorer pages
    const projectList = routes.indexOf('POST /projects/:project_id/log_streams/search');
    expect(projectList).toBeGreaterThan(routes.indexOf('POST /projects/paginated'));
    expect(projectList).toBeLessThan(routes.indexOf('GET /projects/:project_id/runs/:run_id/scorer-settings'));
    // a page is asked for once the previous one is in: at most the one request that took the freed slot meanwhile
    // goes between two pages, other list pages aside
    const lists = new Set(['POST /scorers/list', 'POST /datasets/query', 'POST /projects/paginated', 'GET /datasets/:dataset_id/content']);
    const between = routes.slice(pages[0], pages.at(-1)).filter((route) => !lists.has(route));
    expect(between.length).toBeLessThanOrEqual(pages.length - 1);
  });

  it('a plan asks at once for the pages each org list had the last time (.galctl/cache/list-pages)', async () => {
    const plan = async (): Promise<string[]> => {
      const from = sim.requests().length;
      const r = await runCli(['plan', '-f', 'galileo.yaml', '--detailed-exitcode'], { env: env(), cwd: work });
      expect(r.code, r.stderr).toBe(0);
      return sim.requests().slice(from).map((x) => `${x.method} ${x.route}`);
    };
    await plan(); // records the pages: 3 of scorers
    await fetch(`${sim.url}/__sim/faults`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ latencyMs: 200 }) });
    try {
      const routes = await plan();
      // a project's lists wait for the projects page's answer (200 ms): every scorer page was asked for before it
      const firstProjectList = routes.indexOf('POST /projects/:project_id/log_streams/search');
      expect(firstProjectList).toBeGreaterThan(0);
      expect(routes.slice(0, firstProjectList).filter((route) => route === 'POST /scorers/list').length).toBeGreaterThanOrEqual(3);
      expect(routes.slice(firstProjectList)).not.toContain('POST /scorers/list');
    } finally {
      await fetch(`${sim.url}/__sim/faults`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ latencyMs: 0 }) });
    }
  });
});
