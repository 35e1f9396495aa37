import { GalctlError } from '../core/errors.js';

const HINT = 'the API answered something that is not what Galileo sends; check GALILEO_API_URL / --api-url, or retry later';

/** An `api-bad-response` error: `unexpected response from METHOD PATH: what`. */
export function badResponse(where: string, what: string): GalctlError {
  return new GalctlError('api-bad-response', `unexpected response from ${where}: ${what}`, { hint: HINT });
}

/**
 * Checks a list of API records: each an object with a string `idField` (unless null) and a string or null
 * `name` when it has one. A malformed list must stop the read: taken as empty or half-read, it would plan (and
 * apply) duplicates. `label` names the list in the message (`scorers`, `templates`).
 */
export function checkRecords(where: string, label: string, items: unknown, idField: string | null = 'id'): Record<string, unknown>[] {
  if (items === undefined) throw badResponse(where, `no "${label}" list`);
  if (!Array.isArray(items)) throw badResponse(where, `"${label}" is ${describeValue(items)}, not a list`);
  items.forEach((item: unknown, i) => {
    if (item === null || typeof item !== 'object' || Array.isArray(item)) throw badResponse(where, `${label}[${i}] is ${describeValue(item)}, not an object`);
    const rec = item as Record<string, unknown>;
    if (idField !== null && typeof rec[idField] !== 'string') throw badResponse(where, `${label}[${i}].${idField} is ${describeValue(rec[idField])}, not a string`);
    if ('name' in rec && rec['name'] !== null && typeof rec['name'] !== 'string') throw badResponse(where, `${label}[${i}].name is ${describeValue(rec['name'])}, not a string`);
  });
  return items as Record<string, unknown>[];
}

export function describeValue(v: unknown): string {
  if (v === undefined) return 'missing';
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'a list';
  return typeof v === 'object' ? 'an object' : `a ${typeof v}`;
}

/**
 * `data` as an object carrying a string `field` (default `id`): what a create, get or update answers, and what the
 * caller goes on with (the new object's id). `{}` or a list is a clear error, not "cannot read properties of
 * undefined" later, nor a request to `/projects/undefined/...`.
 */
export function checkObject<T>(where: string, data: unknown, field: string | null = 'id'): T {
  if (data === null || typeof data !== 'object' || Array.isArray(data)) throw badResponse(where, `expected an object, got ${describeValue(data)}`);
  const value = (data as Record<string, unknown>)[field ?? ''];
  if (field !== null && (typeof value !== 'string' || value === '')) throw badResponse(where, `"${field}" is ${describeValue(value)}, not a string`);
  return data as T;
}
