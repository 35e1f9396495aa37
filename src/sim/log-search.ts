import { compare } from './collection-filter.js';
import { invalid } from './http-error.js';
import type { Obj } from './types.js';

/**
 * Log-record filters and sort (traces, spans): `{type, column_id, operator, value}` ANDed, sort
 * `{column_id, ascending}` [SPEC LogRecords*Filter]. `name` is accepted in place of `column_id` (the guide's
 * examples use it). Metric columns are `metrics/<scorer name>` [GUIDE].
 */
export type RecordPredicate<T = Obj> = (rec: T) => boolean;
export type ColumnGetter<T> = (rec: T, column: string) => unknown;

export function columnValue(rec: Obj, column: string): unknown {
  if (column.startsWith('metrics/')) {
    const name = column.slice('metrics/'.length);
    const info = (rec['metric_info'] as Record<string, Obj> | undefined)?.[name];
    if (info !== undefined) return info['status_type'] === 'success' ? info['value'] : undefined;
    return (rec['metrics'] as Obj | undefined)?.[name];
  }
  if (column.startsWith('user_metadata.') || column.startsWith('user_metadata/')) {
    return (rec['user_metadata'] as Obj | undefined)?.[column.slice('user_metadata.'.length)];
  }
  if (column in rec) return rec[column];
  const metrics = rec['metrics'] as Obj | undefined;
  return metrics?.[column];
}

function text(v: unknown): string | undefined {
  if (v === undefined || v === null) return undefined;
  return typeof v === 'string' ? v : JSON.stringify(v);
}

function num(v: unknown): number | undefined {
  if (typeof v === 'number') return v;
  if (typeof v === 'boolean') return v ? 1 : 0;
  if (typeof v === 'string' && v.trim() !== '' && Number.isFinite(Number(v))) return Number(v);
  return undefined;
}

/** Compiles the filters; `idLookup` reports the ids when an `id` eq/one_of filter allows a direct lookup. */
export function compileFilters<T = Obj>(filters: unknown, get: ColumnGetter<T> = columnValue as unknown as ColumnGetter<T>): { preds: RecordPredicate<T>[]; ids: string[] | null } {
  const columnValue = get;
  if (filters === undefined || filters === null) return { preds: [], ids: null };
  if (!Array.isArray(filters)) throw invalid(['body', 'filters'], 'Input should be a valid list', 'list_type', filters);
  let ids: string[] | null = null;
  const preds = filters.map((raw, i): RecordPredicate<T> => {
    if (raw === null || typeof raw !== 'object') throw invalid(['body', 'filters', i], 'Input should be a valid dictionary', 'dict_type', raw);
    const f = raw as Obj;
    const col = typeof f['column_id'] === 'string' ? f['column_id'] : typeof f['name'] === 'string' ? f['name'] : undefined;
    if (col === undefined) throw invalid(['body', 'filters', i, 'column_id'], 'Field required', 'missing');
    const op = String(f['operator'] ?? 'eq');
    const value = f['value'];
    const type = String(f['type'] ?? 'text');
    const loc = ['body', 'filters', i];
    const listOf = (): unknown[] => {
      if (!Array.isArray(value)) throw invalid([...loc, 'value'], 'Input should be a valid list', 'list_type', value);
      return value;
    };
    switch (type) {
      case 'id': {
        // ids are UUIDs: compared case-insensitively (stored lower-case)
        const lower = (x: unknown): string => String(x).toLowerCase();
        if (col === 'id' && (op === 'eq' || op === 'one_of')) {
          const these = op === 'eq' ? [lower(value)] : listOf().map(lower);
          ids = ids === null ? these : ids.filter((x) => these.includes(x));
        }
        const set = new Set(op === 'one_of' || op === 'not_in' ? listOf().map(lower) : [lower(value)]);
        return (r) => {
          const v = text(columnValue(r, col))?.toLowerCase();
          switch (op) {
            case 'eq': case 'one_of': return v !== undefined && set.has(v);
            case 'ne': case 'not_in': return v === undefined || !set.has(v);
            case 'contains': return v !== undefined && v.includes(lower(value));
            default: throw badOp(loc, op);
          }
        };
      }
      case 'text': {
        const cs = f['case_sensitive'] !== false;
        const norm = (s: string): string => (cs ? s : s.toLowerCase());
        const set = op === 'one_of' || op === 'not_in' ? new Set(listOf().map((x) => norm(String(x)))) : null;
        const want = norm(String(value ?? ''));
        return (r) => {
          const raw = text(columnValue(r, col));
          const v = raw === undefined ? undefined : norm(raw);
          switch (op) {
            case 'eq': return v === want;
            case 'ne': return v !== want;
            case 'contains': return v !== undefined && v.includes(want);
            case 'one_of': return v !== undefined && (set as Set<string>).has(v);
            case 'not_in': return v === undefined || !(set as Set<string>).has(v);
            default: throw badOp(loc, op);
          }
        };
      }
      case 'number': {
        const [lo, hi] = op === 'between' ? listOf().map(Number) : [Number(value), Number(value)];
        return (r) => {
          const v = num(columnValue(r, col));
          if (v === undefined) return op === 'ne';
          switch (op) {
            case 'eq': return v === lo;
            case 'ne': return v !== lo;
            case 'gt': return v > (lo as number);
            case 'gte': return v >= (lo as number);
            case 'lt': return v < (lo as number);
            case 'lte': return v <= (lo as number);
            case 'between': return v >= (lo as number) && v <= (hi as number);
            default: throw badOp(loc, op);
          }
        };
      }
      case 'date': {
        const t = Date.parse(String(value));
        if (Number.isNaN(t)) throw invalid([...loc, 'value'], 'Input should be a valid datetime', 'datetime_parsing', value);
        return (r) => {
          const v = Date.parse(String(columnValue(r, col)));
          if (Number.isNaN(v)) return false;
          switch (op) {
            case 'eq': return v === t;
            case 'ne': return v !== t;
            case 'gt': return v > t;
            case 'gte': return v >= t;
            case 'lt': return v < t;
            case 'lte': return v <= t;
            default: throw badOp(loc, op);
          }
        };
      }
      case 'boolean':
        return (r) => {
          const v = columnValue(r, col) === true;
          return op === 'ne' ? v !== Boolean(value) : v === Boolean(value);
        };
      case 'collection': {
        const set = op === 'one_of' || op === 'not_in' ? new Set(listOf().map(String)) : null;
        return (r) => {
          const arr = columnValue(r, col);
          const vals = Array.isArray(arr) ? arr.map(String) : [];
          switch (op) {
            case 'eq': return vals.length === 1 && vals[0] === String(value);
            case 'contains': return vals.includes(String(value));
            case 'one_of': return vals.some((v) => (set as Set<string>).has(v));
            case 'not_in': return !vals.some((v) => (set as Set<string>).has(v));
            default: throw badOp(loc, op);
          }
        };
      }
      default:
        throw invalid([...loc, 'type'], `Input tag '${type}' found using 'type' does not match any of the expected tags: 'id', 'date', 'number', 'boolean', 'text', 'collection'`, 'union_tag_invalid', type);
    }
  });
  return { preds, ids };
}

/** Sorts records; default created_at descending, then id descending [SPEC LogRecordsQueryRequest]. */
export function sortRecords<T = Obj>(recs: T[], sort: unknown, get: ColumnGetter<T> = columnValue as unknown as ColumnGetter<T>): T[] {
  let col = 'created_at';
  let asc = false;
  if (sort !== undefined && sort !== null) {
    if (typeof sort !== 'object') throw invalid(['body', 'sort'], 'Input should be a valid dictionary', 'dict_type', sort);
    const s = sort as Obj;
    const c = s['column_id'] ?? s['name'];
    if (typeof c !== 'string') throw invalid(['body', 'sort', 'column_id'], 'Field required', 'missing');
    col = c;
    asc = s['ascending'] === undefined ? true : Boolean(s['ascending']);
  }
  const dir = asc ? 1 : -1;
  const key = (r: T): unknown => {
    const v = get(r, col);
    if (col === 'created_at' || col === 'updated_at') return Date.parse(String(v));
    return v;
  };
  return recs
    .map((r) => ({ r, k: key(r) }))
    .sort((a, b) => dir * compare(a.k, b.k) || dir * compare(get(a.r, 'id'), get(b.r, 'id')))
    .map((x) => x.r);
}

function badOp(loc: (string | number)[], op: string): Error {
  return invalid([...loc, 'operator'], `Unsupported operator '${op}' for this filter type`, 'enum', op);
}
