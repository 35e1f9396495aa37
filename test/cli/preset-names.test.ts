import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createGalileoClient, type GalileoClient } from '../../src/galileo/create-client.js';
import { readLiveState } from '../../src/engine/read/read-live-state.js';
import type { Job } from '../../src/galileo/types.js';
import { startSimulator, type SimulatorHandle } from '../../src/sim/start-simulator.js';
import { loadDesired, writeManifest } from '../check/scored-experiment.js';
import { runCli } from '../helpers/run-cli.js';

const KEY = 'sim-key';
const JUDGE_DOWN = 'context adherence judge unavailable (simulated)';
const EXPERIMENT = 'project.presets.experiment.eval';
let sim: SimulatorHandle;
let client: GalileoClient;
const cleanups: (() => void)[] = [];

/** Two presets that Galileo's jobs name by their internal names (factuality, groundedness); one of them fails. */
function manifest(thresholds: string[]): string {
  return [
    'version: 1',
    'datasets:',
    '  qa:',
    '    rows:',
    ...['Paris', 'Rome', 'Berlin'].map((c, i) => `      - { input: "Capital number ${i + 1}?", output: "${c}", generated_output: "It is ${c}." }`),
    'projects:',
    '  presets:',
    '    experiments:',
    '      eval:',
    '        dataset: qa',
    '        scorers: [preset:correctness, preset:context_adherence]',
    ...(thresholds.length === 0 ? [] : ['        thresholds:', ...thresholds.map((t) => `          ${t}`)]),
    '',
  ].join('\n');
}

beforeAll(async () => {
  // the default metrics lag (about 1 s): --wait must wait it out under the presets' public names
  sim = await startSimulator({ jobStepMs: 50, scorerFailures: { context_adherence: JUDGE_DOWN } });
  client = createGalileoClient({ apiUrl: sim.url, apiKey: KEY });
});

afterAll(async () => {
  await client?.close();
  await sim?.close();
  for (const c of cleanups) c();
});

const env = (): Record<string, string> => ({ GALILEO_API_URL: sim.url, GALILEO_API_KEY: KEY });

describe('preset scorers under their internal names in jobs (apply --wait, check)', () => {
  it('--wait matches the jobs to the presets, check attributes a failed internal-name job to its preset', async () => {
    const m = writeManifest(manifest(['preset:correctness: { average: ">= 0" }', 'preset:context_adherence: { average: ">= 0" }']));
    cleanups.push(m.cleanup);
    const applied = await runCli(['apply', '-f', m.file, '--auto-approve', '--wait', '--timeout', '2m'], { env: env(), cwd: m.dir });
    expect(applied.stderr).toBe('');
    expect(applied.code).toBe(0);
    expect(applied.stdout).toContain(`${EXPERIMENT}: job log_stream_scorer (scorer context_adherence) error: ${JUDGE_DOWN}`);
    // the correctness metric shows up after the lag under its public name: --wait saw it, under either name
    expect(applied.stdout).not.toContain('metrics not readable yet');
    expect(applied.stdout).not.toContain('factuality');

    // the simulator's jobs really carry the internal names
    const live = await readLiveState(client, await loadDesired(m.file));
    const run = live.resources[EXPERIMENT]!;
    const jobs = (await client.request<Job[]>('GET', `/projects/${String(run.refs?.['projectId'])}/runs/${run.id}/jobs`)).data;
    const names = jobs.flatMap((j) => (j.request_data?.['scorer_config'] as { name: string } | undefined)?.name ?? []).sort();
    expect(names).toEqual(['factuality', 'groundedness']);

    const checked = await runCli(['check', '-f', m.file], { env: env(), cwd: m.dir });
    expect(checked.code).toBe(3);
    expect(checked.stdout).toMatch(/pass\s+preset:correctness\s+average/);
    expect(checked.stdout).toMatch(/FAIL\s+preset:context_adherence\s+average/);
    expect(checked.stdout.replace(/\s+/g, ' ')).toContain(`scorer job failed: ${JUDGE_DOWN}`);
    expect(checked.stdout).toContain('1 of 2 thresholds passed, 1 failed');
  });
});
