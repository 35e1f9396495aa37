import { describe, expect, it } from 'vitest';
import type { RunInputs } from '../../src/core/run-inputs.js';
import { resolveRunner } from '../../src/runner/resolve-runner.js';
import { hashRunnerFiles } from '../../src/runner/runner-inputs-hash.js';
import { estimateCalls } from '../../src/runs/estimate-calls.js';
import { fingerprintInputs } from '../../src/runs/fingerprint-inputs.js';
import { runReasons } from '../../src/runs/run-reasons.js';
import { readRunTags, runTags } from '../../src/runs/run-tags.js';
import { summarizeInputs } from '../../src/runs/summarize-inputs.js';

const files = (answer: string) => {
  const list = [
    { path: 'app/answer.py', hash: answer.repeat(64).slice(0, 64) },
    { path: 'app/prompts/a.txt', hash: 'b'.repeat(64) },
  ];
  return { hash: hashRunnerFiles(list), files: list, unmatched: [] };
};
const base: RunInputs = { dataset: { name: 'qs', contentHash: 'c'.repeat(64) }, scorers: [] };
const withRunner = (answer: string, spec: Parameters<typeof resolveRunner>[0] = { command: ['python3', 'app/answer.py'] }): RunInputs => ({
  ...base,
  runner: { settings: resolveRunner(spec), inputs: files(answer) },
});

describe('a runner in the run fingerprint and summary', () => {
  it('moves the fingerprint with an input file, the command or the env, not with concurrency or timeout', () => {
    const fp = fingerprintInputs(withRunner('a'));
    expect(fingerprintInputs(base)).not.toBe(fp);
    expect(fingerprintInputs(withRunner('d'))).not.toBe(fp);
    expect(fingerprintInputs(withRunner('a', { command: ['python3', 'app/other.py'] }))).not.toBe(fp);
    expect(fingerprintInputs(withRunner('a', { command: ['python3', 'app/answer.py'], env: { MODE: 'x' } }))).not.toBe(fp);
    expect(fingerprintInputs(withRunner('a', { command: ['python3', 'app/answer.py'], concurrency: 9, timeout: '2m' }))).toBe(fp);
  });

  it('stores the runner part in the run tags and reads it back, so the next plan names the changed file', () => {
    const stored = readRunTags(runTags({ manifestKey: 'project.p.experiment.e', fingerprint: fingerprintInputs(withRunner('a')), summary: summarizeInputs(withRunner('a')) })).summary;
    expect(stored?.r?.f).toEqual({ 'app/answer.py': 'a'.repeat(8), 'app/prompts/a.txt': 'b'.repeat(8) });
    expect(runReasons(stored ?? null, withRunner('d'))).toEqual(['app/answer.py changed']);
    expect(runReasons(summarizeInputs(base), withRunner('a'))).toEqual(['runner added']);
  });

  it('estimates one application call per row', () => {
    expect(estimateCalls(withRunner('a'), 50).applicationCalls).toBe(50);
    expect(estimateCalls(base, 50).applicationCalls).toBe(0);
  });
});
