import { diffRows } from '../kinds/dataset/row-diff.js';
import type { InputRow, RunInputs, ScorerContent } from '../core/run-inputs.js';
import { summarizeInputs, type InputsSummary, type ScorerSummary } from './summarize-inputs.js';
import { runnerReasons } from '../runner/runner-summary.js';

/** What the plan knows about the experiment's latest run before this one. */
export type PreviousRun =
  /** no run yet */
  | null
  /** a run whose tags carry no summary galctl can read (made by an older galctl, or its tags were edited) */
  | 'unreadable'
  | InputsSummary;

export interface ReasonOptions {
  /**
   * The rows of the dataset version the previous run read (Galileo keeps every dataset version: the previous
   * run's `dataset.version_index`), for `+a −d ~c rows`. Without them the dataset's reason names versions or
   * row counts instead.
   */
  previousDatasetRows?: readonly InputRow[];
}

const ASPECT_LABELS: Record<keyof ScorerContent, string> = {
  prompt: 'prompt',
  model: 'model',
  judges: 'judges',
  chainOfThought: 'chain of thought',
  code: 'code',
  pin: 'pinned version',
};

/** `a`, `a and b`, `a, b and c` */
function listText(items: readonly string[]): string {
  return items.length <= 1 ? items.join('') : `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]!}`;
}

/** Keys whose values differ between two maps (present on one side only counts), sorted. */
function changedKeys(a: Readonly<Record<string, string>>, b: Readonly<Record<string, string>>): string[] {
  return [...new Set([...Object.keys(a), ...Object.keys(b)])].filter((k) => a[k] !== b[k]).sort();
}

/** ` (v1 → v2)` when both versions are known and differ */
function versionNote(before: number | undefined, after: number | undefined): string | undefined {
  return before !== undefined && after !== undefined && before !== after ? `v${before} → v${after}` : undefined;
}

/** added / removed / renamed; undefined when both sides are the same named component (or both absent) */
function presence(what: string, before: { n: string } | undefined, after: { n: string } | undefined): string | undefined {
  if (before === undefined && after !== undefined) return `${what} ${after.n} added`;
  if (before !== undefined && after === undefined) return `${what} ${before.n} removed`;
  if (before !== undefined && after !== undefined && before.n !== after.n) return `${what} ${before.n} → ${after.n}`;
  return undefined;
}

function templateReason(before: InputsSummary['t'], after: InputsSummary['t']): string | undefined {
  const moved = presence('template', before, after);
  if (moved !== undefined || before === undefined || after === undefined) return moved;
  if (before.x === after.x && before.s === after.s) return undefined;
  const note = versionNote(before.v, after.v);
  return `template ${after.n} changed${note === undefined ? '' : ` (${note})`}`;
}

function datasetReason(before: InputsSummary['d'], after: InputsSummary['d'], current: RunInputs['dataset'], previousRows: readonly InputRow[] | undefined): string | undefined {
  const moved = presence('dataset', before, after);
  if (moved !== undefined || before === undefined || after === undefined || current === undefined) return moved;
  if (before.h === after.h) return undefined;
  const pinned = /^v\d+$/;
  if (pinned.test(before.h) && pinned.test(after.h)) return `dataset ${after.n} ${before.h} → ${after.h}`;
  if (current.rows !== undefined && previousRows !== undefined) {
    const live = previousRows.map((values, i) => ({ rowId: String(i), values }));
    const { added, removed, changed } = diffRows(current.rows.columns, current.rows.rows, live).changes;
    if (added + removed + changed === 0) return `dataset ${after.n} changed (columns or row order only)`;
    return `dataset ${after.n} +${added} −${removed} ~${changed} rows`;
  }
  const note = versionNote(before.v, after.v) ?? (before.r !== undefined && after.r !== undefined ? `${before.r} → ${after.r} rows` : undefined);
  return `dataset ${after.n} changed${note === undefined ? '' : ` (${note})`}`;
}

function scorerReasons(before: Readonly<Record<string, ScorerSummary>>, after: Readonly<Record<string, ScorerSummary>>): string[] {
  const reasons: string[] = [];
  for (const [key, s] of Object.entries(after)) {
    const was = before[key];
    if (was === undefined) reasons.push(`scorer ${key} added`);
    else if (was.n !== s.n || was.t !== s.t) reasons.push(`scorer ${key} replaced (${was.t} ${was.n} → ${s.t} ${s.n})`);
    else {
      const aspects = changedKeys(was.a, s.a).map((a) => ASPECT_LABELS[a as keyof ScorerContent] ?? a);
      if (aspects.length > 0) reasons.push(`scorer ${key} ${listText(aspects)} changed`);
    }
  }
  for (const key of Object.keys(before)) if (!(key in after)) reasons.push(`scorer ${key} removed`);
  return reasons;
}

function traceReason(before: InputsSummary['f'], after: InputsSummary['f']): string | undefined {
  if (before === undefined && after !== undefined) return `trace file ${after.p} added`;
  if (before !== undefined && after === undefined) return `trace file ${before.p} removed`;
  if (before !== undefined && after !== undefined && before.h !== after.h) return `trace file ${after.p} changed`;
  return undefined;
}

/**
 * Why an experiment needs a new run, one short line per changed input, in the plan's words:
 * `template support-answer changed (v1 → v2)`, `dataset refund-questions +3 −0 ~1 rows`, `scorer helpfulness
 * prompt changed`, `scorer x added`, `prompt_settings changed (temperature)`, `trace file traces/a.jsonl changed`, `app/answer.py changed, app/prompts/x.txt added` (a runner's input files);
 * `first run` when there is none. The previous side is the summary galctl stored on the previous run (no content,
 * only hashes: run-tags.ts), so a reason names the component and aspect but never quotes old text. Call it when
 * the fingerprint moved: when no component differs in the summary (it cannot tell) the one reason is `inputs changed`.
 */
export function runReasons(previous: PreviousRun, current: RunInputs, options: ReasonOptions = {}): string[] {
  if (previous === null) return ['first run'];
  if (previous === 'unreadable') return ['inputs changed (the previous run records no inputs galctl can read)'];
  const now = summarizeInputs(current);
  const settings = changedKeys(previous.p ?? {}, now.p ?? {});
  const reasons = [
    templateReason(previous.t, now.t),
    datasetReason(previous.d, now.d, current.dataset, options.previousDatasetRows),
    settings.length > 0 ? `prompt_settings changed (${settings.join(', ')})` : undefined,
    ...scorerReasons(previous.s, now.s),
    traceReason(previous.f, now.f),
    ...(now.r === undefined || current.runner === undefined ? (previous.r === undefined ? [] : ['runner removed']) : runnerReasons(previous.r, now.r, current.runner.settings)),
    previous.g !== now.g ? `sampling ${now.g === undefined ? 'removed' : previous.g === undefined ? 'added' : 'changed'}` : undefined,
  ].filter((r): r is string => r !== undefined);
  return reasons.length > 0 ? reasons : ['inputs changed'];
}
