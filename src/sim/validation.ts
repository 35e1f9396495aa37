import { validationError, type ValidationItem } from './http-error.js';
import { isUuid } from './prng.js';
import type { Obj } from './types.js';

/** Field checks that collect every problem of a body and answer them in one FastAPI 422 (as pydantic does). */

export type Loc = (string | number)[];

export class Problems {
  readonly items: ValidationItem[] = [];
  add(loc: Loc, msg: string, type: string, input?: unknown): void {
    this.items.push(input === undefined ? { loc, msg, type } : { loc, msg, type, input });
  }
  throwIfAny(): void {
    if (this.items.length > 0) throw validationError(this.items);
  }
}

export const isObj = (v: unknown): v is Obj => v !== null && typeof v === 'object' && !Array.isArray(v);
export const quoted = (allowed: readonly string[]): string => allowed.map((a) => `'${a}'`).join(', ');

export function enumField(p: Problems, o: Obj, field: string, allowed: readonly string[], loc: Loc): void {
  const v = o[field];
  if (v !== undefined && v !== null && !allowed.includes(v as string)) p.add([...loc, field], `Input should be ${quoted(allowed)}`, 'enum', v);
}

export function typed(p: Problems, o: Obj, field: string, kind: 'string' | 'boolean' | 'integer' | 'strings', loc: Loc): void {
  const v = o[field];
  if (v === undefined || v === null) return;
  const ok = kind === 'integer' ? Number.isInteger(v) : kind === 'strings' ? Array.isArray(v) && v.every((x) => typeof x === 'string') : typeof v === kind;
  const names = { string: ['a valid string', 'string_type'], boolean: ['a valid boolean', 'bool_type'], integer: ['a valid integer', 'int_type'], strings: ['a valid list of strings', 'list_type'] } as const;
  if (!ok) p.add([...loc, field], `Input should be ${names[kind][0]}`, names[kind][1], v);
}

export function checkList(p: Problems, raw: unknown, loc: Loc, each: (item: unknown, at: Loc) => void): void {
  if (raw === undefined || raw === null) return;
  if (!Array.isArray(raw)) return p.add(loc, 'Input should be a valid list', 'list_type', raw);
  raw.forEach((item, i) => each(item, [...loc, i]));
}


/** A required field: a `missing` problem when absent; true when present. */
export function required(p: Problems, o: Obj, field: string, loc: Loc): boolean {
  if (o[field] !== undefined) return true;
  p.add([...loc, field], 'Field required', 'missing');
  return false;
}

/**
 * Path parameters the spec types `format: uuid4` / `integer`: FastAPI refuses a malformed one with 422 (`uuid_parsing`,
 * `int_parsing` at `["path", <name>]`) before any lookup, where a well-formed unknown one is a 404.
 */
export function checkPathParams(params: Readonly<Record<string, string>>, uuids: readonly string[], ints: readonly string[] = []): void {
  const p = new Problems();
  for (const name of uuids) if (params[name] !== undefined && !isUuid(params[name])) p.add(['path', name], 'Input should be a valid UUID', 'uuid_parsing', params[name]);
  for (const name of ints) if (params[name] !== undefined && !/^-?\d+$/.test(params[name])) p.add(['path', name], 'Input should be a valid integer, unable to parse string as an integer', 'int_parsing', params[name]);
  p.throwIfAny();
}

/**
 * Galileo's `Name {value (1–128 characters), append_suffix_if_duplicate}` [SPEC Name]; `orString`: the request also
 * takes a bare string (min 1 character, no maximum), as some do (`anyOf: [string, Name]`). Undefined: a problem was added.
 */
export function nameField(p: Problems, raw: unknown, loc: Loc, orString: boolean): { value: string; suffix: boolean } | undefined {
  if (typeof raw === 'string' && orString) {
    if (raw.length >= 1) return { value: raw, suffix: false };
    p.add(loc, 'String should have at least 1 character', 'string_too_short', raw);
    return undefined;
  }
  if (!isObj(raw)) {
    p.add(loc, 'Input should be a valid dictionary or object to extract fields from', 'model_attributes_type', raw);
    return undefined;
  }
  const value = raw['value'];
  const at: Loc = [...loc, 'value'];
  if (value === undefined) p.add(at, 'Field required', 'missing');
  else if (typeof value !== 'string') p.add(at, 'Input should be a valid string', 'string_type', value);
  else if (value.length < 1) p.add(at, 'String should have at least 1 character', 'string_too_short', value);
  else if (value.length > 128) p.add(at, 'String should have at most 128 characters', 'string_too_long', value);
  else {
    const suffix = raw['append_suffix_if_duplicate'];
    if (suffix !== undefined && typeof suffix !== 'boolean') p.add([...loc, 'append_suffix_if_duplicate'], 'Input should be a valid boolean', 'bool_type', suffix);
    else return { value, suffix: suffix === true };
  }
  return undefined;
}
