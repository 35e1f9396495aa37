import { orphansOf } from '../engine/plan-prune.js';
import type { Action, Plan, PlanChange, UnmanagedResource } from '../core/plan-types.js';
import { changeLines } from './change-lines.js';
import { codeBlock, codeSpan, escapeMarkdown } from './escape-markdown.js';
import { NO_CHANGES, hasChanges, orphanLine, summaryLine } from './summary-line.js';
import { ACTION_LABEL, changeLabel, ACTION_SYMBOL, addressLabel } from './symbols.js';

/** GitHub rejects comments over 65,536 characters; stay well under. */
export const MARKDOWN_LIMIT = 60_000;

const ORDER: Action[] = ['create', 'new-version', 'update', 'replace', 'delete', 'ingest'];

/** A project's other changes are folded in one `<details>` when there are more than this many. */
const FOLD_AFTER = 3;

// names, values and reasons come from the manifest, its files and Galileo: escaped (escape-markdown.ts)
function details(c: PlanChange, open: boolean): string {
  const guard = c.protect ? ' — <b>protected: apply will refuse</b>' : '';
  const summary = `<code>${ACTION_SYMBOL[c.action]} ${escapeMarkdown(addressLabel(c))}</code> ${changeLabel(c)}${guard}`;
  const body = changeLines(c).join('\n');
  const tag = open ? '<details open>' : '<details>';
  if (body === '') return `${tag}<summary>${summary}</summary>\n\n_no field changes_\n\n</details>\n`;
  return `${tag}<summary>${summary}</summary>\n\n${codeBlock(body, 'diff')}\n\n</details>\n`;
}

/** What a reviewer must look at first: what deletes or replaces, and what sends traces. */
const needsAttention = (c: PlanChange): boolean => c.action === 'delete' || c.action === 'replace' || c.kind === 'traces';

/** The project a change belongs to (its own name for a project); undefined for org-level scorers and datasets. */
const projectOf = (c: PlanChange): string | undefined => c.project ?? (c.kind === 'project' ? c.name : undefined);

/** The remaining changes grouped by project, org-level ones (no project) first, then in plan order. */
function byProject(changes: PlanChange[]): [string | undefined, PlanChange[]][] {
  const groups = new Map<string | undefined, PlanChange[]>([[undefined, []]]);
  for (const c of changes) {
    const key = projectOf(c);
    const list = groups.get(key) ?? [];
    list.push(c);
    groups.set(key, list);
  }
  return [...groups].filter(([, list]) => list.length > 0);
}

const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;

/**
 * The head: the summary line first, the stack's objects no longer declared, then banners for deletes (with what
 * they lose), replaces and protected resources, then the counts.
 */
function headOf(plan: Plan, changes: PlanChange[], orphans: UnmanagedResource[]): string[] {
  const head: string[] = ['### galctl plan', '', `**${hasChanges(plan.summary) ? summaryLine(plan.summary) : orphanLine(orphans.length)}**`, ''];
  if (orphans.length > 0) {
    head.push('No longer declared (`--prune` deletes them):', ...orphans.map((u) => `- ${u.kind} ${codeSpan(u.name)}${u.project === undefined ? '' : ` in ${codeSpan(u.project)}`}`), '');
  }
  const cautions = [...changes.filter((c) => c.action === 'delete'), ...orphans.map((u) => ({ ...u, address: `${u.kind} ${codeSpan(u.name)}` }))].flatMap((c) =>
    c.caution === undefined ? [] : [`> - ${'orphan' in c ? c.address : codeSpan(c.address)}: ${escapeMarkdown(c.caution)}`],
  );
  if (plan.summary.delete > 0 || cautions.length > 0) {
    const what = plan.summary.delete > 0 ? `This plan **deletes ${plural(plan.summary.delete, 'resource')}** from Galileo.` : '`--prune` would delete data:';
    head.push('> [!CAUTION]', `> ${what}`, ...cautions, '');
  }
  if (plan.summary.replace > 0) {
    const n = plan.summary.replace;
    head.push('> [!CAUTION]', `> This plan **replaces ${plural(n, 'resource')}**: ${n === 1 ? 'it is' : 'they are'} deleted with ${n === 1 ? 'its' : 'their'} results, then re-created. Apply refuses ${n === 1 ? 'it' : 'them'} without \`--allow-replace\`.`, '');
  }
  if (changes.some((c) => c.protect)) head.push('> [!WARNING]', '> This plan replaces a protected resource; apply will refuse it.', '');
  if (plan.warnings !== undefined && plan.warnings.length > 0) head.push('> [!WARNING]', ...plan.warnings.map((w) => `> - ${escapeMarkdown(w)}`), '');
  if (plan.targets !== undefined) head.push(`_Limited to \`--target\` ${plan.targets.map(codeSpan).join(', ')} and what they depend on._`, '');
  head.push('| Action | Count |', '| --- | ---: |');
  for (const a of ORDER) if (plan.summary[a] > 0) head.push(`| ${ACTION_SYMBOL[a]} ${ACTION_LABEL[a]} | ${plan.summary[a]} |`);
  if (plan.summary['no-op'] > 0) head.push(`| unchanged | ${plan.summary['no-op']} |`);
  head.push('');
  return head;
}

/**
 * The plan as a pull-request comment, written for a reviewer: the summary line first, banners for deletes and
 * replaces, a table of counts by action; then what needs attention (deletes, replaces, traces), each change open;
 * then the rest by project (folded in one `<details>` per project when it has more than three changes), each change
 * in a collapsible `<details>` with a ```diff block. Kept under 60,000 characters; when cut, a note says how many
 * changes are not shown.
 */
export function renderPlanMarkdown(plan: Plan, limit = MARKDOWN_LIMIT): string {
  const changes = plan.changes.filter((c) => c.action !== 'no-op');
  const orphans = orphansOf(plan);
  if (!hasChanges(plan.summary) && orphans.length === 0) return `### galctl plan\n\n**${NO_CHANGES}**\n\n`;
  const attention = changes.filter(needsAttention);
  const rest = changes.filter((c) => !needsAttention(c));
  // pieces in order: a change block (counted as shown) or a heading / group tag
  const pieces: { text: string; change?: true }[] = [];
  if (attention.length > 0) {
    pieces.push({ text: '#### Deletes, replaces and traces\n\n' });
    for (const c of attention) pieces.push({ text: details(c, true), change: true });
  }
  if (rest.length > 0) {
    pieces.push({ text: `${attention.length > 0 ? '\n' : ''}#### Other changes\n\n` });
    for (const [project, list] of byProject(rest)) {
      const title = project === undefined ? 'Scorers and datasets' : `Project <code>${escapeMarkdown(project)}</code>`;
      const fold = list.length > FOLD_AFTER;
      pieces.push({ text: fold ? `<details><summary>${title}: ${plural(list.length, 'change')}</summary>\n\n` : `**${title}**\n\n` });
      for (const c of list) pieces.push({ text: details(c, false), change: true });
      pieces.push({ text: fold ? '\n</details>\n\n' : '\n' });
    }
  }

  let out = `${headOf(plan, changes, orphans).join('\n')}\n`;
  const noteRoom = 160;
  let shown = 0;
  let openFold = false;
  for (const p of pieces) {
    if (out.length + p.text.length + noteRoom > limit) break;
    out += p.text;
    if (p.change) shown += 1;
    else if (p.text.startsWith('<details>')) openFold = true;
    else if (p.text.includes('</details>')) openFold = false;
  }
  if (openFold) out += '\n</details>\n';
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
