import type { CheckReport } from '../check/types.js';
import { byExperiment, checkSummaryLine, shownField, shownValue } from './check-summary.js';
import { codeSpan, escapeMarkdown } from './escape-markdown.js';
import { MARKDOWN_LIMIT } from './render-plan-markdown.js';

/** Text safe inside a markdown table cell: escapeMarkdown also makes pipes and line breaks plain text. */
const cell = escapeMarkdown;

/**
 * The check as a pull-request comment (or a GitHub job summary): the verdict, then one table per experiment
 * (result, scorer, check, value, threshold, reason), then the skipped experiments. Kept under 60,000 characters.
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
      block.push(`| ${r.passed ? '✅' : '❌'} | ${cell(r.scorer)} | ${cell(shownField(r))} | ${shownValue(r)} | ${cell(r.threshold)} | ${r.passed ? '' : cell(r.message ?? '')} |`);
    }
    block.push('');
    const piece = `${block.join('\n')}\n`;
    if (text.length + piece.length + 200 > limit) {
      cut += 1;
      continue;
    }
    text += piece;
  }
  if (cut > 0) text += `_${cut} more experiment${cut === 1 ? '' : 's'} not shown (comment size limit); run \`galctl check\` for the full report._\n\n`;
  const skipped = report.experiments.filter((e) => e.status === 'skipped');
  if (skipped.length > 0) text += `<sub>Skipped (no thresholds): ${skipped.map((e) => codeSpan(e.address)).join(', ')}</sub>\n`;
  return text;
}
