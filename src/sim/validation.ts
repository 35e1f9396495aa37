import { validationError, type ValidationItem } from './http-error.js';
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
