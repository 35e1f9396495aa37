import type { CollectionFilter } from './types.js';

/** `name one_of [...]` (or `eq` for one name), the list filter every collection endpoint accepts. */
export function nameFilter(names: readonly string[], caseSensitive?: boolean): CollectionFilter {
  const base: CollectionFilter =
    names.length === 1 ? { name: 'name', operator: 'eq', value: names[0] as string } : { name: 'name', operator: 'one_of', value: [...names] };
  return caseSensitive === undefined ? base : { ...base, case_sensitive: caseSensitive };
}

/** Name filters accept at most this many values per call; longer lists are split. */
export const NAMES_PER_CALL = 100;
