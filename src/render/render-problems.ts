import { KIND_LIST } from '../kinds/registry.js';
import type { Problem } from '../core/problem.js';
import { escapeControl } from './escape-control.js';

const RED = '\u001b[31m';
const DIM = '\u001b[2m';
const BOLD = '\u001b[1m';
const RESET = '\u001b[0m';

/** `FILE:LINE:COL: message` then an indented `hint: ...` line, per problem. Pure. */
export function renderProblems(problems: readonly Problem[], opts: { color: boolean }): string {
  const paint = (code: string, text: string): string => (opts.color ? `${code}${text}${RESET}` : text);
  return problems
    .map((p) => {
      // messages quote manifest values: escaped, so a problem stays one line and cannot drive the terminal
      const head = `${paint(BOLD, `${escapeControl(p.file)}:${p.line}:${p.col}`)}: ${paint(RED, escapeControl(p.message))}`;
      return p.hint === undefined ? `${head}\n` : `${head}\n  ${paint(DIM, `hint: ${escapeControl(p.hint)}`)}\n`;
    })
    .join('');
}

/** The one-line summary after the problems: `3 problems in galileo.yaml`. */
export function renderProblemSummary(problems: readonly Problem[], file: string): string {
  return `${problems.length} ${problems.length === 1 ? 'problem' : 'problems'} in ${escapeControl(file)}\n`;
}

/** Resource counts in the registry's order (kinds/registry.ts): `1 project, 2 scorers, ...` (kinds with 0 left out). */
export function renderCounts(counts: Record<string, number>): string {
  const names = KIND_LIST.flatMap((k) => (k.manifestKey === undefined ? [] : [[k.id, k.label, k.plural] as const]));
  const parts = names.filter(([k]) => (counts[k] ?? 0) > 0).map(([k, one, many]) => `${counts[k]} ${counts[k] === 1 ? one : many}`);
  return parts.length === 0 ? 'no resources' : parts.join(', ');
}

/** The `--format json` form: `{ ok, file, counts, problems: [{file, line, col, code, message, hint}] }`. */
export function renderProblemsJson(problems: readonly Problem[], meta: { file: string; counts: Record<string, number> }): string {
  return `${JSON.stringify({ ok: problems.length === 0, file: meta.file, counts: meta.counts, problems }, null, 2)}\n`;
}
