/**
 * What each plan step kind carries, by kind id: the manifest resource behind it, its canonical state (desired and
 * live alike) and the extra ids the live reader keeps for apply (`refs`). Everything typed by kind derives from
 * this map (DesiredStepOf, LiveRefsOf), so a step's `kind` narrows its resource, state and refs without casts.
 * A new kind adds its entry from its own folder, by declaration merging (src/kinds/<kind>/types.ts:
 * `declare module '../../core/kind-map.js' { interface KindMap { <id>: {…} } }`); CONTRIBUTING.md says how.
 */
import type { DesiredDataset, DesiredExperiment, DesiredLogStream, DesiredProject, DesiredScorer, DesiredTemplate, TraceSource } from './desired-types.js';
import type { DatasetState, ExperimentState, LogStreamState, ProjectState, ScorerSettingsState, ScorerState, TemplateState } from './plan-types.js';

/** A run: an experiment or a log stream; its scorer settings and trace batch are steps of their own. */
export type DesiredRun = DesiredExperiment | DesiredLogStream;

/** A run's trace file as a plan step's desired state. */
export interface TracesState {
  file: string;
}

export interface KindMap {
  project: { resource: DesiredProject; state: ProjectState; refs: Record<never, never> };
  scorer: { resource: DesiredScorer; state: ScorerState; refs: { latestVersionId: string | null; latestVersion: number | null; defaultVersionId: string | null } };
  dataset: { resource: DesiredDataset; state: DatasetState; refs: { datasetVersionIndex: number; datasetEtag: string | null; versionName: string | null } };
  template: { resource: DesiredTemplate; state: TemplateState; refs: { projectId: string; selectedVersionId: string | null; maxVersion: number | null } };
  log_stream: { resource: DesiredLogStream; state: LogStreamState; refs: { projectId: string } };
  experiment: {
    resource: DesiredExperiment;
    state: ExperimentState;
    /** `runTagged`: the run carries galctl's run tags (its `galctl:fingerprint`); absent when not read */
    refs: { projectId: string; datasetId: string | null; templateId: string | null; runTagged?: boolean };
  };
  scorer_settings: { resource: DesiredRun; state: ScorerSettingsState; refs: { projectId: string; runId: string } };
  traces: { resource: DesiredRun; state: TracesState; refs: Record<never, never> };
}

/** Every plan step kind: the manifest's resource kinds plus a run's scorer settings and trace batch. */
export type StepKind = keyof KindMap;

/** The extra ids the live reader keeps for apply, per kind. */
export type LiveRefsOf<K extends StepKind> = KindMap[K]['refs'];

type UnionToIntersection<U> = (U extends unknown ? (u: U) => void : never) extends (i: infer I) => void ? I : never;

/** Any kind's refs, by name and type (a live object carries its own kind's; LiveRefsOf says which). */
export type LiveRefs = Partial<UnionToIntersection<KindMap[StepKind]['refs']>>;

interface DesiredStepBase {
  address: string;
  /** remote name (for traces: the run's) */
  name: string;
  /** project remote name, for project-scoped steps */
  project?: string;
  /** addresses this step references (must exist first) */
  dependsOn: string[];
  protect: boolean;
}

/**
 * One desired plan step of kind K: a resource, or a run's scorer settings or trace batch. `resource` is the
 * manifest resource (for a run's sub-steps: the run); `traces` is set on `<run>.traces`.
 */
type StepByKind = {
  [P in StepKind]: DesiredStepBase & { readonly kind: P; readonly state: KindMap[P]['state']; readonly resource: KindMap[P]['resource']; traces?: TraceSource };
};
export type DesiredStepOf<K extends StepKind> = StepByKind[K];

/** A desired plan step of any kind: `kind` narrows `state` and `resource`. */
export type DesiredStep = StepByKind[StepKind];

/** Narrows a step to kind K (a type guard, so callers need no cast). */
export function isStepOf<K extends StepKind>(step: DesiredStep, kind: K): step is DesiredStepOf<K> {
  return step.kind === kind;
}
