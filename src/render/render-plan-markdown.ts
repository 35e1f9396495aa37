import { orphansOf } from '../plan/plan-prune.js';
import type { Action, Plan, PlanChange } from '../plan/types.js';
import { changeLines } from './change-lines.js';
import { codeBlock, codeSpan, escapeMarkdown } from './escape-markdown.js';
import { NO_CHANGES, hasChanges, orphanLine, summaryLine } from './summary-line.js';
import { ACTION_LABEL, ACTION_SYMBOL } from './symbols.js';
import { maxOf } from '../append-all.js';

/** GitHub rejects comments over 65,536 characters; stay well under. */
export const MARKDOWN_LIMIT = 60_000;

const ORDER: Action[] = ['create', 'new-version', 'update', 'replace', 'delete', 'ingest'];

// names, values and reasons come from the manifest, its files and Galileo: escaped (escape-markdown.ts)
function details(c: PlanChange): string {
  const guard = c.protect ? ' — <b>protected: apply will refuse</b>' : '';
  const summary = `<code>${ACTION_SYMBOL[c.action]} ${escapeMarkdown(c.address)}</code> ${ACTION_LABEL[c.action]}${guard}`;
  const body = changeLines(c).join('\n');
  if (body === '') return `<details><summary>${summary}</summary>\n\n_no field changes_\n\n</details>\n`;
  return `<details><summary>${summary}</summary>\n\n${codeBlock(body, 'diff')}\n\n</details>\n`;
}

/**
 * The plan as a pull-request comment: the summary line, a destroy banner when anything is deleted, a table of
 * counts by action, then each change in a collapsible `<details>` with a ```diff block. Kept under
 * 60,000 characters; when cut, a note says how many changes are not shown.
 */
export function renderPlanMarkdown(plan: Plan, limit = MARKDOWN_LIMIT): string {
  const changes = plan.changes.filter((c) => c.action !== 'no-op');
  const head: string[] = ['### galctl plan', ''];
  const orphans = orphansOf(plan);
  if (!hasChanges(plan.summary) && orphans.length === 0) {
    head.push(`**${NO_CHANGES}**`, '');
    return `${head.join('\n')}\n`;
  }
  head.push(`**${hasChanges(plan.summary) ? summaryLine(plan.summary) : orphanLine(orphans.length)}**`, '');
  if (orphans.length > 0) {
    head.push('No longer declared (`--prune` deletes them):', ...orphans.map((u) => `- ${u.kind} ${codeSpan(u.name)}${u.project === undefined ? '' : ` in ${codeSpan(u.project)}`}`), '');
  }
  const cautions = [...changes.filter((c) => c.action === 'delete'), ...orphans.map((u) => ({ ...u, address: `${u.kind} ${codeSpan(u.name)}` }))].flatMap((c) =>
    c.caution === undefined ? [] : [`> - ${'orphan' in c ? c.address : codeSpan(c.address)}: ${escapeMarkdown(c.caution)}`],
  );
  if (plan.summary.delete > 0 || cautions.length > 0) {
    const what = plan.summary.delete > 0 ? `This plan **deletes ${plan.summary.delete} resource${plan.summary.delete === 1 ? '' : 's'}** from Galileo.` : '`--prune` would delete data:';
    head.push('> [!CAUTION]', `> ${what}`, ...cautions, '');
  }
  if (changes.some((c) => c.protect)) head.push('> [!WARNING]', '> This plan replaces a protected resource; apply will refuse it.', '');
  if (plan.targets !== undefined) head.push(`_Limited to \`--target\` ${plan.targets.map(codeSpan).join(', ')} and what they depend on._`, '');
  head.push('| Action | Count |', '| --- | ---: |');
  for (const a of ORDER) if (plan.summary[a] > 0) head.push(`| ${ACTION_SYMBOL[a]} ${ACTION_LABEL[a]} | ${plan.summary[a]} |`);
  if (plan.summary['no-op'] > 0) head.push(`| unchanged | ${plan.summary['no-op']} |`);
  head.push('');

  let out = `${head.join('\n')}\n`;
  const noteRoom = 120;
  let shown = 0;
  for (const c of changes) {
    const block = details(c);
    if (out.length + block.length + noteRoom > limit) break;
    out += block;
    shown += 1;
  }
  if (shown < changes.length) {
    out += `\n… ${changes.length - shown} more change${changes.length - shown === 1 ? '' : 's'} not shown; run galctl plan locally for the full plan\n`;
  }
  const leftAlone = plan.unmanaged.filter((u) => u.orphan !== true);
  if (leftAlone.length > 0) {
    const tail = `\n<details><summary>${leftAlone.length} unmanaged (left alone)</summary>\n\n${leftAlone
      .map((u) => `- ${u.kind} ${codeSpan(u.name)}${u.project === undefined ? '' : ` in ${codeSpan(u.project)}`}${u.owned ? ` (created by galctl${u.reason === undefined ? '' : `; ${escapeMarkdown(u.reason)}`})` : ''}`)
      .join('\n')}\n\n</details>\n`;
    if (out.length + tail.length <= limit) out += tail;
  }
  return out;
}
