/** Edit distance (Levenshtein), capped work for long strings. */
export function editDistance(a: string, b: string): number {
  if (a.length > 200 || b.length > 200) return Math.abs(a.length - b.length) + 100;
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      cur[j] = Math.min((prev[j] ?? 0) + 1, (cur[j - 1] ?? 0) + 1, (prev[j - 1] ?? 0) + cost);
    }
    prev = cur;
  }
  return prev[b.length] ?? 0;
}

/** Candidates close to `word` (typos, a missing `_luna`, a prefix), best first, at most `limit`. */
export function closestMatches(word: string, candidates: readonly string[], limit = 3): string[] {
  const w = word.toLowerCase();
  const scored = candidates
    .map((c) => {
      const lc = c.toLowerCase();
      let d = editDistance(w, lc);
      if (w.length >= 3 && (lc.startsWith(w) || lc.includes(w) || w.includes(lc))) d = Math.min(d, 1);
      return { c, d };
    })
    .filter(({ c, d }) => d <= Math.max(2, Math.floor(Math.max(word.length, c.length) / 3)))
    .sort((x, y) => x.d - y.d || (x.c < y.c ? -1 : 1));
  return scored.slice(0, limit).map((s) => s.c);
}

/** `did you mean "x"?` / `did you mean "x" or "y"?`, or undefined. */
export function didYouMean(word: string, candidates: readonly string[]): string | undefined {
  const m = closestMatches(word, candidates, 3);
  if (m.length === 0) return undefined;
  const quoted = m.map((x) => `"${x}"`);
  return `did you mean ${quoted.length === 1 ? quoted[0] : `${quoted.slice(0, -1).join(', ')} or ${quoted[quoted.length - 1]}`}?`;
}
