import { invalid, missing } from './http-error.js';
import type { RouteContext } from './router.js';

export type Body = Record<string, unknown>;

/** The JSON body as an object; an absent body is `{}` when `optional`, else a 422. */
export function objectBody(ctx: RouteContext, optional = false): Body {
  const v = ctx.json();
  if (v === undefined || v === null) {
    if (optional) return {};
    throw missing(['body']);
  }
  if (typeof v !== 'object' || Array.isArray(v)) throw invalid(['body'], 'Input should be a valid dictionary or object to extract fields from', 'model_attributes_type', v);
  return v as Body;
}

export function reqString(body: Body, field: string, opts: { minLength?: number } = {}): string {
  const v = body[field];
  if (v === undefined || v === null) throw missing(['body', field]);
  if (typeof v !== 'string') throw invalid(['body', field], 'Input should be a valid string', 'string_type', v);
  if (opts.minLength !== undefined && v.length < opts.minLength) {
    throw invalid(['body', field], `String should have at least ${opts.minLength} character`, 'string_too_short', v);
  }
  return v;
}

export function optString(body: Body, field: string): string | null | undefined {
  const v = body[field];
  if (v === undefined) return undefined;
  if (v === null) return null;
  if (typeof v !== 'string') throw invalid(['body', field], 'Input should be a valid string', 'string_type', v);
  return v;
}

export function optStringArray(body: Body, field: string): string[] | null | undefined {
  const v = body[field];
  if (v === undefined) return undefined;
  if (v === null) return null;
  if (!Array.isArray(v) || v.some((x) => typeof x !== 'string')) throw invalid(['body', field], 'Input should be a valid list of strings', 'list_type', v);
  return v as string[];
}

export function optBool(body: Body, field: string): boolean | undefined {
  const v = body[field];
  if (v === undefined || v === null) return undefined;
  if (typeof v === 'boolean') return v;
  if (v === 'true' || v === 'false') return v === 'true';
  throw invalid(['body', field], 'Input should be a valid boolean', 'bool_type', v);
}

export function optInt(body: Body, field: string): number | undefined {
  const v = body[field];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'number' || !Number.isInteger(v)) throw invalid(['body', field], 'Input should be a valid integer', 'int_type', v);
  return v;
}

export function optObject(body: Body, field: string): Body | null | undefined {
  const v = body[field];
  if (v === undefined) return undefined;
  if (v === null) return null;
  if (typeof v !== 'object' || Array.isArray(v)) throw invalid(['body', field], 'Input should be a valid dictionary', 'dict_type', v);
  return v as Body;
}

/** Checks a value against an enum; 422 listing the allowed values. */
export function oneOf<T extends string | number>(value: unknown, allowed: readonly T[], loc: (string | number)[]): T {
  if (!allowed.includes(value as T)) {
    throw invalid(loc, `Input should be ${allowed.map((a) => `'${a}'`).join(', ')}`, 'enum', value);
  }
  return value as T;
}
