import { GalctlError } from '../core/errors.js';
import type { Desired, DesiredExperiment, DesiredLogStream, DesiredResource, ScorerRef, TraceSource } from '../core/desired-types.js';
import { addressOf, scorerSettingsAddress, tracesAddress } from '../core/address.js';
import { canonicalTemplate } from '../kinds/template/canonical-template.js';
import { indexDesired, type DesiredIndex } from './desired-index.js';
import { normalizeCode } from '../kinds/scorer/normalize-code.js';
import type {
  DatasetState,
  ExperimentState,
  LogStreamState,
  ProjectState,
  ResourceState,
  ScorerKey,
  ScorerSettingsState,
  ScorerState,
  StepKind,
  TemplateState,
} from '../core/plan-types.js';

/** A run's trace file as a plan step's desired state. */
export interface TracesState {
  file: string;
}

/** One desired plan step: a resource, or a run's scorer settings or trace batch. */
export interface DesiredStep {
  address: string;
  kind: StepKind;
  /** remote name (for traces: the run's) */
  name: string;
  /** project remote name, for project-scoped steps */
  project?: string;
  state: ResourceState | TracesState;
  /** addresses this step references (must exist first) */
  dependsOn: string[];
  protect: boolean;
  /** the manifest resource (for sub-steps: the run) */
  resource: DesiredResource;
  /** for `<run>.traces` */
  traces?: TraceSource;
}

const sorted = (xs: readonly string[]): string[] => [...xs].sort();

function runAddress(run: DesiredExperiment | DesiredLogStream): string {
  return run.address || addressOf(run.kind, run.key, run.project);
}

/** `<scorer_type>:<remote name>` of a scorer reference; a preset must exist in `presets` when given. */
function scorerKeyOf(ref: ScorerRef, run: DesiredExperiment | DesiredLogStream, index: DesiredIndex, presets?: Record<string, string>): ScorerKey {
  if (ref.type === 'preset') {
    if (presets !== undefined && presets[ref.name] === undefined) {
      throw new GalctlError('unknown-preset', `preset scorer "${ref.name}" used by ${runAddress(run)} does not exist in Galileo`, {
        hint: `check the name at ${run.loc.file}:${run.loc.line}:${run.loc.col}; presets look like preset:correctness, preset:context_adherence`,
      });
    }
    return `preset:${ref.name}`;
  }
  const scorer = index.scorers.get(ref.key);
  if (scorer === undefined) {
    throw new GalctlError('dangling-ref', `${runAddress(run)} uses scorer "${ref.key}", which the manifest does not declare`, {
      hint: 'declare it under scorers: or use a preset as preset:<name>',
    });
  }
  return `${scorer.scorerType}:${scorer.name}`;
}

function stateOf(r: DesiredResource, index: DesiredIndex): ResourceState {
  switch (r.kind) {
    case 'project':
      return { name: r.name, description: r.description, labels: r.labels && sorted(r.labels) } satisfies ProjectState;
    case 'scorer': {
      const shell = { name: r.name, scorerType: r.scorerType, description: r.description, tags: r.tags && sorted(r.tags), nodeTypes: sorted(r.nodeTypes), version: null };
      if (r.scorerType === 'code') return { ...shell, code: normalizeCode(r.code) } satisfies ScorerState;
      return { ...shell, outputType: r.outputType, inputType: r.inputType, prompt: r.prompt, model: r.model, judges: r.judges, chainOfThought: r.chainOfThought } satisfies ScorerState;
    }
    case 'dataset':
      return { name: r.name, columns: r.columns, numRows: r.rows.length, versionIndex: 0, contentHash: r.contentHash } satisfies DatasetState;
    case 'template':
      return { name: r.name, template: canonicalTemplate(r.template), settings: r.settings ?? {}, selectedVersion: 0 } satisfies TemplateState;
    case 'log_stream':
      return { name: r.name } satisfies LogStreamState;
    case 'experiment': {
      const dataset = r.dataset === undefined ? null : (index.datasets.get(r.dataset)?.name ?? r.dataset);
      const template = r.template === undefined ? null : (index.templates.get(`${r.project}/${r.template}`)?.name ?? r.template);
      return { name: r.name, dataset, datasetVersionIndex: null, template, templateVersion: null } satisfies ExperimentState;
    }
  }
}

function referencesOf(r: DesiredResource): string[] {
  if (r.kind === 'template' || r.kind === 'log_stream') return [addressOf('project', r.project)];
  if (r.kind !== 'experiment') return [];
  const refs = [addressOf('project', r.project)];
  // the scorers are sent with the create (a triggered experiment starts scoring at once), so they come first
  for (const s of r.scorers) if (s.type === 'custom') refs.push(addressOf('scorer', s.key));
  if (r.dataset !== undefined) refs.push(addressOf('dataset', r.dataset));
  if (r.template !== undefined) refs.push(addressOf('template', r.template, r.project));
  return refs;
}

/**
 * The manifest's resources as canonical states, plus each run's sub-steps: `<run>.scorers` (sorted
 * `<scorer_type>:<remote name>` keys) and, when it has a trace file, `<run>.traces`. Fields the manifest leaves
 * unset stay `undefined` (unmanaged). `presets` (preset name → id), when given, is checked for every preset used.
 */
export function desiredSteps(desired: Desired, presets?: Record<string, string>): DesiredStep[] {
  const index = indexDesired(desired);
  const projectName = (key: string): string => index.projects.get(key)?.name ?? key;
  const steps: DesiredStep[] = [];
  for (const r of desired.resources) {
    const project = 'project' in r ? projectName(r.project) : undefined;
    const base = { kind: r.kind, name: r.name, protect: r.protect, resource: r, ...(project === undefined ? {} : { project }) };
    steps.push({ ...base, address: r.address, state: stateOf(r, index), dependsOn: referencesOf(r) });
    if (r.kind !== 'experiment' && r.kind !== 'log_stream') continue;
    const settingsAddress = scorerSettingsAddress(r.address);
    const scorerDeps = r.scorers.flatMap((s) => (s.type === 'custom' ? [addressOf('scorer', s.key)] : []));
    const state: ScorerSettingsState = { scorers: [...new Set(r.scorers.map((s) => scorerKeyOf(s, r, index, presets)))].sort() };
    steps.push({ ...base, kind: 'scorer_settings', address: settingsAddress, state, dependsOn: [r.address, ...scorerDeps] });
    if (r.traces !== undefined) {
      steps.push({
        ...base,
        kind: 'traces',
        address: tracesAddress(r.address),
        state: { file: r.traces.file },
        dependsOn: [r.address, settingsAddress],
        traces: r.traces,
      });
    }
  }
  return steps;
}
