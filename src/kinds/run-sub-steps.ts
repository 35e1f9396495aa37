import { addressOf, scorerSettingsAddress, tracesAddress } from '../core/address.js';
import type { DesiredRun, DesiredStep } from '../core/kind-map.js';
import type { LiveResource, LiveState } from '../core/plan-types.js';
import type { IdRegistry } from '../engine/apply/id-registry.js';
import type { TraceDestination } from '../traces/types.js';
import type { DesiredContext } from './kind-descriptor.js';
import { runScorerSettingsState, scorerKeyOf } from './scorer-settings/scorer-key.js';
import { stepBase } from './step-base.js';
import { runnerLabel } from '../runner/runner-label.js';

/**
 * A run's sub-steps: `<run>.scorers` (sorted `<scorer_type>:<remote name>` keys) and, when it has a trace file,
 * `<run>.traces` (or, for a runner, its application's answers), which waits for the scorers (Galileo silently skips custom scorers registered after the traces).
 */
export function runSubSteps(run: DesiredRun, ctx: DesiredContext): DesiredStep[] {
  const base = { ...stepBase(run, ctx), resource: run };
  const settingsAddress = scorerSettingsAddress(run.address);
  const scorerDeps = run.scorers.flatMap((s) => (s.type === 'custom' ? [addressOf('scorer', s.key)] : []));
  const scorers = [...new Set(run.scorers.map((s) => scorerKeyOf(s, run, ctx)))].sort();
  const state = { scorers, ...runScorerSettingsState(run, ctx) };
  const steps: DesiredStep[] = [{ ...base, kind: 'scorer_settings', address: settingsAddress, state, dependsOn: [run.address, ...scorerDeps] }];
  if (run.traces !== undefined) {
    steps.push({ ...base, kind: 'traces', address: tracesAddress(run.address), state: { file: run.traces.file }, dependsOn: [run.address, settingsAddress], traces: run.traces });
  }
  // a runner experiment's traces are its application's answers, one per dataset row (issue 19)
  if (run.kind === 'experiment' && run.runner !== undefined) {
    steps.push({ ...base, kind: 'traces', address: tracesAddress(run.address), state: { file: runnerLabel(run.runner.settings) }, dependsOn: [run.address, settingsAddress] });
  }
  return steps;
}

/** A run that exists: its id and its project's, for its sub-steps (and for a run created by this apply, set there). */
export function seedRunIds(ids: IdRegistry, run: DesiredRun, found: LiveResource, live: LiveState): void {
  const projectId = live.resources[addressOf('project', run.project)]?.id;
  if (projectId !== undefined) ids.runs.set(run.address, { id: found.id, projectId });
}

/** Where a run's traces go: its experiment or its log stream. */
export function traceDestination(run: DesiredRun, runId: string): TraceDestination {
  return run.kind === 'experiment' ? { experiment_id: runId } : { log_stream_id: runId };
}
