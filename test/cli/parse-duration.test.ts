import { describe, expect, it } from 'vitest';
import { parseDuration } from '../../src/core/parse-duration.js';
import { UsageError } from '../../src/core/errors.js';

describe('parseDuration', () => {
  it.each([
    ['90s', 90_000],
    ['5m', 300_000],
    ['1h', 3_600_000],
    ['1h30m', 5_400_000],
    ['500ms', 500],
    ['30', 30_000],
    ['1.5m', 90_000],
  ])('%s → %i ms', (text, ms) => {
    expect(parseDuration(text, '--timeout')).toBe(ms);
  });

  it.each(['', '0', 'soon', '5 minutes', '10x', 'm5', '0s', '-5m', '5m junk'])('rejects %j naming the flag and value', (text) => {
    const err = (() => {
      try {
        parseDuration(text, '--timeout');
      } catch (e) {
        return e;
      }
      return undefined;
    })();
    expect(err).toBeInstanceOf(UsageError);
    expect((err as UsageError).message).toContain('--timeout');
    expect((err as UsageError).hint).toMatch(/--timeout 5m/);
  });
});
