import { describe, expect, it } from 'vitest';
import { stableStringify } from '../../src/core/content-hash.js';
import { generatedTraceId, traceContentDigest } from '../../src/traces/trace-id.js';

/** The first implementation (entries, filter, sort, map): the loop version must give the same text byte for byte. */
function reference(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(reference).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${reference(v)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

const VALUES: unknown[] = [
  null, 0, -1.5, 'x', '', true, [], {}, [undefined, null, 1],
  { b: 1, a: 2, A: 3, _: 4, é: 5, '10': 6, '9': 7, ' ': 8, z: undefined },
  { input: 'q "quoted" \n line', spans: [{ type: 'llm', input: [{ role: 'user', content: 'hi' }], output: { role: 'assistant', content: 'yo' } }], metadata: { k: 'v' }, tags: ['a', 'b'] },
  { deep: { deeper: { deepest: [1, { y: 2, x: [3, { '😀': 'emoji', 'ａ': 'fullwidth' }] }] } } },
];

describe('stableStringify', () => {
  it.each(VALUES.map((v) => [JSON.stringify(v) ?? 'undefined', v]))('%s gives the same text as the reference', (_, v) => {
    expect(stableStringify(v)).toBe(reference(v));
  });

  it('objects of 1 to 40 keys in any order (sorted in place up to 32, by sort beyond) give the reference text', () => {
    // a fixed pseudo-random sequence: the same cases every run
    let seed = 22;
    const next = (): number => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
    const alphabet = ['a', 'B', 'z', '_', '0', '9', 'é', '😀', 'ａ', ' ', 'aa', 'a0'];
    for (let n = 1; n <= 40; n += 1) {
      const keys = new Set<string>();
      while (keys.size < n) keys.add(Array.from({ length: 1 + Math.floor(next() * 3) }, () => alphabet[Math.floor(next() * alphabet.length)]!).join(''));
      const shuffled = [...keys].sort(() => next() - 0.5);
      const value = Object.fromEntries(shuffled.map((k, i) => [k, i % 7 === 0 ? undefined : { [k]: i, b: [i, k] }]));
      expect(stableStringify(value)).toBe(reference(value));
    }
  });

  it('sorts keys by code unit and drops undefined members', () => {
    expect(stableStringify({ b: 1, a: undefined, B: [2, { d: 1, c: 2 }] })).toBe('{"B":[2,{"c":2,"d":1}],"b":1}');
  });

  it('keeps generated trace ids stable (pinned: ids already sent to Galileo must not change)', () => {
    const trace = { input: 'What is the capital of France?', output: 'Paris.', spans: [{ type: 'llm', input: 'x', output: 'Paris.' }] };
    const digest = traceContentDigest(trace);
    expect(digest).toBe(traceContentDigest({ spans: [{ output: 'Paris.', input: 'x', type: 'llm' }], output: 'Paris.', input: 'What is the capital of France?' }));
    expect(generatedTraceId('demo/experiment/replay', digest, 0)).toMatchInlineSnapshot(`"8951973e-4a7c-405b-bd17-77cf0b2c5eaa"`);
  });
});
