import type { ApplyResult, Counted, StepOutcome } from '../engine/apply/types.js';
import { formatDuration } from '../engine/apply/wait-for-runs.js';
import type { Action } from '../core/plan-types.js';
import { escapeControl, escapeControlLines } from './escape-control.js';
import { paint } from './symbols.js';

export interface RenderApplyOptions {
  color: boolean;
}

export function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)}s`;
}

function shortId(id: string): string {
  return id.length > 8 ? `${id.slice(0, 8)}…` : id;
}

/** Where the address goes in a step's summary: `new version 2 of X`, `ingested 5 traces into X`, `created X (…)`. */
const PREPOSITION: Record<string, string> = { new: 'of', selected: 'of', named: 'of', ingested: 'into', registered: 'on' };

/** `created scorer.x`, `new version 2 of scorer.x`, `adopted dataset.d (new version 3)`. */
export function describeStep(summary: string, address: string): string {
  const paren = summary.indexOf(' (');
  const head = paren === -1 ? summary : summary.slice(0, paren);
  const tail = paren === -1 ? '' : summary.slice(paren);
  const prep = PREPOSITION[head.split(' ')[0] ?? ''];
  // traces go into the run, scorers are registered on it: name the run, not its sub-step
  const target = prep === 'into' || prep === 'on' ? address.replace(/\.(traces|scorers)$/, '') : address;
  return `${head} ${prep === undefined ? '' : `${prep} `}${target}${tail}`;
}

/**
 * One line per finished step: `created scorer.x (id 1234abcd…) in 0.4s`, `FAILED dataset.x: POST /datasets: 422 …`.
 * Names, ids and the API's messages come from the manifest and Galileo: control characters escaped (a message's
 * own line breaks stay).
 */
export function renderStepLine(o: StepOutcome, opts: RenderApplyOptions): string {
  const on = opts.color;
  switch (o.status) {
    case 'succeeded': {
      const id = o.id === undefined ? '' : ` (id ${shortId(o.id)})`;
      return escapeControl(`${describeStep(o.summary ?? 'done', o.address)}${id} in ${seconds(o.ms)}`);
    }
    case 'failed':
      return paint(escapeControlLines(`FAILED ${o.address}: ${o.error ?? 'unknown error'}`), 'red', on);
    case 'skipped':
      return paint(escapeControl(`skipped ${o.address} (blocked by ${o.blockedBy ?? 'a failed step'})`), 'yellow', on);
    case 'not-attempted':
      return paint(escapeControl(`not attempted ${o.address}`), 'dim', on);
  }
}

/** A step in flight, for the live view: `  … scorer.x  create  1.2s  validating code`. */
export interface InFlightStep {
  address: string;
  action: Action;
  startedAt: number;
  message?: string;
  /** the step's measured progress, when it has one (shown as a bar on a terminal, a heartbeat line in CI) */
  counted?: Counted;
}

const BAR_WIDTH = 20;
const n = (x: number): string => x.toLocaleString('en-US');

/** `5,000/12,950 traces, 1,200/s, ETA 7s` (rate and ETA over the time since the step started). */
export function renderCounted(c: Counted, elapsedMs: number): string {
  const rate = elapsedMs > 0 ? (c.done * 1000) / elapsedMs : 0;
  const eta = rate > 0 && c.done < c.total ? `, ETA ${formatDuration(((c.total - c.done) / rate) * 1000)}` : '';
  return `${n(c.done)}/${n(c.total)} ${c.unit}${rate > 0 ? `, ${n(Math.round(rate))}/s` : ''}${eta}`;
}

/** `[########------------]`: the share of `done` in `total`. */
export function renderBar(c: Counted): string {
  const filled = c.total > 0 ? Math.min(BAR_WIDTH, Math.floor((c.done / c.total) * BAR_WIDTH)) : 0;
  return `[${'#'.repeat(filled)}${'-'.repeat(BAR_WIDTH - filled)}]`;
}

export function renderInFlight(steps: readonly InFlightStep[], now: number, opts: RenderApplyOptions): string[] {
  return steps.map((s) => {
    const elapsed = now - s.startedAt;
    const note = s.counted !== undefined ? `  ${renderBar(s.counted)} ${renderCounted(s.counted, elapsed)}` : s.message === undefined ? '' : `  ${s.message}`;
    return paint(escapeControl(`  … ${s.action} ${s.address}  ${seconds(elapsed)}${note}`), 'dim', opts.color);
  });
}

/**
 * The CI heartbeat (no terminal to redraw): one line per step in flight, e.g. `ingest project.x.experiment.y.traces:
 * 5,000/12,950 traces, 1,200/s, ETA 7s` or `… create scorer.x: 12.0s, validating code`.
 */
export function renderHeartbeat(steps: readonly InFlightStep[], now: number): string[] {
  return steps.map((s) => {
    const elapsed = now - s.startedAt;
    if (s.counted !== undefined) return escapeControl(`${s.action} ${s.address}: ${renderCounted(s.counted, elapsed)}`);
    return escapeControl(`still running: ${s.action} ${s.address}: ${seconds(elapsed)}${s.message === undefined ? '' : `, ${s.message}`}`);
  });
}

/** `--wait`: a run's jobs, `  project.p.experiment.e: jobs 3/5` (on a terminal with a bar after it). */
export function renderWaitLine(address: string, done: number, total: number, bar: boolean): string {
  return escapeControl(`  ${address}: jobs ${done}/${total}${bar ? ` ${renderBar({ done, total, unit: 'jobs' })}` : ''}`);
}

/** `--wait` heartbeat without a terminal: `waiting for scoring: project.p.experiment.e: jobs 3/5, 40s so far`. */
export function renderWaitHeartbeat(address: string, done: number, total: number, elapsedMs: number): string {
  return escapeControl(`waiting for scoring: ${address}: jobs ${done}/${total}, ${formatDuration(elapsedMs)} so far`);
}

const count = (result: ApplyResult, action: Action): number => result.outcomes.filter((o) => o.status === 'succeeded' && o.action === action).length;

/**
 * The end of an apply. Success: `Apply complete: 5 created, 1 new version, 0 updated, 0 replaced, 0 deleted, 1000
 * traces ingested in 3.2s.` Otherwise what succeeded, what failed (the API's own message), what was skipped (and
 * which failure blocked it) and what was not attempted.
 */
export function renderApplySummary(result: ApplyResult, opts: RenderApplyOptions): string {
  const on = opts.color;
  const versions = count(result, 'new-version');
  // what reached Galileo: a traces step that failed or was interrupted counts the batches acknowledged before it stopped
  const traces = result.outcomes.reduce((sum, o) => sum + (o.ingested ?? 0), 0);
  const tally =
    `${count(result, 'create')} created, ${versions} new version${versions === 1 ? '' : 's'}, ${count(result, 'update')} updated, ` +
    `${count(result, 'replace')} replaced, ${count(result, 'delete')} deleted, ${traces} trace${traces === 1 ? '' : 's'} ingested in ${seconds(result.ms)}.`;
  if (result.ok) return `${paint(`Apply complete: ${tally}`, 'green', on)}\n`;

  const by = (status: StepOutcome['status']): StepOutcome[] => result.outcomes.filter((o) => o.status === status);
  const [succeeded, failed, skipped, notAttempted] = [by('succeeded'), by('failed'), by('skipped'), by('not-attempted')];
  const head = result.interrupted ? 'Apply interrupted' : 'Apply failed';
  const lines = [
    paint(`${head}: ${succeeded.length} succeeded, ${failed.length} failed, ${skipped.length} skipped, ${notAttempted.length} not attempted.`, 'red', on),
    `Done: ${tally}`,
  ];
  const section = (title: string, items: StepOutcome[], line: (o: StepOutcome) => string): void => {
    if (items.length === 0) return;
    lines.push(`${title}:`);
    for (const o of items) lines.push(`  ${escapeControlLines(line(o))}`);
  };
  section('Succeeded', succeeded, (o) => describeStep(o.summary ?? 'done', o.address));
  section('Failed', failed, (o) => `${o.address}: ${o.error ?? 'unknown error'}${o.ingested ? ` (${n(o.ingested)} trace${o.ingested === 1 ? '' : 's'} ingested before it stopped)` : ''}`);
  section('Skipped (a dependency failed)', skipped, (o) => `${o.address} (blocked by ${o.blockedBy ?? '?'})`);
  section('Not attempted', notAttempted, (o) => o.address);
  lines.push('Run galctl apply again to finish: it picks up from what is in Galileo now.');
  return `${lines.join('\n')}\n`;
}
