import { describe, expect, it } from 'vitest';
import { indexDesired } from '../../src/core/desired-index.js';
import type { DesiredExperiment } from '../../src/core/desired-types.js';
import { judgesPerRow } from '../../src/runs/estimate-calls.js';
import { desiredRun } from '../../src/runs/desired-run.js';
import { runReasons } from '../../src/runs/run-reasons.js';
import { summarizeInputs } from '../../src/runs/summarize-inputs.js';
import { desiredExperiment, desiredOf, desiredProject, desiredScorer } from '../helpers/builders.js';

// Issue 23: an experiment's run scorer settings (scorer_overrides, sampling) are part of its run's inputs.

function run(o: Partial<DesiredExperiment> = {}, prompt = 'Helpful? {input} {output}') {
  const desired = desiredOf(
    desiredProject({ key: 'p' }),
    desiredScorer({ key: 'quality', prompt, judges: 3 }),
    desiredExperiment({
      key: 'e',
      project: 'p',
      scorers: [
        { type: 'custom', key: 'quality' },
        { type: 'preset', name: 'correctness' },
      ],
      ...o,
    }),
  );
  const e = desired.resources.find((r): r is DesiredExperiment => r.kind === 'experiment')!;
  return desiredRun(e, indexDesired(desired), desired.file);
}

describe('run scorer settings in the fingerprint', () => {
  it('leaves the fingerprint of a run without them as it was (unmanaged, empty overrides, sampling: [])', () => {
    const plain = run().fingerprint;
    expect(run({ scorerOverrides: {} }).fingerprint).toBe(plain);
    expect(run({ sampling: [] }).fingerprint).toBe(plain);
    // an override equal to the scorer's own judges measures the same
    expect(run({ scorerOverrides: { quality: { judges: 3 } } }).fingerprint).toBe(plain);
  });

  it('moves with an overridden model or judges, a pin, and sampling, each with its reason', () => {
    const base = run();
    const cases: [Partial<DesiredExperiment>, string][] = [
      [{ scorerOverrides: { quality: { judges: 5 } } }, 'scorer quality judges changed'],
      [{ scorerOverrides: { 'preset:correctness': { model: 'gpt-4.1' } } }, 'scorer preset:correctness model changed'],
      [{ sampling: [{ sample_rate: 0.1 }] }, 'sampling added'],
    ];
    for (const [o, reason] of cases) {
      const r = run(o);
      expect(r.fingerprint, reason).not.toBe(base.fingerprint);
      expect(runReasons(summarizeInputs(base.inputs), r.inputs), reason).toEqual([reason]);
    }
    const sampled = run({ sampling: [{ sample_rate: 0.1 }] });
    expect(runReasons(summarizeInputs(sampled.inputs), run({ sampling: [{ sample_rate: 0.2 }] }).inputs)).toEqual(['sampling changed']);
    // defaults written out or left out are the same sampling
    expect(run({ sampling: [{ sample_rate: 0.1, llm_scorers: false, filter: null }] }).fingerprint).toBe(sampled.fingerprint);
  });

  it('a pinned version stands for the prompt: a new scorer prompt makes no new run', () => {
    const pinned = run({ scorerOverrides: { quality: { version: 2 } } });
    expect(run({ scorerOverrides: { quality: { version: 2 } } }, 'another prompt {input} {output}').fingerprint).toBe(pinned.fingerprint);
    expect(run({ scorerOverrides: { quality: { version: 3 } } }).fingerprint).not.toBe(pinned.fingerprint);
    expect(run({}, 'another prompt {input} {output}').fingerprint).not.toBe(run().fingerprint);
  });

  it('estimates a judged preset with its judges override', () => {
    const inputs = run({ scorerOverrides: { 'preset:correctness': { judges: 1 } } }).inputs;
    expect(inputs.scorers.map(judgesPerRow)).toEqual([3, 1]);
  });
});
