import type { CheckReport } from '../check/types.js';
import { byExperiment, checkSummaryLine, shownField, shownValue } from './check-summary.js';
import { escapeControl } from './escape-control.js';
import { paint } from './symbols.js';
import { maxOf } from '../core/append-all.js';

export interface RenderCheckTextOptions {
  color: boolean;
  /** total line width (the terminal's); default 100 */
  width?: number;
}

/** Cut to `n` characters with an ellipsis. */
function fit(text: string, n: number): string {
  return text.length <= n ? text : `${text.slice(0, Math.max(0, n - 1))}…`;
}

/** Words wrapped to `width` (a word longer than the line is cut into pieces). */
function wrap(text: string, width: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (let word of text.split(/\s+/).filter((w) => w !== '')) {
    while (word.length > width) {
      if (line !== '') lines.push(line);
      lines.push(word.slice(0, width));
      word = word.slice(width);
      line = '';
    }
    if (line === '') line = word;
    else if (line.length + 1 + word.length <= width) line += ` ${word}`;
    else {
      lines.push(line);
      line = word;
    }
  }
  if (line !== '') lines.push(line);
  return lines;
}

/**
 * The check as a table per experiment (result, scorer, check, value, threshold), each failure followed by its
 * reason, then the skipped experiments and the summary line. Fits `width` columns (the terminal's; 100 when unknown).
 */
export function renderCheckText(report: CheckReport, opts: RenderCheckTextOptions): string {
  const on = opts.color;
  const width = Math.max(60, opts.width ?? 100);
  const groups = byExperiment(report);
  const out: string[] = [];
  // result 6, value 12, threshold 14, check: as wide as needed up to 24; scorer takes the rest
  const checkW = Math.min(24, maxOf(report.results.map((r) => shownField(r).length), 5));
  const fixed = 2 + 6 + 2 + 2 + checkW + 2 + 12 + 2 + 14;
  const scorerW = Math.max(10, Math.min(40, width - fixed, maxOf(report.results.map((r) => r.scorer.length), 6)));
  const cells = (scorer: string, check: string, value: string, threshold: string): string =>
    `${fit(scorer, scorerW).padEnd(scorerW)}  ${fit(check, checkW).padEnd(checkW)}  ${fit(value, 12).padEnd(12)}  ${fit(threshold, 14)}`.trimEnd();

  for (const e of report.experiments) {
    if (e.status === 'skipped') continue;
    const results = groups.get(e.address) ?? [];
    out.push(paint(fit(escapeControl(`${e.address}  (experiment "${e.name}" in project "${e.project}")`), width), 'bold', on));
    out.push(paint(`  ${'result'.padEnd(6)}  ${cells('scorer', 'check', 'value', 'threshold')}`, 'dim', on));
    for (const r of results) {
      const status = r.passed ? paint('pass'.padEnd(6), 'green', on) : paint('FAIL'.padEnd(6), 'red', on);
      out.push(`  ${status}  ${cells(escapeControl(r.scorer), shownField(r), shownValue(r), escapeControl(r.threshold))}`);
      if (!r.passed && r.message !== undefined) {
        for (const line of wrap(escapeControl(r.message), width - 10)) out.push(paint(`          ${line}`, 'dim', on));
      }
    }
    out.push('');
  }
  const skipped = report.experiments.filter((e) => e.status === 'skipped');
  if (skipped.length > 0) {
    out.push(paint('skipped (no thresholds):', 'dim', on));
    for (const e of skipped) out.push(paint(`  ${fit(escapeControl(e.address), width - 2)}`, 'dim', on));
    out.push('');
  }
  const summary = checkSummaryLine(report);
  out.push(report.ok ? paint(summary, 'green', on) : paint(summary, 'red', on));
  return `${out.join('\n')}\n`;
}
