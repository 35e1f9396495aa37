import { cp, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator } from '../../src/sim/start-simulator.js';
import { runCli } from '../helpers/run-cli.js';
import { ROOT } from '../helpers/example-workspace.js';

const KEY = 'sim-key-traces-early';
const STREAMS = 60;

describe('apply starts a trace ingest as soon as its run exists, not after every other create (issue 22, item 3)', () => {
  let sim: Awaited<ReturnType<typeof startSimulator>>;
  let work: string;
  const env = (): Record<string, string> => ({ GALILEO_API_KEY: KEY, GALILEO_API_URL: sim.url });

  beforeAll(async () => {
    sim = await startSimulator({ port: 0, apiKey: KEY, recordRequests: true });
    work = await mkdtemp(path.join(tmpdir(), 'galctl-traces-early-'));
    await cp(path.join(ROOT, 'examples/quickstart/traces/replay.jsonl'), path.join(work, 'replay.jsonl'));
    // the traced log stream is declared last: in plan order its create and its ingest would come last of all
    const lines = ['version: 1', 'projects:', '  p:', '    log_streams:'];
    for (let i = 0; i < STREAMS; i += 1) lines.push(`      s${String(i).padStart(2, '0')}: {}`);
    lines.push('      traced:', '        traces: replay.jsonl');
    await writeFile(path.join(work, 'galileo.yaml'), `${lines.join('\n')}\n`);
  });

  afterAll(async () => {
    await sim?.close();
    if (work) await rm(work, { recursive: true, force: true });
  });

  it('one request at a time: the ingest comes before the last log stream create', async () => {
    const r = await runCli(['apply', '-f', 'galileo.yaml', '--auto-approve', '--concurrency', '1'], { env: env(), cwd: work });
    expect(r.code, r.stderr).toBe(0);
    const routes = sim.requests().map((x) => `${x.method} ${x.route}`);
    const creates = routes.flatMap((route, i) => (route === 'POST /projects/:project_id/log_streams' ? [i] : []));
    const ingest = routes.indexOf('POST /projects/:project_id/traces');
    expect(creates.length).toBe(STREAMS + 1);
    expect(ingest).toBeGreaterThan(creates[0]!);
    // the traced stream heads the heaviest chain (create → ingest): it goes first, and its ingest starts right
    // after, while the other step slot goes on creating (in plan order the ingest came after every create)
    expect(routes[creates[0]!]).toBe('POST /projects/:project_id/log_streams');
    expect(sim.requests()[creates[0]!]!.body).toMatchObject({ name: 'traced' });
    expect(ingest).toBeLessThan(creates[STREAMS / 2]!);
  });
});
