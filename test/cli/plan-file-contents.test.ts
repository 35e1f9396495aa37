import { appendFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator, type SimulatorHandle } from '../../src/sim/start-simulator.js';
import { runCli } from '../helpers/run-cli.js';
import { copyExampleWorkspace } from '../helpers/example-workspace.js';
import { simCounts } from './sim-counts.js';

// plan and apply start reading live state once the manifest's names are known, while the dataset files are parsed
// and the trace files checked (loadManifestStaged): problems found there are still reported exactly as validate
// reports them, exit 1, and nothing is written.
describe('plan and apply with problems inside the referenced files', () => {
  let sim: SimulatorHandle;
  let work: string;
  const env = (): Record<string, string> => ({ GALILEO_API_KEY: 'sim-key', GALILEO_API_URL: sim.url });
  const cli = (...argv: string[]) => runCli(argv, { env: env(), cwd: work });
  // every request but a GET or a read-only POST (search, query, list, count)
  const writes = (): string[] => Object.keys(sim.stats().by_route).filter((route) => !/^GET |^POST \S*\/(search|query|list|count|paginated)$/.test(route));

  beforeAll(async () => {
    sim = await startSimulator({ port: 0, jobStepMs: 20 });
    work = await copyExampleWorkspace('contents');
  });

  afterAll(async () => {
    await sim?.close();
    if (work) await rm(work, { recursive: true, force: true });
  });

  it('a dataset file with a ground_truth column and a bad trace line: the problems validate prints, exit 1, no write', async () => {
    await writeFile(path.join(work, 'examples/quickstart/datasets/capitals.csv'), 'input,ground_truth\nWhat is the capital of France?,Paris\n');
    await appendFile(path.join(work, 'examples/quickstart/traces/replay.jsonl'), '{"input": \n');
    const validate = await cli('validate', '-f', 'galileo.yaml', '--no-color');
    expect(validate.code).toBe(1);
    expect(validate.stderr).toMatch(/capitals\.csv:1:7: .*ground_truth/);
    expect(validate.stderr).toMatch(/replay\.jsonl:\d+:\d+: /);
    for (const argv of [['plan'], ['apply', '--auto-approve']]) {
      const r = await cli(...argv, '-f', 'galileo.yaml', '--no-color');
      expect(r.code, argv.join(' ')).toBe(1);
      expect(r.stderr, argv.join(' ')).toBe(validate.stderr);
      expect(r.stdout, argv.join(' ')).toBe('');
    }
    expect(writes()).toEqual([]);
    expect(simCounts(sim.state()).projects).toEqual([]);
  });

  it('the same problems come first when the API key is missing too', async () => {
    const r = await runCli(['plan', '-f', 'galileo.yaml', '--no-color'], { env: { GALILEO_API_URL: sim.url }, cwd: work });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/capitals\.csv:1:7: .*ground_truth/);
    expect(r.stderr).not.toMatch(/GALILEO_API_KEY/);
  });
});
