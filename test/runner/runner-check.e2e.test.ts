import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator, type SimulatorHandle } from '../../src/sim/start-simulator.js';
import { spawnCli } from '../helpers/run-cli.js';

const KEY = 'sim-secret-7f3a2b';

/** A plain-text application: one llm span per row (traceOfRow), which the llm-node scorer scores. */
const APP = `let text = '';
for await (const chunk of process.stdin) text += chunk;
process.stdout.write('answer to ' + JSON.parse(text).input + '\\n');
`;

describe('galctl check on a runner experiment (issue 19)', () => {
  let sim: SimulatorHandle;
  let dir: string;
  const cli = (argv: string[]) => spawnCli(argv, { cwd: dir, env: { GALILEO_API_KEY: KEY, GALILEO_API_URL: sim.url }, timeoutMs: 120_000 });

  beforeAll(async () => {
    sim = await startSimulator({ port: 0, apiKey: KEY, jobStepMs: 10 });
    dir = mkdtempSync(path.join(tmpdir(), 'galctl-runner-check-'));
    mkdirSync(path.join(dir, 'app'));
    writeFileSync(path.join(dir, 'app', 'answer.mjs'), APP);
    writeFileSync(path.join(dir, 'rows.csv'), `input,output\n${[0, 1, 2, 3, 4].map((i) => `question ${i},expected ${i}`).join('\n')}\n`);
    writeFileSync(
      path.join(dir, 'galileo.yaml'),
      `version: 1
scorers:
  quality:
    type: llm
    node_types: [llm]
    output_type: percentage
    prompt: "Rate the answer. Input: {input} Output: {output}"
datasets:
  questions:
    file: rows.csv
projects:
  runner-check:
    experiments:
      app-answers:
        dataset: questions
        runner:
          command: [${JSON.stringify(process.execPath)}, app/answer.mjs]
          inputs: ["app/*.mjs"]
        scorers: [quality]
        thresholds:
          quality: { average: ">= 0", min: ">= 0" }
`,
    );
  });
  afterAll(async () => sim?.close());

  it('judges the run like any experiment: scored after apply --wait, thresholds evaluated', async () => {
    const applied = await cli(['apply', '--auto-approve', '--wait']);
    expect(applied.code).toBe(0);
    const res = await cli(["check"]);
    expect(res.stdout + res.stderr).not.toContain(KEY);
    expect(res.code).toBe(0);
    expect(res.stdout).toMatch(/run "app-answers · [0-9a-f]{10}" in project/);
    expect(res.stdout).toMatch(/pass\s+quality\s+average\s+[\d.]+\s+>= 0/);
    expect(res.stdout).toContain('all 2 thresholds passed');
  });

  it('plan warns about an input glob that matches no file', async () => {
    const manifest = readFileSync(path.join(dir, 'galileo.yaml'), 'utf8').replace('inputs: ["app/*.mjs"]', 'inputs: ["app/*.mjs", "prompts/*.txt"]');
    writeFileSync(path.join(dir, 'typo.yaml'), manifest);
    const res = await cli(['plan', '-f', 'typo.yaml']);
    expect(res.code).toBe(0);
    expect(res.stderr).toContain('warning: project.runner-check.experiment.app-answers: runner input "prompts/*.txt" matches no file');
  });
});
