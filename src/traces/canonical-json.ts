import { stableStringify } from '../core/content-hash.js';

/** An object key that V8 enumerates before the others, in numeric order (an array index): the fast path bails out. */
const ARRAY_INDEX = /^(?:0|[1-9]\d*)$/;

class NotPlain extends Error {}

function canonValue(v: unknown): unknown {
  if (v === null || typeof v !== 'object') {
    // stableStringify writes these as JSON.stringify does not (a function member as null, a bigint at all)
    if (typeof v === 'function' || typeof v === 'symbol' || typeof v === 'bigint') throw new NotPlain();
    return v;
  }
  if (Array.isArray(v)) {
    let out: unknown[] | undefined;
    for (let i = 0; i < v.length; i++) {
      const c = canonValue(v[i]);
      if (c !== v[i]) {
        out ??= v.slice();
        out[i] = c;
      }
    }
    return out ?? v;
  }
  return canonObject(v as Record<string, unknown>, false);
}

/**
 * `node` with its keys in sorted order (itself when they already are and nothing below changes), undefined members
 * left out. `node` a trace or span (`ids`): without its `id`, and its `spans` (an array) taken as spans too; a
 * `spans` that is not an array is left out, as withoutIds in trace-id.ts does.
 */
function canonObject(node: Record<string, unknown>, ids: boolean): Record<string, unknown> {
  if (Object.getPrototypeOf(node) !== Object.prototype) throw new NotPlain();
  const keys = Object.keys(node);
  let sorted = true;
  for (let i = 1; i < keys.length; i++) {
    if (keys[i - 1]! > keys[i]!) {
      sorted = false;
      break;
    }
  }
  // the default sort orders strings by UTF-16 code unit, as `<` compares
  const order = sorted ? keys : keys.slice().sort();
  /** the copy, once a member differs from the node's (or the keys are out of order) */
  let out: Record<string, unknown> | undefined = sorted ? undefined : {};
  for (let i = 0; i < order.length; i++) {
    const k = order[i]!;
    const first = k.charCodeAt(0);
    if ((first >= 0x30 && first <= 0x39 && ARRAY_INDEX.test(k)) || k === '__proto__') throw new NotPlain();
    const x = node[k];
    let c: unknown;
    if (ids && k === 'id') c = undefined;
    else if (ids && k === 'spans') c = Array.isArray(x) ? x.map((s) => canonObject(s as Record<string, unknown>, true)) : undefined;
    else c = canonValue(x);
    if (out === undefined && c !== x) {
      out = {};
      for (let j = 0; j < i; j++) if (node[order[j]!] !== undefined) out[order[j]!] = node[order[j]!];
    }
    if (out !== undefined && c !== undefined) out[k] = c;
  }
  return out ?? node;
}

/** The trace without its own `id` and without the `id` of any span, recursively (ids do not define content). */
function withoutIds(node: { [field: string]: unknown }): Record<string, unknown> {
  const { id: _id, spans, ...rest } = node;
  if (!Array.isArray(spans)) return rest;
  return { ...rest, spans: spans.map((s) => withoutIds(s as { [field: string]: unknown })) };
}

/**
 * Exactly stableStringify(value) (sorted keys), or with `withoutTraceIds` stableStringify of the trace without its
 * `id` and its spans' ids, for a value as JSON.parse gives it: built as a copy with sorted keys (only the objects
 * whose keys are out of order are copied) that the native JSON.stringify writes, about 3× faster than
 * stableStringify (trace ids are derived from it, once per trace). A value the copy cannot stand for (an array-index
 * key, which an object enumerates first; a `__proto__` key; an object of a class) takes stableStringify itself.
 */
export function canonicalJson(value: unknown, withoutTraceIds = false): string {
  const slow = (): string => stableStringify(withoutTraceIds ? withoutIds(value as { [field: string]: unknown }) : value);
  if (value === null || typeof value !== 'object' || (withoutTraceIds && Array.isArray(value))) return slow();
  try {
    return JSON.stringify(withoutTraceIds ? canonObject(value as Record<string, unknown>, true) : canonValue(value));
  } catch (err) {
    if (err instanceof NotPlain) return slow();
    throw err;
  }
}
