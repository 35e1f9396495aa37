import { dirname, relative } from 'node:path';
import type { DesiredExperiment, ScorerRef } from '../core/desired-types.js';
import type { DesiredIndex } from '../core/desired-index.js';
import { fingerprintInputs } from './fingerprint-inputs.js';
import type { RunInputs, ScorerInput } from '../core/run-inputs.js';
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

function scorerInput(ref: ScorerRef, index: DesiredIndex): ScorerInput {
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
  const template = e.template === undefined ? undefined : index.templates.get(`${e.project}/${e.template}`);
  return {
    ...(dataset === undefined
      ? {}
      : { dataset: { name: dataset.name, contentHash: dataset.contentHash, ...(e.datasetVersion === undefined ? {} : { pinnedVersion: e.datasetVersion.version }), rows: { columns: dataset.columns, rows: dataset.rows } } }),
    ...(template === undefined
      ? {}
      : { template: { name: template.name, text: template.template, ...(template.settings === undefined ? {} : { settings: template.settings }) } }),
    ...(e.promptSettings === undefined ? {} : { promptSettings: e.promptSettings }),
    scorers: e.scorers.map((s) => scorerInput(s, index)),
    ...(e.traces === undefined ? {} : { traceFile: { path: tracePath ?? e.traces.file, contentHash: e.traces.contentHash ?? '' } }),
    ...(e.runner?.inputs === undefined ? {} : { runner: { settings: e.runner.settings, inputs: e.runner.inputs } }),
  };
}

/** The current run of an experiment: inputs → fingerprint → name (`manifestFile`: trace paths show relative to it). */
export function desiredRun(e: DesiredExperiment, index: DesiredIndex, manifestFile: string): DesiredRun {
  const tracePath = e.traces === undefined ? undefined : relative(dirname(manifestFile), e.traces.file) || e.traces.file;
  const inputs = desiredRunInputs(e, index, tracePath);
  const fingerprint = fingerprintInputs(inputs);
  return { inputs, fingerprint, name: runName(e.name, fingerprint), experiment: e.name };
}
