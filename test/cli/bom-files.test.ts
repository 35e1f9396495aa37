import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator, type SimulatorHandle } from '../../src/sim/start-simulator.js';
import { runCli } from '../helpers/run-cli.js';
import { fixtureDir, GOOD_PY, yaml } from '../manifest/fixture-dir.js';

// Editors on Windows start files with a UTF-8 byte order mark. It is not content: a .py scorer starting with one
// was reported as not defining scorer_fn, and a template or prompt would carry it to Galileo.

const BOM = '\ufeff';

const manifest = yaml(
  'version: 1',
  'scorers:',
  '  length:',
  '    type: code',
  '    node_types: [trace]',
  '    file: length.py',
  '  judge:',
  '    type: llm',
  '    node_types: [llm]',
  '    prompt_file: judge.txt',
  'datasets:',
  '  qa:',
  '    file: qa.csv',
  'projects:',
  '  p:',
  '    templates:',
  '      t:',
  '        template_file: t.txt',
);

const files = (): string =>
  fixtureDir({
    'galileo.yaml': manifest,
    'length.py': `${BOM}${GOOD_PY}`,
    'judge.txt': `${BOM}Rate {output} for {input}`,
    'qa.csv': `${BOM}input,output\nq1,a1\n`,
    't.txt': `${BOM}Answer: {{input}}`,
  });

describe('files that start with a UTF-8 BOM', () => {
  let sim: SimulatorHandle;
  beforeAll(async () => {
    sim = await startSimulator({ port: 0, jobStepMs: 20 });
  });
  afterAll(async () => {
    await sim?.close();
  });

  it('validate reads a .py scorer, a prompt, a template and a CSV without their BOM', async () => {
    const r = await runCli(['validate', '--no-color'], { cwd: files() });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
  });

  it('apply sends no BOM and converges', async () => {
    const cwd = files();
    const env = { GALILEO_API_KEY: 'sim-key', GALILEO_API_URL: sim.url };
    const applied = await runCli(['apply', '--auto-approve'], { cwd, env });
    expect(applied.stderr).toBe('');
    expect(applied.code).toBe(0);
    expect(JSON.stringify(sim.state())).not.toContain(BOM);
    expect((await runCli(['plan', '--detailed-exitcode'], { cwd, env })).code).toBe(0);
  });
});
