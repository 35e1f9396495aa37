/**
 * The simulator's stand-in for Galileo's code-scorer validation. It does not run Python; it checks what the
 * guide makes mandatory [GUIDE "Code-based metric"]: a parseable `def scorer_fn(...)` with `**kwargs` and a
 * return annotation among float, bool, int, str.
 */
export type CodeCheck = { ok: true; scoreType: string } | { ok: false; message: string };

const SCORE_TYPES = new Set(['float', 'bool', 'int', 'str']);

export function checkScorerCode(source: string): CodeCheck {
  if (!/^\s*def\s+scorer_fn\b/m.test(source)) {
    return { ok: false, message: 'No function named scorer_fn found in the uploaded code.' };
  }
  const unbalanced = firstUnbalanced(source);
  if (unbalanced !== null) return { ok: false, message: `SyntaxError: ${unbalanced}` };
  const m = /^([ \t]*)def\s+scorer_fn\s*\(([\s\S]*?)\)\s*(?:->\s*([^:\n]+?))?\s*:[ \t]*(#.*)?$/m.exec(source);
  if (m === null) return { ok: false, message: 'SyntaxError: invalid syntax in the definition of scorer_fn.' };
  const indent = m[1] ?? '';
  if (indent !== '') return { ok: false, message: 'scorer_fn must be defined at module level.' };
  const rest = source.slice(m.index + m[0].length).split('\n').filter((l) => l.trim() !== '' && !l.trim().startsWith('#'));
  const firstBody = rest[0];
  if (firstBody === undefined || !/^[ \t]+\S/.test(firstBody)) {
    return { ok: false, message: 'IndentationError: expected an indented block after function definition of scorer_fn.' };
  }
  const params = (m[2] ?? '').split(',').map((p) => p.trim()).filter((p) => p !== '');
  if (!params.some((p) => /^\*\*\w+/.test(p))) {
    return { ok: false, message: 'scorer_fn must accept **kwargs for forward compatibility.' };
  }
  const annotation = m[3]?.trim();
  if (annotation === undefined || annotation === '') {
    return { ok: false, message: 'scorer_fn must have a return type annotation (-> float, -> bool, -> int or -> str).' };
  }
  if (!SCORE_TYPES.has(annotation)) {
    return { ok: false, message: `Unsupported return type annotation '${annotation}': use float, bool, int or str.` };
  }
  return { ok: true, scoreType: annotation };
}

/** A cheap syntax sanity check: brackets balance outside strings and comments. */
function firstUnbalanced(source: string): string | null {
  const stack: string[] = [];
  const pairs: Record<string, string> = { ')': '(', ']': '[', '}': '{' };
  let i = 0;
  while (i < source.length) {
    const c = source[i] as string;
    if (c === '#') {
      while (i < source.length && source[i] !== '\n') i++;
      continue;
    }
    if (c === '"' || c === "'") {
      const triple = source.startsWith(c.repeat(3), i);
      const q = triple ? c.repeat(3) : c;
      i += q.length;
      while (i < source.length && !source.startsWith(q, i)) {
        if (source[i] === '\\') i++;
        if (!triple && source[i] === '\n') return 'unterminated string literal';
        i++;
      }
      if (i >= source.length) return 'unterminated string literal';
      i += q.length;
      continue;
    }
    if (c === '(' || c === '[' || c === '{') stack.push(c);
    else if (c in pairs) {
      if (stack.pop() !== pairs[c]) return `unmatched '${c}'`;
    }
    i++;
  }
  return stack.length > 0 ? `'${stack[stack.length - 1] as string}' was never closed` : null;
}
