import { describe, expect, it } from 'vitest';
import { appendAll, maxOf } from '../src/core/append-all.js';

describe('appendAll and maxOf', () => {
  it('append and measure 500k items, past the bound of spreading them into call arguments', () => {
    const many = Array.from({ length: 500_000 }, (_, i) => i);
    expect(() => [].push(...(many as never[]))).toThrow(RangeError);
    expect(appendAll([-1], many)).toHaveLength(500_001);
    expect(maxOf(many)).toBe(499_999);
  });

  it('maxOf gives the floor for no values or smaller ones', () => {
    expect(maxOf([], 3)).toBe(3);
    expect(maxOf([1, 2], 3)).toBe(3);
    expect(maxOf([])).toBe(-Infinity);
  });
});
