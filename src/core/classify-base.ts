import { diffState, type DiffStateOptions } from './diff-state.js';
import type { Action, FieldChange, LiveResource, LiveRun, PlanChange, TraceCounts } from './plan-types.js';

/** What the planner knows besides a step and its live object when it classifies the step. */
export interface ClassifyContext {
  /** for a run's sub-steps: the action planned for the run itself */
  runAction?: Action;
  /** for `<run>.traces`: the trace file against the run */
  traceCounts?: TraceCounts;
  /** for `<run>.traces`: the file as shown in the plan */
  traceFile?: string;
  /** for an experiment: its earlier runs, newest first (the reasons for a new run compare with the newest) */
  history?: readonly LiveRun[];
}

/** A classified step: a plan change before the planner adds its dependencies. */
export type Classified = Omit<PlanChange, 'depends_on'>;

/** A live object under another name is a rename (build-plan.ts markRenamed), never a new version or a replace. */
export const withoutName = (fields: FieldChange[]): FieldChange[] => fields.filter((f) => f.path !== 'name');

/** A replace's reason, with the refusal spelled out when the object is protected (apply never replaces those). */
export function guardedReplace(base: Classified, replace: { fields: FieldChange[]; reason: string; name: string; guarded: boolean }): Classified {
  const { fields, reason, name, guarded } = replace;
  const why = guarded ? `${reason}; ${name} is protected, so apply will refuse to replace it` : reason;
  return { ...base, action: 'replace', fields, reason: why, ...(guarded ? { protect: true } : {}) };
}

/**
 * The usual classification: create when nothing is live, no-op when the compared fields agree, else `changed`
 * (by default an in-place update).
 */
export function classifyByDiff(
  desired: object,
  live: LiveResource | undefined,
  options: DiffStateOptions,
  base: Classified,
  changed: (fields: FieldChange[]) => Classified = (fields) => ({ ...base, action: 'update', fields }),
): Classified {
  if (live === undefined) return { ...base, action: 'create', fields: diffState(desired, undefined, options) };
  const fields = withoutName(diffState(desired, live.state, options));
  return fields.length === 0 ? { ...base, action: 'no-op' } : changed(fields);
}
