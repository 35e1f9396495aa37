/** The pure rules behind content scores: the judge share, its value per output type, the fake LLM's word limits. */
import { describe, expect, it } from 'vitest';
import { fakeAnswer, questionCoverage, wordLimit } from '../../src/sim/fake-llm.js';
import { judgeNudge, judgeShare, shareValue } from '../../src/sim/judge-heuristic.js';

const expected = 'William Shakespeare wrote Hamlet around 1600';

describe('judge share', () => {
  it('falls as the answer loses expected words, and is 0 for an empty answer', () => {
    const shares = [
      'William Shakespeare wrote Hamlet around 1600.',
      'Shakespeare wrote Hamlet around 1600.',
      'Shakespeare wrote it.',
      'Hamlet.',
      '',
    ].map((output) => judgeShare({ input: 'Who wrote Hamlet?', output, expected }, judgeNudge('judge')));
    expect(shares).toEqual([...shares].sort((a, b) => b - a));
    expect(new Set(shares).size).toBe(shares.length);
    expect(shares[shares.length - 1]).toBe(0);
  });

  it('without an expected output: deterministic, and a one-word answer scores below a full one', () => {
    const c = (output: string) => ({ input: 'Describe Paris', output, expected: null });
    expect(judgeShare(c('Paris is a large city on the Seine with many museums.'), judgeNudge('j'))).toBe(judgeShare(c('Paris is a large city on the Seine with many museums.'), judgeNudge('j')));
    expect(judgeShare(c('Paris.'), judgeNudge('j'))).toBeLessThan(judgeShare(c('Paris is a large city on the Seine with many museums.'), judgeNudge('j')));
  });

  it('maps to every output type', () => {
    expect([0.2, 0.5, 0.9].map((s) => shareValue(s, 'boolean'))).toEqual([false, true, true]);
    expect([0.2, 0.5, 0.9].map((s) => shareValue(s, 'categorical'))).toEqual(['negative', 'neutral', 'positive']);
    expect([0, 0.5, 1].map((s) => shareValue(s, 'count'))).toEqual([0, 3, 5]);
    expect(shareValue(0.875, 'percentage')).toBe(0.875);
  });
});

describe('fake LLM', () => {
  it('reads word limits from the prompt', () => {
    expect(['Answer in one word: x', 'A one-word answer please', 'Reply in 3 words.', 'Use at most five words', 'Answer fully'].map(wordLimit))
      .toEqual([1, 1, 3, 5, null]);
  });

  it('gives away the expected output as far as the prompt carries the question', () => {
    const row = { question: 'Who wrote the play Hamlet?', expected };
    expect(questionCoverage('Question: Who wrote the play Hamlet?', row.question)).toBe(1);
    expect(questionCoverage('Answer the question.', row.question)).toBe(0);
    expect(fakeAnswer('Question: Who wrote the play Hamlet?', 'm', row)).toMatch(/^William Shakespeare wrote Hamlet around 1600 \(simulated m answer [0-9a-f]{12}\)$/);
    expect(fakeAnswer('Answer in one word: Who wrote the play Hamlet?', 'm', row)).toBe('William');
    expect(fakeAnswer('Answer the question.', 'm', row)).not.toMatch(/Shakespeare|Hamlet/);
  });
});
