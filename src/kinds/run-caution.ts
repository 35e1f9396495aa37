/** A run's caution: the traces deleting it deletes with it (a run's count comes from one GET with counts). */
export function tracesCaution(numTraces: number | null | undefined): string | undefined {
  const n = numTraces ?? 0;
  return n > 0 ? `holds ${n} trace${n === 1 ? '' : 's'}, deleted with it` : undefined;
}
