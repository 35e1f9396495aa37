import type { RunnerFile } from './runner-inputs-hash.js';

export interface FileChanges {
  changed: string[];
  added: string[];
  removed: string[];
}

/**
 * Which input files differ between the previous run and now, by path and content hash (hashes may be cut to any
 * common prefix length, e.g. the 8 hex digits a run summary keeps). Each list sorted.
 */
export function changedFiles(previous: readonly RunnerFile[], current: readonly RunnerFile[]): FileChanges {
  const before = new Map(previous.map((f) => [f.path, f.hash]));
  const after = new Map(current.map((f) => [f.path, f.hash]));
  const same = (a: string, b: string): boolean => {
    const n = Math.min(a.length, b.length);
    return a.slice(0, n) === b.slice(0, n);
  };
  const changes: FileChanges = { changed: [], added: [], removed: [] };
  for (const [p, h] of after) {
    const was = before.get(p);
    if (was === undefined) changes.added.push(p);
    else if (!same(was, h)) changes.changed.push(p);
  }
  for (const p of before.keys()) if (!after.has(p)) changes.removed.push(p);
  for (const list of [changes.changed, changes.added, changes.removed]) list.sort();
  return changes;
}

/** At most this many files are named in a reason; the rest are counted. */
export const MAX_NAMED_FILES = 5;

/**
 * The plan's reason for the changes: `app/answer.py changed, app/prompts/x.txt added, app/old.py removed`, the
 * first MAX_NAMED_FILES named and the rest counted (`and 7 more files`); undefined when nothing changed.
 */
export function changedFilesText(changes: FileChanges): string | undefined {
  const items = [
    ...changes.changed.map((p) => `${p} changed`),
    ...changes.added.map((p) => `${p} added`),
    ...changes.removed.map((p) => `${p} removed`),
  ];
  if (items.length === 0) return undefined;
  const named = items.slice(0, MAX_NAMED_FILES);
  const more = items.length - named.length;
  return more === 0 ? named.join(', ') : `${named.join(', ')} and ${more} more ${more === 1 ? 'file' : 'files'}`;
}
