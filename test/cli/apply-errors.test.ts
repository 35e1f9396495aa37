import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ApplyResult } from '../../src/engine/apply/types.js';
import { startSimulator, type SimulatorHandle } from '../../src/sim/start-simulator.js';
import { fixtureDir, GOOD_PY, yaml } from '../manifest/fixture-dir.js';
import { runCli } from '../helpers/run-cli.js';
import { simCounts } from './sim-counts.js';

/** Passes the manifest's lints (signature, **kwargs, annotation) but not Galileo's validation: a syntax error. */
const BROKEN_PY = 'def scorer_fn(step_object, **kwargs) -> float:\n    return (1.0\n';

const MANIFEST = yaml(
  'version: 1',
  'scorers:',
  '  broken:',
  '    type: code',
  '    node_types: [trace]',
  '    file: broken.py',
  '  fine:',
  '    type: code',
  '    node_types: [trace]',
  '    file: fine.py',
  '  judge:',
  '    type: llm',
  '    node_types: [llm]',
  '    output_type: boolean',
  '    prompt: "Is {output} polite?"',
  'datasets:',
  '  qa:',
  '    file: qa.csv',
  'projects:',
  '  p:',
  '    log_streams:',
  '      prod:',
  '        scorers: [broken, judge]',
  '      staging:',
  '        scorers: [fine, judge]',
  '    experiments:',
  '      nightly:',
  '        dataset: qa',
  '        scorers: [broken]',
  '        trigger: false',
);

describe('galctl apply when a step fails', () => {
  let sim: SimulatorHandle;
  let dir: string;
  const env = (): Record<string, string> => ({ GALILEO_API_KEY: 'sim-key', GALILEO_API_URL: sim.url });

  beforeEach(async () => {
    sim = await startSimulator({ port: 0, jobStepMs: 10 });
    dir = fixtureDir({ 'galileo.yaml': MANIFEST, 'broken.py': BROKEN_PY, 'fine.py': GOOD_PY, 'qa.csv': 'input,output,generated_output\nq1,a1,g1\nq2,a2,g2\n' });
  });
  afterEach(async () => {
    await sim.close();
  });

  it('--on-error continue: does everything the failure does not block, reports failed (the API message) and skipped, exit 1', async () => {
    const r = await runCli(['apply', '--auto-approve', '--on-error', 'continue', '--format', 'json'], { env: env(), cwd: dir });
    expect(r.code).toBe(1);
    const result = JSON.parse(r.stdout) as ApplyResult;
    const status = Object.fromEntries(result.outcomes.map((o) => [o.address, o.status]));
    expect(status).toEqual({
      'project.p': 'succeeded',
      'scorer.broken': 'failed',
      'scorer.fine': 'succeeded',
      'scorer.judge': 'succeeded',
      'dataset.qa': 'succeeded',
      'project.p.log_stream.prod': 'succeeded',
      'project.p.log_stream.staging': 'succeeded',
      'project.p.log_stream.prod.scorers': 'skipped',
      'project.p.log_stream.staging.scorers': 'succeeded',
      'project.p.experiment.nightly': 'skipped',
      'project.p.experiment.nightly.scorers': 'skipped',
    });
    const failed = result.outcomes.find((o) => o.address === 'scorer.broken')!;
    expect(failed.error).toMatch(/Galileo rejected the code of scorer "broken": SyntaxError/);
    expect(result.outcomes.find((o) => o.address === 'project.p.log_stream.prod.scorers')!.blockedBy).toBe('scorer.broken');
    expect(result.ok).toBe(false);
    // nothing half-made: the rejected code left no empty scorer shell behind
    expect(simCounts(sim.state()).scorers).toEqual(['code:fine v1', 'llm:judge v1']);
  });

  it('text output lists what succeeded, failed, was skipped and was not attempted', async () => {
    const r = await runCli(['apply', '--auto-approve', '--on-error', 'continue'], { env: env(), cwd: dir });
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/^FAILED scorer\.broken: Galileo rejected the code of scorer "broken": SyntaxError/m);
    expect(r.stdout).toMatch(/^skipped project\.p\.experiment\.nightly \(blocked by scorer\.broken\)$/m);
    expect(r.stdout).toMatch(/Apply failed: 7 succeeded, 1 failed, 3 skipped, 0 not attempted\./);
    expect(r.stdout).toMatch(/Succeeded:\n(  .+\n)*  created scorer\.judge\n/);
    expect(r.stdout).toMatch(/Skipped \(a dependency failed\):\n(  .+\n)*  project\.p\.log_stream\.prod\.scorers \(blocked by scorer\.broken\)\n/);
    expect(r.stdout).toMatch(/Failed:\n  scorer\.broken: Galileo rejected the code of scorer "broken": SyntaxError: '\(' was never closed\n/);
    expect(r.stdout).toMatch(/Run galctl apply again to finish/);
  });

  it('--on-error abort (default): starts nothing after the failure; what is left is reported as not attempted', async () => {
    const r = await runCli(['apply', '--auto-approve', '--concurrency', '1', '--format', 'json'], { env: env(), cwd: dir });
    expect(r.code).toBe(1);
    const result = JSON.parse(r.stdout) as ApplyResult;
    const by = (s: string): string[] => result.outcomes.filter((o) => o.status === s).map((o) => o.address);
    expect(by('failed')).toEqual(['scorer.broken']);
    expect(by('not-attempted').length).toBeGreaterThan(0);
    expect(by('succeeded').length + by('failed').length + by('skipped').length + by('not-attempted').length).toBe(result.outcomes.length);
  });

  it('after the code is fixed, a re-run finishes the job and the re-plan is empty', async () => {
    await runCli(['apply', '--auto-approve', '--on-error', 'continue'], { env: env(), cwd: dir });
    const fixed = fixtureDir({ 'galileo.yaml': MANIFEST, 'broken.py': GOOD_PY, 'fine.py': GOOD_PY, 'qa.csv': 'input,output,generated_output\nq1,a1,g1\nq2,a2,g2\n' });
    const r = await runCli(['apply', '--auto-approve'], { env: env(), cwd: fixed });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/Apply complete: 3 created, 0 new versions, 1 updated/);
    expect((await runCli(['plan', '--detailed-exitcode'], { env: env(), cwd: fixed })).code).toBe(0);
    expect(simCounts(sim.state()).scorers).toEqual(['code:broken v1', 'code:fine v1', 'llm:judge v1']);
  });

  it('an experiment whose dataset changed gets a new run without --allow-replace; the earlier run stays (issue 17)', async () => {
    const fixed = fixtureDir({ 'galileo.yaml': MANIFEST, 'broken.py': GOOD_PY, 'fine.py': GOOD_PY, 'qa.csv': 'input,output,generated_output\nq1,a1,g1\n', 'qa2.csv': 'input,output,generated_output\nq9,a9,g9\n' });
    expect((await runCli(['apply', '--auto-approve'], { env: env(), cwd: fixed })).code).toBe(0);
    const moved = fixtureDir({
      'galileo.yaml': MANIFEST.replace('  qa:\n    file: qa.csv', '  qa:\n    file: qa.csv\n  qa2:\n    file: qa2.csv').replace('dataset: qa\n', 'dataset: qa2\n'),
      'broken.py': GOOD_PY,
      'fine.py': GOOD_PY,
      'qa.csv': 'input,output,generated_output\nq1,a1,g1\n',
      'qa2.csv': 'input,output,generated_output\nq9,a9,g9\n',
    });
    const applied = await runCli(['apply', '--auto-approve'], { env: env(), cwd: moved });
    expect(applied.stderr).toBe('');
    expect(applied.code).toBe(0);
    expect(applied.stdout).toMatch(/^created project\.p\.experiment\.nightly/m);
    expect(simCounts(sim.state()).runs.filter((n) => n.includes('nightly'))).toEqual(['experiment:nightly', 'experiment:nightly']);
    expect((await runCli(['plan', '--detailed-exitcode'], { env: env(), cwd: moved })).code).toBe(0);
  });
});
