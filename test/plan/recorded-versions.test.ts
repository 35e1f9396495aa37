import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createGalileoClient, type GalileoClient } from '../../src/galileo/create-client.js';
import { startSimulator } from '../../src/sim/start-simulator.js';
import { getDatasetContent, patchDatasetContent, queryDatasets } from '../../src/kinds/dataset/api.js';
import { runCli } from '../helpers/run-cli.js';
import { ROOT } from '../helpers/example-workspace.js';

const KEY = 'sim-key-recorded';
const DATASETS = 4;
const CODE_SCORERS = 2;
const VERSION_READ = 'POST /datasets/{dataset_id}/versions/query';
const CODE_READ = 'GET /scorers/{scorer_id}/version/code';
const TRACE_COUNT = 'POST /projects/{project_id}/traces/count';

/** requests per route from `--stats` (stderr) */
function routes(stderr: string): Record<string, number> {
  const out: Record<string, number> = {};
  for (const m of stderr.matchAll(/^\s*(\d+)\s{2}((?:GET|POST|PUT|PATCH|DELETE) \S+)$/gm)) out[m[2]!] = Number(m[1]);
  return out;
}

describe('a no-op plan skips the reads that list fields and galctl\'s record settle (issue 22, item 4)', () => {
  let sim: Awaited<ReturnType<typeof startSimulator>>;
  let client: GalileoClient;
  let work: string;
  const env = (): Record<string, string> => ({ GALILEO_API_KEY: KEY, GALILEO_API_URL: sim.url });
  const plan = () => runCli(['plan', '-f', 'galileo.yaml', '--format', 'json', '--detailed-exitcode', '--stats'], { env: env(), cwd: work });

  beforeAll(async () => {
    sim = await startSimulator({ port: 0, apiKey: KEY, recordRequests: true });
    client = createGalileoClient({ apiUrl: sim.url, apiKey: KEY, minRetryDelayMs: 1 });
    work = await mkdtemp(path.join(tmpdir(), 'galctl-recorded-'));
    const csv = await readFile(path.join(ROOT, 'examples/quickstart/datasets/capitals.csv'), 'utf8');
    const code = await readFile(path.join(ROOT, 'examples/quickstart/scorers/response_length.py'), 'utf8');
    const lines = ['version: 1', 'stack: recorded', 'scorers:'];
    for (let i = 0; i < CODE_SCORERS; i += 1) {
      await writeFile(path.join(work, `s${i}.py`), code.replace('200.0', `${200 + i}.0`));
      lines.push(`  code-${i}:`, '    type: code', '    node_types: [trace]', `    file: s${i}.py`);
    }
    lines.push('datasets:');
    for (let i = 0; i < DATASETS; i += 1) {
      await writeFile(path.join(work, `d${i}.csv`), `${csv.trimEnd()}\nrow ${i},${i}\n`);
      lines.push(`  data-${i}:`, `    file: d${i}.csv`);
    }
    await cp(path.join(ROOT, 'examples/quickstart/traces/replay.jsonl'), path.join(work, 'replay.jsonl'));
    lines.push('projects:', '  p:', '    log_streams:', '      prod:', '        scorers: [code-0]', '        traces: replay.jsonl');
    await writeFile(path.join(work, 'galileo.yaml'), `${lines.join('\n')}\n`);
    const applied = await runCli(['apply', '-f', 'galileo.yaml', '--auto-approve'], { env: env(), cwd: work });
    expect(applied.code, applied.stderr).toBe(0);
  }, 120_000);

  afterAll(async () => {
    await client?.close();
    await sim?.close();
    if (work) await rm(work, { recursive: true, force: true });
  });

  it('after apply, the first no-op plan reads no dataset version and no scorer code', async () => {
    const r = await plan();
    expect(r.code, r.stderr).toBe(0);
    const counts = routes(r.stderr);
    expect(counts['POST /datasets/query']).toBeGreaterThan(0); // the stats were parsed
    expect(counts[VERSION_READ]).toBeUndefined();
    expect(counts[CODE_READ]).toBeUndefined();
    // the run holds the whole file, ingested complete by that apply: its ids are counted, its incomplete ones not
    expect(counts[TRACE_COUNT]).toBe(1);
  });

  it('without galctl\'s local cache it reads them again, and still plans nothing', async () => {
    await rm(path.join(work, '.galctl'), { recursive: true, force: true });
    const cold = await plan();
    expect(cold.code, cold.stderr).toBe(0);
    expect(routes(cold.stderr)[VERSION_READ]).toBe(DATASETS);
    expect(routes(cold.stderr)[CODE_READ]).toBe(CODE_SCORERS);
    expect(routes(cold.stderr)[TRACE_COUNT]).toBe(2); // the ids, then the incomplete ones
    // what that plan read is recorded: the next reads none
    const warm = await plan();
    expect(warm.code, warm.stderr).toBe(0);
    expect(routes(warm.stderr)[VERSION_READ]).toBeUndefined();
    expect(routes(warm.stderr)[CODE_READ]).toBeUndefined();
    expect(routes(warm.stderr)[TRACE_COUNT]).toBe(1);
  });

  it('one request at a time and nothing recorded, the project lists go before the version reads', async () => {
    await rm(path.join(work, '.galctl'), { recursive: true, force: true });
    const from = sim.requests().length;
    const r = await runCli(['plan', '-f', 'galileo.yaml', '--detailed-exitcode', '--concurrency', '1'], { env: env(), cwd: work });
    expect(r.code, r.stderr).toBe(0);
    const routes = sim.requests().slice(from).map((x) => `${x.method} ${x.route}`);
    const lists = ['GET /projects/:project_id/templates', 'POST /projects/:project_id/log_streams/search', 'POST /projects/:project_id/experiments/search'];
    const lastList = Math.max(...lists.map((l) => routes.lastIndexOf(l)));
    const firstVersion = Math.min(...['POST /datasets/:dataset_id/versions/query', 'GET /scorers/:scorer_id/version/code'].map((v) => routes.indexOf(v)));
    expect(lists.every((l) => routes.includes(l)), routes.join('\n')).toBe(true);
    expect(firstVersion).toBeGreaterThan(lastList);
  });

  it('a dataset edited by hand (a new current version) is read and planned', async () => {
    const [d] = await queryDatasets(client, { names: ['data-1'] });
    const content = await getDatasetContent(client, d!.id);
    await patchDatasetContent(client, d!.id, content.etag!, [{ edit_type: 'delete_row', row_id: content.rows[0]!.row_id }]);
    const r = await plan();
    expect(r.code, r.stderr).toBe(2);
    expect(routes(r.stderr)[VERSION_READ]).toBe(1);
    const changes = (JSON.parse(r.stdout) as { changes: { action: string; address: string }[] }).changes;
    expect(changes.map((c) => `${c.action} ${c.address}`)).toEqual(['new-version dataset.data-1']);
  });

  it('code changed in the manifest is compared with the code read, not with the record', async () => {
    const file = path.join(work, 's0.py');
    await writeFile(file, (await readFile(file, 'utf8')).replace('return 0.0', 'return 0.5'));
    const r = await plan();
    expect(r.code, r.stderr).toBe(2);
    expect(routes(r.stderr)[CODE_READ]).toBe(1);
    const changes = (JSON.parse(r.stdout) as { changes: { action: string; address: string }[] }).changes;
    expect(changes.map((c) => `${c.action} ${c.address}`)).toContain('new-version scorer.code-0');
  });
});
