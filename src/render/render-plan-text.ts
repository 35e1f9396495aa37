import { orphansOf } from '../engine/plan-prune.js';
import type { Plan, UnmanagedResource } from '../core/plan-types.js';
import { changeLines } from './change-lines.js';
import { escapeControl } from './escape-control.js';
import { NO_CHANGES, hasChanges, orphanLine, summaryLine } from './summary-line.js';
import { ACTION_COLOR, addressLabel, changeLabel, ACTION_SYMBOL, LINE_COLOR, paint } from './symbols.js';

export interface RenderPlanTextOptions {
  /** ANSI colour; off when not a TTY, with NO_COLOR or --no-color */
  color: boolean;
}

function unmanagedLine(u: UnmanagedResource): string {
  const where = u.project === undefined ? '' : ` in project "${u.project}"`;
  const why = u.owner_stack !== undefined ? `owned by stack "${u.owner_stack}"` : !u.owned ? 'not created by galctl' : u.reason !== undefined ? `created by galctl; ${u.reason}` : 'created by galctl; --prune deletes it';
  return escapeControl(`  ${u.kind} "${u.name}"${where} (${why}${u.caution === undefined ? '' : `; caution: ${u.caution}`})`);
}

/**
 * The plan for a terminal, Terraform-like: one block per change (`+ create`, `~ update`, `± new version`,
 * `-/+ replace`, `- delete`, `> ingest`) with its field changes, then what is left alone, then the summary line.
 * No-ops are not shown.
 */
export function renderPlanText(plan: Plan, opts: RenderPlanTextOptions): string {
  const on = opts.color;
  const out: string[] = [];
  const changes = plan.changes.filter((c) => c.action !== 'no-op');
  // names, values and paths come from the manifest, its files and Galileo: control characters escaped
  out.push(paint(escapeControl(`galctl plan: ${plan.manifest} against ${plan.api_url}`), 'dim', on));
  if (plan.targets !== undefined) out.push(paint(escapeControl(`limited to --target ${plan.targets.join(', ')} and what they depend on`), 'dim', on));
  out.push('');
  for (const c of changes) {
    const symbol = paint(ACTION_SYMBOL[c.action].padStart(3), ACTION_COLOR[c.action], on);
    const label = paint(changeLabel(c), ACTION_COLOR[c.action], on);
    const guard = c.protect ? paint('  (protected: apply will refuse)', 'red', on) : '';
    out.push(`${symbol} ${paint(escapeControl(addressLabel(c)), 'bold', on)}  ${label}${guard}`);
    for (const line of changeLines(c)) {
      const color = LINE_COLOR[line.slice(0, 1)];
      out.push(`      ${color === undefined ? line : paint(line, color, on)}`.trimEnd());
    }
    if (c.caution !== undefined) out.push(paint(escapeControl(`      ! caution: ${c.caution}`), 'red', on));
    out.push('');
  }
  const orphans = orphansOf(plan);
  if (orphans.length > 0) {
    out.push('No longer declared (`--prune` deletes them):');
    for (const u of orphans) out.push(paint(unmanagedLine(u), 'yellow', on));
    out.push('');
  }
  const leftAlone = plan.unmanaged.filter((u) => u.orphan !== true);
  if (leftAlone.length > 0) {
    out.push('Unmanaged (left alone):');
    for (const u of leftAlone) out.push(paint(unmanagedLine(u), 'dim', on));
    out.push('');
  }
  const leftovers = plan.preview_leftovers ?? [];
  if (leftovers.length > 0) {
    out.push('Preview leftovers (pull request previews nobody destroyed):');
    for (const l of leftovers) out.push(paint(escapeControl(`  preview ${l.id}: ${l.objects} object${l.objects === 1 ? '' : 's'}, last written ${l.last_written}; destroy: ${l.command}`), 'yellow', on));
    out.push('');
  }
  if (plan.summary.delete > 0) {
    const n = plan.summary.delete;
    out.push(paint(`Warning: this plan deletes ${n} resource${n === 1 ? '' : 's'} from Galileo.`, 'red', on));
  }
  if (hasChanges(plan.summary)) out.push(paint(summaryLine(plan.summary), 'bold', on));
  else if (orphans.length > 0) out.push(paint(orphanLine(orphans.length), 'bold', on));
  else out.push(paint(NO_CHANGES, 'green', on));
  // last, below the summary: what apply cannot fix, whether or not there are changes
  const warnings = plan.warnings ?? [];
  if (warnings.length > 0) out.push('', 'Warnings:', ...warnings.map((w) => paint(escapeControl(`  ! ${w}`), 'yellow', on)));
  return `${out.join('\n')}\n`;
}
