import { KIND_LIST } from '../kinds/registry.js';
import type { DataPath } from './yaml-source.js';

/** manifest section → how messages name one of its resources (each kind's manifestKey and label) */
const labelOf = (section: string): string | undefined => KIND_LIST.find((k) => k.manifestKey === section && k.id !== 'project')?.label;

/**
 * Names the resource a path belongs to and the field inside it, for messages:
 * `['projects','demo','experiments','nightly','judges']` → `{ owner: 'experiment "nightly" (project "demo")', field: 'judges' }`.
 */
export function describePath(path: DataPath): { owner: string; field: string } {
  const segs = path.map(String);
  let owner = 'the manifest';
  let rest = segs;
  const [top, key] = segs;
  if (top === 'projects' && key !== undefined) {
    owner = `project "${key}"`;
    rest = segs.slice(2);
    const [sub, subKey] = rest;
    if (sub !== undefined && subKey !== undefined && labelOf(sub) !== undefined) {
      owner = `${labelOf(sub)} "${subKey}" (project "${key}")`;
      rest = rest.slice(2);
    }
  } else if (top !== undefined && key !== undefined && labelOf(top) !== undefined) {
    owner = `${labelOf(top)} "${key}"`;
    rest = segs.slice(2);
  }
  const field = rest.map((s, i) => (/^\d+$/.test(s) ? `[${s}]` : i === 0 ? s : `.${s}`)).join('');
  if (owner === 'the manifest' && field !== '') return { owner: 'the manifest', field };
  return { owner, field };
}

/** Name of a JSON value's type as a user would say it. */
export function typeName(value: unknown): string {
  if (value === null || value === undefined) return 'nothing';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a map';
  if (typeof value === 'string') return 'a string';
  if (typeof value === 'boolean') return 'a boolean';
  if (typeof value === 'number') return Number.isInteger(value) ? 'an integer' : 'a number';
  return typeof value;
}
