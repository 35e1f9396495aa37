/** A problem in a code scorer's Python source, 1-based. */
export interface CodeLint {
  line: number;
  col: number;
  message: string;
  hint: string;
}

const RETURN_TYPES = ['float', 'bool', 'int', 'str'];
const SIGNATURE = 'def scorer_fn(step_object, **kwargs) -> float:';

/**
 * Galileo's code scorer contract (seed guide): a top-level `def scorer_fn(...)` that takes `**kwargs` and is
 * annotated `-> float | bool | int | str`. Validation fails (or scores break later) otherwise.
 */
export function lintCodeScorer(code: string): CodeLint[] {
  const m = /^(async\s+)?def\s+scorer_fn\s*\(([\s\S]*?)\)\s*(?:->\s*([^:\n]+?))?\s*:/m.exec(code);
  if (m === null) {
    return [{ line: 1, col: 1, message: 'code scorer does not define scorer_fn', hint: `define a top-level function: ${SIGNATURE}` }];
  }
  const before = code.slice(0, m.index);
  const line = before.split('\n').length;
  const lints: CodeLint[] = [];
  const params = m[2] ?? '';
  if (!/\*\*\s*[A-Za-z_]\w*/.test(params)) {
    lints.push({ line, col: 1, message: 'scorer_fn does not take **kwargs', hint: `add **kwargs to its parameters: ${SIGNATURE} (Galileo passes extra arguments)` });
  }
  const ret = m[3]?.trim();
  if (ret === undefined) {
    lints.push({ line, col: 1, message: 'scorer_fn has no return type annotation', hint: 'annotate it: -> float, -> bool, -> int or -> str (Galileo validation requires it)' });
  } else if (!RETURN_TYPES.includes(ret)) {
    lints.push({ line, col: 1, message: `scorer_fn returns "${ret}", not float, bool, int or str`, hint: 'annotate it with one of -> float, -> bool, -> int, -> str' });
  }
  return lints;
}
