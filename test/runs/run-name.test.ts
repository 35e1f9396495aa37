import { describe, expect, it } from 'vitest';
import { isRunOf, MAX_RUN_NAME_LENGTH, parseRunName, runName } from '../../src/runs/run-name.js';

describe('runName / parseRunName', () => {
  it('reads as the experiment and its fingerprint', () => {
    expect(runName('support-eval', '3f9a1c2b7e')).toBe('support-eval · 3f9a1c2b7e');
    expect(parseRunName('support-eval · 3f9a1c2b7e')).toEqual({ experiment: 'support-eval', fingerprint: '3f9a1c2b7e' });
  });

  it('round-trips names with spaces, dots and non-ASCII', () => {
    for (const name of ['nightly eval', 'a · b', 'évaluation 夜間', 'x'.repeat(100)]) {
      expect(parseRunName(runName(name, '0123456789'))).toEqual({ experiment: name, fingerprint: '0123456789' });
    }
  });

  it('cuts a long name before the fingerprint and stays within the limit', () => {
    const name = runName('é'.repeat(400), 'abcdefabcd');
    expect(Array.from(name)).toHaveLength(MAX_RUN_NAME_LENGTH);
    expect(name.endsWith('… · abcdefabcd')).toBe(true);
    expect(parseRunName(name)?.fingerprint).toBe('abcdefabcd');
    expect(isRunOf('é'.repeat(400), name)).toBe(true);
  });

  it('refuses what is not a fingerprint', () => {
    expect(() => runName('x', 'ABCDEF0123')).toThrow(/fingerprint/);
    expect(() => runName('x', '0123')).toThrow(/fingerprint/);
  });

  it('parses only names galctl writes', () => {
    for (const name of ['support-eval', 'support-eval 2026-11-29 at 19:16:46.123', 'support-eval · 3F9A1C2B7E', ' · 3f9a1c2b7e', 'a · 3f9a1c2b7e1']) {
      expect(parseRunName(name)).toBeUndefined();
    }
  });

  it('tells the runs of one experiment from another\'s', () => {
    expect(isRunOf('support-eval', 'support-eval · 3f9a1c2b7e')).toBe(true);
    expect(isRunOf('support', 'support-eval · 3f9a1c2b7e')).toBe(false);
    expect(isRunOf('support-eval', 'support-eval')).toBe(false);
  });
});
