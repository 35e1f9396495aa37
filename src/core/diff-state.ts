import deepDiff from 'deep-diff';
import type { FieldChange } from './plan-types.js';
import { lineDiff } from './line-diff.js';

export interface DiffStateOptions {
  /** top-level keys never compared (version pointers, server bookkeeping) */
  ignore?: readonly string[];
  /** top-level object keys compared only on the sub-keys the desired side sets (e.g. template `settings`) */
  partial?: readonly string[];
  /** top-level array keys that are sets: compared sorted */
  sets?: readonly string[];
  /** top-level keys a live state may lack because the response did not say: absent there = unknown, not drift */
  unknownWhenAbsent?: readonly string[];
  /** how a multi-line text value reads in a line diff (a template's message list as role headers); default as-is */
  displayText?: (text: string) => string;
}

/** `nodeTypes` → `node_types`: plan paths use the manifest's spelling. */
function snakeCase(key: string): string {
  return key.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
}

function isEmpty(v: unknown): boolean {
  if (v === null || v === undefined || v === '') return true;
  if (Array.isArray(v)) return v.length === 0;
  if (typeof v === 'object') return Object.keys(v).length === 0;
  return false;
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

function sortedCopy(v: unknown): unknown {
  return Array.isArray(v) ? [...(v as unknown[])].sort((a, b) => (String(a) < String(b) ? -1 : String(a) > String(b) ? 1 : 0)) : v;
}

/**
 * The two sides reduced to what is compared: keys the desired side leaves `undefined` are unmanaged and dropped
 * (no perpetual diffs from server defaults); empty-ish values (null, '', [], {}) on both sides count as equal.
 */
function project(desired: object, live: object | undefined, opts: DiffStateOptions): [Record<string, unknown>, Record<string, unknown>] {
  const d: Record<string, unknown> = {};
  const l: Record<string, unknown> = {};
  const liveRec = (live ?? {}) as Record<string, unknown>;
  for (const [key, dv] of Object.entries(desired)) {
    if (dv === undefined || opts.ignore?.includes(key)) continue;
    if (live !== undefined && liveRec[key] === undefined && opts.unknownWhenAbsent?.includes(key)) continue;
    let lv = liveRec[key];
    let want: unknown = dv;
    if (opts.partial?.includes(key) && isPlainObject(dv)) {
      const src = isPlainObject(lv) ? lv : {};
      const entries = Object.entries(dv).filter(([, v]) => v !== undefined);
      want = Object.fromEntries(entries);
      lv = Object.fromEntries(entries.filter(([k]) => src[k] !== undefined).map(([k]) => [k, src[k]]));
    }
    if (opts.sets?.includes(key)) {
      want = sortedCopy(want);
      lv = sortedCopy(lv);
    }
    if (isEmpty(want) && isEmpty(lv)) continue;
    d[key] = want;
    l[key] = lv;
  }
  return [d, l];
}

function valueAt(obj: Record<string, unknown>, path: (string | number)[]): unknown {
  let cur: unknown = obj;
  for (const seg of path) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = (cur as Record<string | number, unknown>)[seg];
  }
  return cur;
}

/**
 * Field-level changes from `live` (before) to `desired` (after). The only module that imports deep-diff; the rest
 * of galctl sees `FieldChange`. Changes inside arrays are reported once, on the whole array. Multi-line strings
 * carry a unified line diff in `diff`.
 */
export function diffState(desired: object, live: object | undefined, opts: DiffStateOptions = {}): FieldChange[] {
  const [d, l] = project(desired, live, opts);
  const records = deepDiff.diff(l, d) ?? [];
  const seen = new Set<string>();
  const changes: FieldChange[] = [];
  for (const rec of records) {
    const raw = (rec.path ?? []) as (string | number)[];
    const firstIndex = rec.kind === 'A' ? raw.length : raw.findIndex((seg) => typeof seg === 'number');
    const path = firstIndex >= 0 ? raw.slice(0, firstIndex) : raw;
    const dotted = path.map((seg, i) => (i === 0 ? snakeCase(String(seg)) : String(seg))).join('.');
    if (seen.has(dotted)) continue;
    seen.add(dotted);
    const before = valueAt(l, path);
    const after = valueAt(d, path);
    const change: FieldChange = { path: dotted };
    if (before !== undefined) change.before = before;
    if (after !== undefined) change.after = after;
    const text = (v: unknown): string => (typeof v === 'string' ? (opts.displayText ?? String)(v) : '');
    if (text(before).includes('\n') || text(after).includes('\n')) change.diff = lineDiff(text(before), text(after));
    changes.push(change);
  }
  return changes.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}
