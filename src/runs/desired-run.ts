import { dirname, relative } from 'node:path';
import type { DesiredExperiment, DesiredTemplate, ScorerOverride, ScorerRef } from '../core/desired-types.js';
import { normalizeSegmentFilters } from '../engine/normalize-live.js';
import { scorerRefText } from '../kinds/scorer-settings/scorer-key.js';
import type { DesiredIndex } from '../core/desired-index.js';
import { fingerprintInputs } from './fingerprint-inputs.js';
import type { RunInputs, ScorerContent, ScorerInput } from '../core/run-inputs.js';
import { runName } from './run-name.js';

/** The run a manifest's experiment stands for now: its inputs, their fingerprint and its Galileo name. */
export interface DesiredRun {
  inputs: RunInputs;
  fingerprint: string;
  /** `runName(experiment name, fingerprint)`: the Galileo name of the current run */
  name: string;
  /** the experiment's own name */
  experiment: string;
}

/**
 * A scorer as the run uses it: the run's overrides (`scorer_overrides`) over its content. A pinned version stands
 * for the prompt / code (the run scores with it, whatever the latest is); an overridden model, judges or chain of
 * thought replaces the scorer's, so an override equal to the scorer's own makes no new run.
 */
function scorerInput(ref: ScorerRef, index: DesiredIndex, o: ScorerOverride | undefined): ScorerInput {
  const own = ownScorerInput(ref, index);
  if (o === undefined) return own;
  const base: ScorerContent = o.version === undefined ? { ...own.content } : { pin: o.version, ...pick(own.content, ['model', 'judges', 'chainOfThought']) };
  const content: ScorerContent = {
    ...base,
    ...(o.model === undefined ? {} : { model: o.model }),
    ...(o.judges === undefined ? {} : { judges: o.judges }),
    ...(o.chainOfThought === undefined ? {} : { chainOfThought: o.chainOfThought }),
  };
  return { ...own, ...(Object.keys(content).length > 0 ? { content } : {}) };
}

function pick(c: ScorerContent | undefined, keys: (keyof ScorerContent)[]): ScorerContent {
  return Object.fromEntries(keys.flatMap((k) => (c?.[k] === undefined ? [] : [[k, c[k]]])));
}

function ownScorerInput(ref: ScorerRef, index: DesiredIndex): ScorerInput {
  if (ref.type === 'preset') return { key: `preset:${ref.name}`, type: 'preset', name: ref.name };
  const s = index.scorers.get(ref.key);
  if (s === undefined) return { key: ref.key, type: 'llm', name: ref.key };
  if (s.scorerType === 'code') return { key: ref.key, type: 'code', name: s.name, content: { code: s.code } };
  return {
    key: ref.key,
    type: 'llm',
    name: s.name,
    content: {
      prompt: s.prompt,
      ...(s.model === undefined ? {} : { model: s.model }),
      ...(s.judges === undefined ? {} : { judges: s.judges }),
      ...(s.chainOfThought === undefined ? {} : { chainOfThought: s.chainOfThought }),
    },
  };
}

/**
 * The inputs of an experiment's run as the manifest declares them (issue 17): the dataset's content, the template's
 * text and settings, prompt_settings, the scorers' content, the trace file's records and the runner's input files. Needs the completed
 * desired state (dataset rows and content hashes, trace file hashes); `tracePath` is the trace file as shown.
 */
export function desiredRunInputs(e: DesiredExperiment, index: DesiredIndex, tracePath?: string): RunInputs {
  const dataset = e.dataset === undefined ? undefined : index.datasets.get(e.dataset);
  const template = experimentTemplate(e, index);
  return {
    ...(dataset === undefined
      ? {}
      : { dataset: { name: dataset.name, contentHash: dataset.contentHash, ...(e.datasetVersion === undefined ? {} : { pinnedVersion: e.datasetVersion.version }), rows: { columns: dataset.columns, rows: dataset.rows } } }),
    ...(template === undefined
      ? {}
      : { template: { name: template.name, text: template.template, ...(template.settings === undefined ? {} : { settings: template.settings }) } }),
    ...(e.promptSettings === undefined ? {} : { promptSettings: e.promptSettings }),
    scorers: e.scorers.map((s) => scorerInput(s, index, e.scorerOverrides?.[scorerRefText(s)])),
    ...(e.traces === undefined ? {} : { traceFile: { path: tracePath ?? e.traces.file, contentHash: e.traces.contentHash ?? '' } }),
    ...(e.runner?.inputs === undefined ? {} : { runner: { settings: e.runner.settings, inputs: e.runner.inputs } }),
    ...(e.sampling === undefined || e.sampling.length === 0 ? {} : { sampling: normalizeSegmentFilters(e.sampling) }),
  };
}

/** The template an experiment runs (flow A): its project's, or the org-wide one `template: {global: key}` names. */
export function experimentTemplate(e: DesiredExperiment, index: DesiredIndex): Pick<DesiredTemplate, 'name' | 'template' | 'settings'> | undefined {
  if (e.globalTemplate !== undefined) return index.globalTemplates.get(e.globalTemplate);
  return e.template === undefined ? undefined : index.templates.get(`${e.project}/${e.template}`);
}

/**
 * The current run of an experiment: inputs → fingerprint → name (`manifestFile`: trace paths show relative to it).
 * Derived once per experiment and index (the live read matches by it, the plan builds from it).
 */
export function desiredRun(e: DesiredExperiment, index: DesiredIndex, manifestFile: string): DesiredRun {
  const known = derived.get(e);
  if (known !== undefined && known.index === index && known.file === manifestFile) return known.run;
  const run = deriveRun(e, index, manifestFile);
  derived.set(e, { index, file: manifestFile, run });
  return run;
}

const derived = new WeakMap<DesiredExperiment, { index: DesiredIndex; file: string; run: DesiredRun }>();

function deriveRun(e: DesiredExperiment, index: DesiredIndex, manifestFile: string): DesiredRun {
  const tracePath = e.traces === undefined ? undefined : relative(dirname(manifestFile), e.traces.file) || e.traces.file;
  const inputs = desiredRunInputs(e, index, tracePath);
  const fingerprint = fingerprintInputs(inputs);
  return { inputs, fingerprint, name: runName(e.name, fingerprint), experiment: e.name };
}
