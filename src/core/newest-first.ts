/** Runs newest first by `created_at` (an unreadable time counts as oldest), ties by id: a deterministic order. */
export function newestFirst<T extends { id: string; created_at?: string }>(runs: readonly T[]): T[] {
  const time = (r: T): number => Date.parse(r.created_at ?? '') || 0;
  return [...runs].sort((a, b) => time(b) - time(a) || (a.id < b.id ? 1 : a.id > b.id ? -1 : 0));
}
