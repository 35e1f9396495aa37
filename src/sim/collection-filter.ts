import { invalid } from './http-error.js';

/**
 * Filters and sorts of the "collection" endpoints (projects, scorers, datasets, templates, experiments, log
 * streams): `{name, operator, value, case_sensitive?}` ANDed, sort `{name, ascending}` [SPEC].
 */
export interface FieldSpec<T> {
  get: (item: T) => unknown;
  kind: 'text' | 'id' | 'enum' | 'date' | 'bool' | 'number' | 'list';
  /** text filters: whether `case_sensitive` defaults to true */
  caseSensitive?: boolean;
}

export type FieldSpecs<T> = Record<string, FieldSpec<T>>;

export function filterCollection<T>(items: T[], filters: unknown, fields: FieldSpecs<T>, where = 'filters'): T[] {
  if (filters === undefined || filters === null) return items;
  if (!Array.isArray(filters)) throw invalid(['body', where], 'Input should be a valid list', 'list_type', filters);
  const preds = filters.map((f, i) => predicate(f, i, fields, where));
  return preds.length === 0 ? items : items.filter((it) => preds.every((p) => p(it)));
}

export function sortCollection<T>(items: T[], sort: unknown, fields: FieldSpecs<T>, dflt: { name: string; ascending: boolean }): T[] {
  let name = dflt.name;
  let ascending = dflt.ascending;
  if (sort !== undefined && sort !== null) {
    if (typeof sort !== 'object' || Array.isArray(sort)) throw invalid(['body', 'sort'], 'Input should be a valid dictionary', 'dict_type', sort);
    const s = sort as Record<string, unknown>;
    if (typeof s['name'] !== 'string' || fields[s['name']] === undefined) {
      throw invalid(['body', 'sort', 'name'], `Input tag '${String(s['name'])}' found using 'name' does not match any of the expected tags: ${Object.keys(fields).map((k) => `'${k}'`).join(', ')}`, 'union_tag_invalid', s['name']);
    }
    name = s['name'];
    ascending = s['ascending'] === undefined ? true : Boolean(s['ascending']);
  }
  const spec = fields[name];
  if (spec === undefined) return items;
  const dir = ascending ? 1 : -1;
  return [...items].sort((a, b) => dir * compare(spec.get(a), spec.get(b)));
}

export function compare(a: unknown, b: unknown): number {
  if (a === b) return 0;
  if (a === null || a === undefined) return -1;
  if (b === null || b === undefined) return 1;
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  const sa = String(a);
  const sb = String(b);
  return sa < sb ? -1 : sa > sb ? 1 : 0;
}

function predicate<T>(raw: unknown, i: number, fields: FieldSpecs<T>, where: string): (item: T) => boolean {
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) throw invalid(['body', where, i], 'Input should be a valid dictionary', 'dict_type', raw);
  const f = raw as Record<string, unknown>;
  const name = f['name'];
  const spec = typeof name === 'string' ? fields[name] : undefined;
  if (spec === undefined) {
    throw invalid(['body', where, i], `Input tag '${String(name)}' found using 'name' does not match any of the expected tags: ${Object.keys(fields).map((k) => `'${k}'`).join(', ')}`, 'union_tag_invalid', name);
  }
  const op = typeof f['operator'] === 'string' ? f['operator'] : 'eq';
  const value = f['value'];
  const cs = typeof f['case_sensitive'] === 'boolean' ? f['case_sensitive'] : (spec.caseSensitive ?? true);
  const norm = (v: unknown): unknown => (typeof v === 'string' && spec.kind === 'text' && !cs ? v.toLowerCase() : v);
  let cached: Set<unknown> | undefined;
  const set = (): Set<unknown> => {
    if (cached !== undefined) return cached;
    if (!Array.isArray(value)) throw invalid(['body', where, i, 'value'], 'Input should be a valid list', 'list_type', value);
    cached = new Set(value.map(norm));
    return cached;
  };
  const list = (): unknown[] => [...set()];
  if (spec.kind === 'list') {
    return (item) => {
      const arr = (spec.get(item) as unknown[] | null) ?? [];
      const vals = arr.map(norm);
      switch (op) {
        case 'eq':
        case 'contains': return vals.includes(norm(value));
        case 'one_of': return vals.some((v) => set().has(v));
        case 'not_in': return !vals.some((v) => set().has(v));
        default: throw badOp(i, where, op);
      }
    };
  }
  if (spec.kind === 'date' || spec.kind === 'number') {
    const toNum = (v: unknown): number => (spec.kind === 'date' ? Date.parse(String(v)) : Number(v));
    return (item) => {
      const a = toNum(spec.get(item));
      switch (op) {
        case 'eq': return a === toNum(value);
        case 'ne': return a !== toNum(value);
        case 'gt': return a > toNum(value);
        case 'gte': return a >= toNum(value);
        case 'lt': return a < toNum(value);
        case 'lte': return a <= toNum(value);
        case 'between': { const [lo, hi] = list(); return a >= toNum(lo) && a <= toNum(hi); }
        default: throw badOp(i, where, op);
      }
    };
  }
  const target = norm(value);
  return (item) => {
    const a = norm(spec.get(item));
    switch (op) {
      case 'eq': return a === target;
      case 'ne': return a !== target;
      case 'contains': return typeof a === 'string' && a.includes(String(target));
      case 'one_of': return set().has(a);
      case 'not_in': return !set().has(a);
      default: throw badOp(i, where, op);
    }
  };
}

function badOp(i: number, where: string, op: string): Error {
  return invalid(['body', where, i, 'operator'], `Input should be a supported operator, got '${op}'`, 'enum', op);
}
