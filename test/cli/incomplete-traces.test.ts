import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createGalileoClient, type GalileoClient } from '../../src/galileo/create-client.js';
import { startSimulator, type SimulatorHandle } from '../../src/sim/start-simulator.js';
import { ingestTraces } from '../../src/traces/ingest-traces.js';
import { postVia } from '../../src/traces/post-via.js';
import { traceIdScope } from '../../src/traces/trace-id.js';
import { runCli } from '../helpers/run-cli.js';
import { fixtureDir, GOOD_PY, yaml } from '../manifest/fixture-dir.js';

// An ingest sends its batches with is_complete:false and only the last with true, which scores everything the run
// holds. Killed before that last batch, with the trace file then trimmed to what was sent, the run keeps traces
// stored incomplete and never scored while the file has nothing new: plan must still see work, apply must finish it.

const record = (i: number): string => JSON.stringify({ input: `question ${i}`, output: `answer ${i}` });

describe('a run left with incomplete traces by an interrupted ingest', () => {
  let sim: SimulatorHandle;
  let client: GalileoClient;
  beforeAll(async () => {
    sim = await startSimulator({ port: 0, jobStepMs: 5 });
    client = createGalileoClient({ apiUrl: sim.url, apiKey: 'sim-key', minRetryDelayMs: 1 });
  });
  afterAll(async () => {
    await client?.close();
    await sim?.close();
  });

  it('plan shows it, apply finishes it (scored), and the next plan is empty', async () => {
    const cwd = fixtureDir({
      'galileo.yaml': yaml(
        'version: 1',
        'scorers:',
        '  length:',
        '    type: code',
        '    node_types: [trace]',
        '    file: length.py',
        'projects:',
        '  p:',
        // a log stream: an experiment's trace file that grows is a new run (docs/runs.md), whose ingest starts afresh
        '    log_streams:',
        '      e:',
        '        scorers: [length]',
        '        traces: t.jsonl',
      ),
      'length.py': GOOD_PY,
      't.jsonl': `${record(1)}\n${record(2)}\n`,
    });
    const env = { GALILEO_API_KEY: 'sim-key', GALILEO_API_URL: sim.url };
    expect((await runCli(['apply', '--auto-approve'], { cwd, env })).code).toBe(0);

    // two more records sent as an apply would, but the batch that completes them is lost (a kill before it)
    writeFileSync(path.join(cwd, 't.jsonl'), [1, 2, 3, 4].map(record).join('\n') + '\n');
    const run = sim.state().runs.find((r) => r.name === 'e')!;
    const post = postVia(client);
    await ingestTraces({
      // the batch comes encoded (JsonText): decoded to change it
      post: (p, body, opts) => post(p, { ...(JSON.parse(JSON.stringify(body)) as object), is_complete: false }, opts),
      projectId: run.project_id,
      destination: { log_stream_id: run.id },
      file: path.join(cwd, 't.jsonl'),
      idScope: traceIdScope('p', 'log_stream', 'e'),
    });
    const completeness = (): boolean[] => sim.state().runs.find((r) => r.name === 'e')!.traces.map((t) => t.record['is_complete'] === true);
    expect(completeness().sort()).toEqual([false, false, true, true]);

    const plan = await runCli(['plan', '--no-color', '--detailed-exitcode'], { cwd, env });
    expect(plan.code).toBe(2);
    expect(plan.stdout).toContain('> finish 2 traces stored incomplete by an interrupted ingest (then scored)');
    expect(plan.stdout).toMatch(/Plan: 0 to create, 0 new versions, 0 to update, 0 to replace, 0 to delete, 1 to ingest\./);

    const applied = await runCli(['apply', '--auto-approve', '--no-color'], { cwd, env });
    expect(applied.stderr).toBe('');
    expect(applied.stdout).toContain('ingested 0 traces into project.p.log_stream.e (and completed 2 left incomplete by an interrupted ingest)');
    expect(completeness()).toEqual([true, true, true, true]);
    expect(sim.state().runs.find((r) => r.name === 'e')!.unscored).toEqual([]);
    expect((await runCli(['plan', '--detailed-exitcode'], { cwd, env })).code).toBe(0);
  });
});
