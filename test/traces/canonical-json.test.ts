import { describe, expect, it } from 'vitest';
import { stableStringify } from '../../src/core/content-hash.js';
import { canonicalJson } from '../../src/traces/canonical-json.js';

/** The definition the fast path must match: the trace without its id and its spans' ids (recursively). */
function withoutIds(node: Record<string, unknown>): Record<string, unknown> {
  const { id: _id, spans, ...rest } = node;
  if (!Array.isArray(spans)) return rest;
  return { ...rest, spans: spans.map((s) => withoutIds(s as Record<string, unknown>)) };
}

const SAMPLES: unknown[] = [
  { b: 1, a: 2 },
  { a: 1, b: { d: [3, { z: 1, y: null }], c: 'x' } },
  { ü: 1, Z: 2, z: 3, _: 4, ' ': 5, 'a b': 6, '\u2028': 7 },
  { 10: 'a', 9: 'b', x: 'c' }, // array-index keys: V8 enumerates them first, stableStringify sorts them as text
  JSON.parse('{"__proto__": {"b": 1, "a": 2}, "c": 3}'),
  { a: undefined, b: [undefined, 1], c: -0, d: 1e21, e: 1.5, f: true, g: '"\\\n' },
  {
    type: 'trace',
    id: 'x',
    input: 'q',
    spans: [{ type: 'workflow', id: 's', spans: [{ type: 'llm', id: 't', input: [{ role: 'user', content: 'q', id: 'kept' }] }] }],
  },
  { type: 'trace', input: 'q', spans: 'not a list', metadata: { id: 'kept', spans: [{ id: 'kept too' }] } },
  { type: 'trace', spans: [{ type: 'tool', spans: null, b: 1, a: 2 }] },
  { type: 'trace', when: new Date(0), spans: [] },
  { type: 'trace', nested: Object.assign(Object.create(null) as object, { b: 1, a: 2 }), spans: [] },
  [{ b: 1, a: 2 }, 3],
  'text',
  null,
];

describe('canonicalJson', () => {
  it('is exactly stableStringify, with and without trace and span ids', () => {
    for (const value of SAMPLES) {
      expect(canonicalJson(value)).toBe(stableStringify(value));
      if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
        expect(canonicalJson(value, true)).toBe(stableStringify(withoutIds(value as Record<string, unknown>)));
      }
    }
  });

  it('leaves the value it is given unchanged', () => {
    const value = { type: 'trace', id: 'x', b: { d: 1, c: 2 }, spans: [{ id: 's', type: 'llm' }] };
    const before = JSON.stringify(value);
    canonicalJson(value, true);
    expect(JSON.stringify(value)).toBe(before);
  });
});
