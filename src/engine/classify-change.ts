import type { DesiredDataset, DesiredExperiment } from '../core/desired-types.js';
import type { DesiredStep } from './desired-state.js';
import { datasetVersionName } from './ownership.js';
import { diffRows } from '../kinds/dataset/row-diff.js';
import { templateDisplayText } from '../kinds/template/canonical-template.js';
import { diffState, type DiffStateOptions } from '../core/diff-state.js';
import type {
  Action,
  DatasetState,
  ExperimentState,
  FieldChange,
  LiveResource,
  PlanChange,
  ScorerSettingsState,
  ScorerState,
  StepKind,
  TraceCounts,
} from '../core/plan-types.js';

/** What is compared per kind (see diff-state.ts): version pointers and server bookkeeping are not. */
const DIFF_OPTIONS: Record<StepKind, DiffStateOptions> = {
  project: { sets: ['labels'] },
  scorer: { ignore: ['version'], sets: ['tags', 'nodeTypes'] },
  dataset: { ignore: ['numRows', 'versionIndex', 'contentHash', 'rows'], sets: ['columns'] },
  template: { ignore: ['selectedVersion'], partial: ['settings'], displayText: templateDisplayText },
  log_stream: {},
  experiment: { ignore: ['datasetVersionIndex', 'templateVersion'], unknownWhenAbsent: ['dataset', 'template'] },
  scorer_settings: {},
  traces: {},
};

/** Scorer fields that live on a version: changing one adds a version; the others are shell fields (update). */
export const SCORER_VERSION_FIELDS: ReadonlySet<string> = new Set(['prompt', 'model', 'judges', 'chain_of_thought', 'code']);

export interface ClassifyContext {
  /** for a run's sub-steps: the action planned for the run itself */
  runAction?: Action;
  /** for `<run>.traces`: the trace file against the run */
  traceCounts?: TraceCounts;
  /** for `<run>.traces`: the file as shown in the plan */
  traceFile?: string;
}

type Classified = Omit<PlanChange, 'depends_on'>;

/** A live object under another name is a rename (build-plan.ts markRenamed), never a new version or a replace. */
const withoutName = (fields: FieldChange[]): FieldChange[] => fields.filter((f) => f.path !== 'name');

function quote(v: string | null): string {
  return v === null ? 'none' : `"${v}"`;
}

function classifyDataset(step: DesiredStep, live: LiveResource | undefined, base: Classified): Classified {
  const resource = step.resource as DesiredDataset;
  const state = step.state as DatasetState;
  if (live === undefined) {
    const { changes } = diffRows(resource.columns, resource.rows, []);
    return { ...base, action: 'create', fields: diffState(state, undefined, DIFF_OPTIONS.dataset), rows: changes };
  }
  const liveState = live.state as DatasetState;
  if (liveState.contentHash !== null && liveState.contentHash === state.contentHash) return { ...base, action: 'no-op' };
  const fields = withoutName(diffState(state, liveState, DIFF_OPTIONS.dataset));
  if (liveState.rows === undefined) {
    // the reader settles equality by the stored hash or reads the rows; without either, say what we know
    const hash: FieldChange = { path: 'content_hash', before: liveState.contentHash, after: state.contentHash };
    return { ...base, action: 'new-version', fields: [...fields, hash], reason: 'the live rows were not read; the content hash differs' };
  }
  const { changes, edits } = diffRows(resource.columns, resource.rows, liveState.rows, liveState.columns);
  if (edits.length === 0 && fields.length === 0) {
    // an adopted dataset galctl did not create: naming its version would claim it (docs/ownership.md), and adoption
    // alone must not change anything, so its rows are compared on every plan instead
    if (live.owned === false) return { ...base, action: 'no-op' };
    // rows equal but the current version lacks galctl's hash name (e.g. a crash between upload and naming):
    // naming the version is cheap and lets later plans skip reading the rows
    const versionName = datasetVersionName(state.contentHash ?? '', step.protect);
    const before = (live.refs?.['versionName'] ?? null) as string | null;
    return {
      ...base,
      action: 'update',
      fields: [{ path: 'version_name', before, after: versionName }],
      reason: 'the rows already match; the current version is not yet named with their content hash',
    };
  }
  return { ...base, action: 'new-version', fields, rows: changes };
}

function classifyExperiment(step: DesiredStep, fields: FieldChange[], base: Classified, liveProtected: boolean): Classified {
  const state = step.state as ExperimentState;
  if (fields.length === 0) return { ...base, action: 'no-op' };
  const reasons = fields.map((f) => {
    const before = (f.before ?? null) as string | null;
    const after = (f.after ?? null) as string | null;
    return `${f.path} changed from ${quote(before)} to ${quote(after)}`;
  });
  let reason = `${reasons.join('; ')}: an experiment's inputs are fixed at creation`;
  const guarded = step.protect || liveProtected;
  if (guarded) reason += `; ${state.name} is protected, so apply will refuse to replace it`;
  return { ...base, action: 'replace', fields: [...fields, triggerField(step)], reason, ...(guarded ? { protect: true } : {}) };
}

/** Whether a new run starts generation and scoring at once (`trigger`): shown on every create and replace. */
function triggerField(step: DesiredStep): FieldChange {
  return { path: 'trigger', after: (step.resource as DesiredExperiment).trigger };
}

/** llm ↔ code: Galileo fixes a scorer's type at creation, so the change is a guarded replace, never a second scorer. */
function classifyScorerType(step: DesiredStep, live: LiveResource, base: Classified): Classified {
  const before = (live.state as ScorerState).scorerType;
  const after = (step.state as ScorerState).scorerType;
  let reason = `type changed from ${before} to ${after}: a scorer's type is fixed at creation, so apply deletes it and creates a ${after} scorer of the same name`;
  const guarded = step.protect || live.protected === true;
  if (guarded) reason += `; ${step.name} is protected, so apply will refuse to replace it`;
  return { ...base, action: 'replace', fields: [{ path: 'type', before, after }], reason, ...(guarded ? { protect: true } : {}) };
}

function classifySettings(step: DesiredStep, live: LiveResource | undefined, ctx: ClassifyContext, base: Classified): Classified {
  const want = (step.state as ScorerSettingsState).scorers;
  const runIsNew = ctx.runAction === 'create' || ctx.runAction === 'replace';
  if (runIsNew) {
    return want.length === 0 ? { ...base, action: 'no-op' } : { ...base, action: 'create', scorers: { added: want, removed: [] } };
  }
  const have = live === undefined ? [] : (live.state as ScorerSettingsState).scorers;
  const added = want.filter((s) => !have.includes(s));
  const removed = have.filter((s) => !want.includes(s)).sort();
  if (added.length === 0 && removed.length === 0) return { ...base, action: 'no-op' };
  return { ...base, action: 'update', scorers: { added, removed } };
}

function classifyTraces(ctx: ClassifyContext, base: Classified): Classified {
  const file = ctx.traceFile ?? '';
  const counts = ctx.traceCounts;
  if (counts === undefined) {
    return { ...base, action: 'ingest', fields: [{ path: 'traces', known_after_apply: true }], traces: { new: 0, present: 0, file } };
  }
  const runIsNew = ctx.runAction === 'create' || ctx.runAction === 'replace';
  const present = runIsNew ? 0 : counts.present;
  const fresh = counts.total - present;
  // an interrupted ingest left traces stored incomplete (never scored): the ingest finishes them even with nothing new
  const incomplete = runIsNew ? 0 : (counts.incomplete ?? 0);
  if (fresh <= 0 && incomplete === 0) return { ...base, action: 'no-op', traces: { new: 0, present, file } };
  return { ...base, action: 'ingest', traces: { new: Math.max(fresh, 0), present, file, ...(incomplete > 0 ? { incomplete } : {}) } };
}

/**
 * The action for one desired step against what the reader found (`live` undefined: it does not exist), with the
 * field changes, row counts, scorer set changes or trace counts that explain it. Per kind:
 * scorer version fields → new-version, shell fields → update; dataset rows/columns → new-version; template text or
 * settings → new-version; project → update; experiment dataset/template → replace; scorer set → update.
 */
export function classifyChange(step: DesiredStep, live: LiveResource | undefined, ctx: ClassifyContext = {}): Classified {
  const base: Classified = {
    address: step.address,
    kind: step.kind,
    action: 'no-op',
    name: step.name,
    ...(step.kind === 'scorer' ? { scorer_type: (step.state as ScorerState).scorerType } : {}),
    ...(step.project === undefined ? {} : { project: step.project }),
    ...(live === undefined ? {} : { id: live.id }),
    fields: [],
  };
  if (step.kind === 'scorer_settings') return classifySettings(step, live, ctx, base);
  if (step.kind === 'traces') return classifyTraces(ctx, base);
  if (step.kind === 'dataset') return classifyDataset(step, live, base);
  const options = DIFF_OPTIONS[step.kind];
  if (live === undefined) {
    const fields = diffState(step.state, undefined, options);
    return { ...base, action: 'create', fields: step.kind === 'experiment' ? [...fields, triggerField(step)] : fields };
  }
  const fields = withoutName(diffState(step.state, live.state, options));
  if (fields.length === 0) return { ...base, action: 'no-op' };
  switch (step.kind) {
    case 'scorer':
      if (fields.some((f) => f.path === 'scorer_type')) return classifyScorerType(step, live, base);
      return { ...base, action: fields.some((f) => SCORER_VERSION_FIELDS.has(f.path)) ? 'new-version' : 'update', fields };
    case 'template':
      return { ...base, action: 'new-version', fields };
    case 'experiment':
      return classifyExperiment(step, fields, base, live.protected === true);
    default:
      return { ...base, action: 'update', fields };
  }
}
