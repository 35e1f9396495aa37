import type { RunComparison } from '../check/compare-runs.js';
import type { CheckReport } from '../check/types.js';
import { BOOTSTRAP_NOTE, byExperiment, checkSummaryLine, comparisonHeadline, metricVerdict, shownDelta, shownField, shownInterval, shownMean, shownScore, shownValue } from './check-summary.js';
import { codeSpan, escapeMarkdown } from './escape-markdown.js';
import { MARKDOWN_LIMIT } from './render-plan-markdown.js';

/** Text safe inside a markdown table cell: escapeMarkdown also makes pipes and line breaks plain text. */
const cell = escapeMarkdown;

/**
 * The check as a pull-request comment (or a GitHub job summary): the verdict, then one table per experiment
 * (result, scorer, check, value, threshold, reason), then the skipped experiments. With a baseline, each experiment also gets its comparison table (baseline, candidate,
 * delta, 95% interval, regressed rows, verdict per scorer), links to both runs in the console, and the worst
 * regressed rows. Kept under `limit` (60,000 characters, under GitHub's 65,536 for a comment), cut with a note.
 */
export function renderCheckMarkdown(report: CheckReport, limit = MARKDOWN_LIMIT): string {
  const out: string[] = ['### galctl check', '', `${report.ok ? '✅' : '❌'} **${cell(checkSummaryLine(report))}**`, ''];
  const groups = byExperiment(report);
  let text = `${out.join('\n')}\n`;
  let cut = 0;
  for (const e of report.experiments) {
    if (e.status === 'skipped') continue;
    const block: string[] = [`#### ${codeSpan(e.address)}`, ''];
    if (e.status === 'not-found') block.push(`_${cell(e.reason ?? 'not found')}_`, '');
    block.push('| | Scorer | Check | Value | Threshold | Reason |', '| --- | --- | --- | ---: | --- | --- |');
    for (const r of groups.get(e.address) ?? []) {
      block.push(`| ${r.passed ? '✅' : '❌'} | ${cell(r.scorer)} | ${cell(shownField(r))} | ${shownValue(r)} | ${cell(r.threshold)} | ${cell(r.message ?? '')} |`);
    }
    block.push('');
    const comparison = report.comparisons?.find((c) => c.experiment === e.address);
    if (comparison !== undefined) block.push(...comparisonBlock(comparison));
    const piece = `${block.join('\n')}\n`;
    if (text.length + piece.length + 200 > limit) {
      cut += 1;
      continue;
    }
    text += piece;
  }
  if (cut > 0) text += `_${cut} more experiment${cut === 1 ? '' : 's'} not shown (comment size limit); run \`galctl check\` for the full report._\n\n`;
  if ((report.comparisons ?? []).some((c) => c.baseline !== null)) text += `<sub>${cell(BOOTSTRAP_NOTE)}</sub>\n\n`;
  const skipped = report.experiments.filter((e) => e.status === 'skipped');
  if (skipped.length > 0) text += `<sub>Skipped (no thresholds): ${skipped.map((e) => codeSpan(e.address)).join(', ')}</sub>\n`;
  return capMarkdown(text, limit);
}

/** The note that ends a report cut to fit a comment. */
export const CUT_NOTE = '\n\n_Report cut to fit a GitHub comment; run `galctl check` for the full report._\n';

/** `text` if it fits `limit`, else cut at a line break with CUT_NOTE (a last guard; blocks are dropped whole first). */
function capMarkdown(text: string, limit: number): string {
  if (text.length <= limit) return text;
  const room = text.slice(0, limit - CUT_NOTE.length);
  const at = room.lastIndexOf('\n');
  return `${at > 0 ? room.slice(0, at) : room}${CUT_NOTE}`;
}

/** A markdown link whose URL cannot end early or break out (spaces, parentheses and angle brackets encoded). */
function link(text: string, url: string): string {
  return `[${cell(text)}](${url.replace(/[\s()<>]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`)})`;
}

/** One experiment's comparison: headline, links to both runs, the per-scorer table, the worst regressed rows. */
function comparisonBlock(c: RunComparison): string[] {
  const runs: string[] = [];
  if (c.baseline?.url !== undefined) runs.push(link(`baseline run "${c.baseline.name}"`, c.baseline.url));
  if (c.candidate.url !== undefined) runs.push(link(`candidate run "${c.candidate.name}"`, c.candidate.url));
  const out: string[] = [`_${cell(comparisonHeadline(c))}_${runs.length === 0 ? '' : ` · ${runs.join(' · ')}`}`, ''];
  out.push('| Scorer | Baseline | Candidate | Δ | 95% interval | Regressed rows | Verdict |', '| --- | ---: | ---: | ---: | --- | ---: | --- |');
  for (const m of c.metrics) {
    const verdict = metricVerdict(m);
    out.push(`| ${cell(m.scorer)} | ${shownMean(m.baseline)} | ${shownMean(m.candidate)} | ${shownDelta(m)} | ${shownInterval(m)} | ${c.baseline === null ? '-' : String(m.regressedRows)} | ${verdict.startsWith('FAIL') ? '❌' : verdict === '-' ? '' : '✅'} ${cell(verdict)} |`);
  }
  out.push('');
  if (c.worst.length > 0) {
    out.push(`**${c.worst.length} worst regressed row${c.worst.length === 1 ? '' : 's'}**`, '', '| Scorer | Score | Input | Baseline output | Candidate output |', '| --- | --- | --- | --- | --- |');
    for (const w of c.worst) {
      const score = `${shownScore(w.pair.baseline.scores[w.metric])} → ${shownScore(w.pair.candidate.scores[w.metric])}`;
      out.push(`| ${cell(w.scorer)} | ${cell(score)} | ${cell(w.pair.candidate.input)} | ${cell(w.pair.baseline.output)} | ${cell(w.pair.candidate.output)} |`);
    }
    out.push('');
  }
  return out;
}
