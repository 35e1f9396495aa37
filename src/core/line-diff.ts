/** One line of a line diff: kept (' '), removed ('-') or added ('+'). */
interface DiffLine {
  op: ' ' | '-' | '+';
  text: string;
}

/** Above this many cells the LCS table is skipped and the middle shown as removed-then-added. */
const MAX_LCS_CELLS = 4_000_000;

function diffLines(a: string[], b: string[]): DiffLine[] {
  let start = 0;
  while (start < a.length && start < b.length && a[start] === b[start]) start += 1;
  let endA = a.length;
  let endB = b.length;
  while (endA > start && endB > start && a[endA - 1] === b[endB - 1]) {
    endA -= 1;
    endB -= 1;
  }
  const head: DiffLine[] = a.slice(0, start).map((text) => ({ op: ' ', text }));
  const tail: DiffLine[] = a.slice(endA).map((text) => ({ op: ' ', text }));
  const midA = a.slice(start, endA);
  const midB = b.slice(start, endB);
  return [...head, ...diffMiddle(midA, midB), ...tail];
}

function diffMiddle(a: string[], b: string[]): DiffLine[] {
  const n = a.length;
  const m = b.length;
  if (n * m > MAX_LCS_CELLS || n === 0 || m === 0) {
    return [...a.map((text) => ({ op: '-' as const, text })), ...b.map((text) => ({ op: '+' as const, text }))];
  }
  // lcs[i][j] = LCS length of a[i..] and b[j..], in one flat array
  const w = m + 1;
  const lcs = new Uint32Array((n + 1) * w);
  for (let i = n - 1; i >= 0; i -= 1) {
    for (let j = m - 1; j >= 0; j -= 1) {
      lcs[i * w + j] = a[i] === b[j] ? lcs[(i + 1) * w + j + 1]! + 1 : Math.max(lcs[(i + 1) * w + j]!, lcs[i * w + j + 1]!);
    }
  }
  const out: DiffLine[] = [];
  let i = 0;
  let j = 0;
  while (i < n && j < m) {
    if (a[i] === b[j]) {
      out.push({ op: ' ', text: a[i]! });
      i += 1;
      j += 1;
    } else if (lcs[(i + 1) * w + j]! >= lcs[i * w + j + 1]!) {
      out.push({ op: '-', text: a[i]! });
      i += 1;
    } else {
      out.push({ op: '+', text: b[j]! });
      j += 1;
    }
  }
  while (i < n) out.push({ op: '-', text: a[i++]! });
  while (j < m) out.push({ op: '+', text: b[j++]! });
  return out;
}

/**
 * A unified line diff (`@@ -l,n +l,n @@` hunks with `context` lines around each change) of two texts, without
 * file headers. Empty string when the texts are equal.
 */
export function lineDiff(before: string, after: string, context = 3): string {
  if (before === after) return '';
  const lines = diffLines(before.split('\n'), after.split('\n'));
  const changed = lines.map((l, idx) => (l.op === ' ' ? -1 : idx)).filter((idx) => idx >= 0);
  // group changed lines into hunks whose context windows touch
  const hunks: [number, number][] = [];
  for (const idx of changed) {
    const last = hunks[hunks.length - 1];
    if (last !== undefined && idx - last[1] <= 2 * context + 1) last[1] = idx;
    else hunks.push([idx, idx]);
  }
  const out: string[] = [];
  for (const [first, lastChanged] of hunks) {
    const from = Math.max(0, first - context);
    const to = Math.min(lines.length - 1, lastChanged + context);
    let oldStart = 1;
    let newStart = 1;
    for (let k = 0; k < from; k += 1) {
      if (lines[k]!.op !== '+') oldStart += 1;
      if (lines[k]!.op !== '-') newStart += 1;
    }
    const body = lines.slice(from, to + 1);
    const oldCount = body.filter((l) => l.op !== '+').length;
    const newCount = body.filter((l) => l.op !== '-').length;
    out.push(`@@ -${oldCount === 0 ? oldStart - 1 : oldStart},${oldCount} +${newCount === 0 ? newStart - 1 : newStart},${newCount} @@`);
    for (const l of body) out.push(`${l.op}${l.text}`);
  }
  return out.join('\n');
}
