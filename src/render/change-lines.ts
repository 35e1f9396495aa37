import { escapeControl } from './escape-control.js';
import type { Action, FieldChange, PlanChange } from '../core/plan-types.js';
import { appendAll } from '../core/append-all.js';

/** A value as the plan prints it: strings quoted, the rest as compact JSON. */
export function formatValue(value: unknown): string {
  if (value === undefined) return 'null';
  return JSON.stringify(value) ?? String(value);
}

const isMultiline = (v: unknown): v is string => typeof v === 'string' && v.includes('\n');

function textBlock(sign: '+' | '-', text: string): string[] {
  return text.split('\n').map((line) => `${sign}     ${line}`.trimEnd());
}

/** Input versions a new run pins: when unknown at plan time, it is the version this apply makes. */
const VERSION_PATHS: ReadonlySet<string> = new Set(['dataset_version', 'template_version']);

function fieldLines(f: FieldChange, action: Action): string[] {
  const sign = action === 'create' ? '+' : '~';
  if (f.known_after_apply) return [`${sign} ${f.path}: ${VERSION_PATHS.has(f.path) ? '(the version this apply makes)' : '(known after apply)'}`];
  if (f.before === undefined && f.after !== undefined) {
    return isMultiline(f.after) ? [`+ ${f.path}: |`, ...textBlock('+', f.after)] : [`+ ${f.path}: ${formatValue(f.after)}`];
  }
  if (f.after === undefined) {
    return isMultiline(f.before) ? [`- ${f.path}: |`, ...textBlock('-', f.before)] : [`- ${f.path}: ${formatValue(f.before)}`];
  }
  if (f.diff !== undefined && f.diff !== '') {
    // each diff line keeps its marker in column 0 so a ```diff block colours it
    return [`~ ${f.path}:`, ...f.diff.split('\n').map((l) => (l.startsWith('@@') ? `      ${l}` : `${l.slice(0, 1)}     ${l.slice(1)}`.trimEnd()))];
  }
  return [`~ ${f.path}: ${formatValue(f.before)} → ${formatValue(f.after)}`];
}

/** What a replace costs and what apply needs to carry it out. */
export const REPLACE_WARNING = 'apply refuses this replace without --allow-replace (it is deleted with what it holds, then re-created)';

/**
 * The body of one change as lines, each starting with its marker (`+ - ~ # >` or a space): the reason, field
 * changes (`before → after`, line diffs, `(known after apply)`), dataset row counts with a sample, scorers added
 * or removed, traces to ingest, and (`!`) the warning a replace needs --allow-replace. Shared by the text and markdown renderers. Values come from the manifest, its
 * files and Galileo: control characters are escaped in every line.
 */
export function changeLines(change: PlanChange): string[] {
  const lines: string[] = [];
  if (change.reason !== undefined) lines.push(`# ${change.reason}`);
  if (change.run !== undefined) {
    const { rows, judge_calls: judges, generation_calls: generations, application_calls: app } = change.run.estimate;
    const appCalls = app === undefined ? '' : `, ${app} application call${app === 1 ? '' : 's'}`;
    lines.push(`# estimate: ${rows} row${rows === 1 ? '' : 's'}, ${judges} judge call${judges === 1 ? '' : 's'}, ${generations} generation call${generations === 1 ? '' : 's'}${appCalls}`);
  }
  if (change.action === 'replace' && change.protect !== true) lines.push(`! ${REPLACE_WARNING}`);
  for (const f of change.fields) appendAll(lines, fieldLines(f, change.action));
  if (change.rows !== undefined) {
    const { added, removed, changed, sample } = change.rows;
    lines.push(`${change.action === 'create' ? '+' : '~'} rows: +${added} -${removed} ~${changed}`);
    for (const s of sample.slice(0, 3)) lines.push(`${s.slice(0, 1)}     ${s.slice(2)}`);
    const shown = Math.min(sample.length, 3);
    if (added + removed + changed > shown) lines.push(`      … ${added + removed + changed - shown} more`);
  }
  if (change.scorers !== undefined) {
    for (const s of change.scorers.added) lines.push(`+ ${s}`);
    for (const s of change.scorers.removed) lines.push(`- ${s}`);
  }
  if (change.traces !== undefined && change.action === 'ingest') {
    const { new: fresh, present, file } = change.traces;
    const unknown = change.fields.some((f) => f.known_after_apply);
    lines.push(
      unknown
        ? `> traces from ${file} (count known after apply)`
        : `> ${fresh} new trace${fresh === 1 ? '' : 's'}${present > 0 ? ` (${present} already present)` : ''} from ${file}`,
    );
    const incomplete = change.traces.incomplete ?? 0;
    if (incomplete > 0) lines.push(`> finish ${incomplete} trace${incomplete === 1 ? '' : 's'} stored incomplete by an interrupted ingest (then scored)`);
  }
  return lines.map(escapeControl);
}
