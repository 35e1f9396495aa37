/** One existing run of an experiment, as far as pruning needs it. */
export interface RunRecord {
  id: string;
  /** the run's fingerprint (from its name or its tag) */
  fingerprint: string;
  /** ISO 8601 creation time */
  createdAt: string;
}

/**
 * The runs `keep_runs: N` deletes: given the stack's runs of ONE experiment (the caller has already kept only
 * those the stack provably owns), the ones beyond the N newest. The current run (the one whose fingerprint is the
 * manifest's) is never selected and counts as one of the N; when it does not exist yet, the run apply is about to
 * create takes that place, so N runs remain afterwards. N below 1 keeps the current run only. Newest first by
 * creation time (an unreadable time counts as oldest), ties by id, so the choice is deterministic; the result is oldest first.
 */
export function selectRunsToPrune(runs: readonly RunRecord[], keepRuns: number, currentFingerprint: string): RunRecord[] {
  const time = (r: RunRecord): number => Date.parse(r.createdAt) || 0;
  const newestFirst = [...runs].sort((a, b) => time(b) - time(a) || (a.id < b.id ? 1 : a.id > b.id ? -1 : 0));
  const current = newestFirst.find((r) => r.fingerprint === currentFingerprint);
  const others = newestFirst.filter((r) => r !== current);
  const room = Math.max(Math.floor(keepRuns), 1) - 1;
  return others.slice(room).reverse();
}
