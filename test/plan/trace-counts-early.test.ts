import { cp, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator } from '../../src/sim/start-simulator.js';
import { runCli } from '../helpers/run-cli.js';
import { ROOT } from '../helpers/example-workspace.js';

const KEY = 'sim-key-trace-counts';
const STREAMS = 40;

describe('a run\'s traces are counted as soon as the live read finds it (issue 22, item 3)', () => {
  let sim: Awaited<ReturnType<typeof startSimulator>>;
  let work: string;
  const env = (): Record<string, string> => ({ GALILEO_API_KEY: KEY, GALILEO_API_URL: sim.url });

  beforeAll(async () => {
    sim = await startSimulator({ port: 0, apiKey: KEY, recordRequests: true });
    work = await mkdtemp(path.join(tmpdir(), 'galctl-trace-counts-'));
    await cp(path.join(ROOT, 'examples/quickstart/traces/replay.jsonl'), path.join(work, 'replay.jsonl'));
    const lines = ['version: 1', 'projects:', '  p:', '    log_streams:', '      traced:', '        traces: replay.jsonl'];
    for (let i = 0; i < STREAMS; i += 1) lines.push(`      s${i}: {}`);
    await writeFile(path.join(work, 'galileo.yaml'), `${lines.join('\n')}\n`);
    const applied = await runCli(['apply', '-f', 'galileo.yaml', '--auto-approve'], { env: env(), cwd: work });
    expect(applied.code, applied.stderr).toBe(0);
  }, 120_000);

  afterAll(async () => {
    await sim?.close();
    if (work) await rm(work, { recursive: true, force: true });
  });

  it('not after every run\'s scorer settings were read: one request at a time, the count comes among them', async () => {
    const from = sim.requests().length;
    const r = await runCli(['plan', '-f', 'galileo.yaml', '--detailed-exitcode', '--concurrency', '1'], { env: env(), cwd: work });
    expect(r.code, r.stderr).toBe(0);
    const routes = sim.requests().slice(from).map((x) => `${x.method} ${x.route}`);
    const settings = routes.flatMap((route, i) => (route === 'GET /projects/:project_id/runs/:run_id/scorer-settings' ? [i] : []));
    const count = routes.indexOf('POST /projects/:project_id/traces/count');
    expect(settings.length).toBe(STREAMS + 1);
    expect(count).toBeGreaterThan(0);
    // the live read asks every run's settings after all of the project's lists; the count does not wait for them
    expect(count).toBeLessThan(settings[settings.length - 1]!);
  });
});
