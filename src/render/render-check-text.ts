import type { RunComparison } from '../check/compare-runs.js';
import type { CheckReport } from '../check/types.js';
import { BOOTSTRAP_NOTE, byExperiment, checkSummaryLine, comparisonHeadline, metricVerdict, shownDelta, shownField, shownInterval, shownMean, shownScore, shownValue } from './check-summary.js';
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
    out.push(paint(fit(escapeControl(`${e.address}  (run "${e.name}" in project "${e.project}")`), width), 'bold', on));
    out.push(paint(`  ${'result'.padEnd(6)}  ${cells('scorer', 'check', 'value', 'threshold')}`, 'dim', on));
    for (const r of results) {
      const status = r.passed ? paint('pass'.padEnd(6), 'green', on) : paint('FAIL'.padEnd(6), 'red', on);
      out.push(`  ${status}  ${cells(escapeControl(r.scorer), shownField(r), shownValue(r), escapeControl(r.threshold))}`);
      if (r.message !== undefined) {
        for (const line of wrap(escapeControl(r.message), width - 10)) out.push(paint(`          ${line}`, 'dim', on));
      }
    }
    const comparison = report.comparisons?.find((c) => c.experiment === e.address);
    if (comparison !== undefined) out.push(...comparisonLines(comparison, width, on));
    out.push('');
  }
  const skipped = report.experiments.filter((e) => e.status === 'skipped');
  if (skipped.length > 0) {
    out.push(paint('skipped (no thresholds):', 'dim', on));
    for (const e of skipped) out.push(paint(`  ${fit(escapeControl(e.address), width - 2)}`, 'dim', on));
    out.push('');
  }
  if ((report.comparisons ?? []).some((c) => c.baseline !== null)) {
    for (const line of wrap(BOOTSTRAP_NOTE, width)) out.push(paint(line, 'dim', on));
    out.push('');
  }
  const summary = checkSummaryLine(report);
  out.push(report.ok ? paint(summary, 'green', on) : paint(summary, 'red', on));
  return `${out.join('\n')}\n`;
}

/** One experiment's comparison with its baseline: headline, a table per scorer, the worst regressed rows. */
function comparisonLines(c: RunComparison, width: number, on: boolean): string[] {
  const out: string[] = ['', `  ${fit(escapeControl(comparisonHeadline(c)), width - 2)}`];
  if (c.baseline?.url !== undefined) out.push(paint(`    baseline:  ${c.baseline.url}`, 'dim', on));
  if (c.candidate.url !== undefined) out.push(paint(`    candidate: ${c.candidate.url}`, 'dim', on));
  const scorerW = Math.max(6, Math.min(30, maxOf(c.metrics.map((m) => m.scorer.length), 6)));
  const row = (cols: string[]): string =>
    `    ${fit(cols[0] ?? '', scorerW).padEnd(scorerW)}  ${(cols[1] ?? '').padEnd(9)}  ${(cols[2] ?? '').padEnd(9)}  ${(cols[3] ?? '').padEnd(8)}  ${(cols[4] ?? '').padEnd(18)}  ${(cols[5] ?? '').padEnd(9)}  ${cols[6] ?? ''}`.trimEnd();
  out.push(paint(row(['scorer', 'baseline', 'candidate', 'delta', '95% interval', 'regressed', 'verdict']), 'dim', on));
  for (const m of c.metrics) {
    const verdict = metricVerdict(m);
    const line = row([escapeControl(m.scorer), shownMean(m.baseline), shownMean(m.candidate), shownDelta(m), shownInterval(m), c.baseline === null ? '-' : String(m.regressedRows), verdict]);
    out.push(verdict.startsWith('FAIL') ? paint(line, 'red', on) : line);
  }
  if (c.worst.length > 0) {
    out.push(`    worst regressed rows:`);
    c.worst.forEach((w, i) => {
      out.push(`    ${i + 1}. ${fit(escapeControl(`${w.scorer}: ${shownScore(w.pair.baseline.scores[w.metric])} → ${shownScore(w.pair.candidate.scores[w.metric])}; input: ${w.pair.candidate.input}`), width - 7)}`);
      out.push(paint(`       baseline:  ${fit(escapeControl(w.pair.baseline.output), width - 18)}`, 'dim', on));
      out.push(paint(`       candidate: ${fit(escapeControl(w.pair.candidate.output), width - 18)}`, 'dim', on));
    });
  }
  return out;
}
