import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { GalileoClient } from '../../src/galileo/create-client.js';
import { readLiveState } from '../../src/engine/read/read-live-state.js';
import { loadManifest } from '../../src/manifest/load-manifest.js';
import type { Desired } from '../../src/core/desired-types.js';
import { addressOf } from '../../src/core/address.js';
import { createFromDesired } from '../helpers/create-from-desired.js';

export const EXPERIMENT = addressOf('experiment', 'eval', 'gate');

/** The error the simulator's `scorerFailures` knob gives the `flaky` scorer's jobs in these tests. */
export const FLAKY_ERROR = "judge model 'GPT-4o mini' is not enabled for this organization (simulated)";

/**
 * A manifest with three custom scorers (percentage, boolean, and `flaky`, whose jobs the simulator is told to
 * fail), a six-row dataset with pre-generated outputs, and one experiment listing them plus a preset; the
 * caller writes the `thresholds:` block (YAML lines indented for the experiment, or '' for none).
 */
export function gateManifest(thresholds: string): string {
  return [
    'version: 1',
    'scorers:',
    '  quality:',
    '    type: llm',
    '    node_types: [llm]',
    '    output_type: percentage',
    '    prompt: "Rate the answer. Input: {input} Output: {output}"',
    '  grounded:',
    '    name: grounded-check',
    '    type: llm',
    '    node_types: [llm]',
    '    output_type: boolean',
    '    prompt: "Is the answer grounded? Input: {input} Output: {output}"',
    '  flaky:',
    '    type: llm',
    '    node_types: [llm]',
    '    output_type: percentage',
    '    prompt: "Flaky judge. Input: {input} Output: {output}"',
    'datasets:',
    '  qa:',
    '    rows:',
    ...['Paris', 'Rome', 'Berlin', 'Madrid', 'Lisbon', 'Vienna'].map(
      (c, i) => `      - { input: "Capital number ${i + 1}?", output: "${c}", generated_output: "It is ${c}." }`,
    ),
    'projects:',
    '  gate:',
    '    experiments:',
    '      eval:',
    '        dataset: qa',
    '        scorers: [quality, grounded, flaky, preset:correctness]',
    ...(thresholds === '' ? [] : ['        thresholds:', thresholds]),
    '      untested:',
    '        dataset: qa',
    '        scorers: [quality]',
    '',
  ].join('\n');
}

/** Writes a manifest into a fresh temp dir; returns the dir and a cleanup function. */
export function writeManifest(text: string): { dir: string; file: string; cleanup: () => void } {
  const dir = mkdtempSync(path.join(tmpdir(), 'galctl-check-'));
  mkdirSync(dir, { recursive: true });
  const file = path.join(dir, 'galileo.yaml');
  writeFileSync(file, text);
  return { dir, file, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

export async function loadDesired(file: string): Promise<Desired> {
  const loaded = await loadManifest(file, { env: {} });
  if (loaded.desired === undefined) throw new Error(`fixture manifest invalid: ${JSON.stringify(loaded.problems)}`);
  return loaded.desired;
}

export interface ScoredRun {
  address: string;
  projectId: string;
  runId: string;
}

/**
 * Creates everything the manifest declares through the client (the way Galileo's guide does), then starts each
 * experiment's generation and scoring with `POST /jobs` (the SDK's way to run an experiment created untriggered).
 */
export async function createAndTrigger(client: GalileoClient, desired: Desired): Promise<ScoredRun[]> {
  await createFromDesired(client, desired);
  const live = await readLiveState(client, desired);
  const runs: ScoredRun[] = [];
  for (const r of desired.resources) {
    if (r.kind !== 'experiment') continue;
    const found = live.resources[r.address];
    if (found === undefined) throw new Error(`${r.address} was not created`);
    const projectId = String(found.refs?.['projectId']);
    await client.request('POST', '/jobs', {
      body: { project_id: projectId, run_id: found.id, dataset_id: found.refs?.['datasetId'], job_name: 'playground_run', task_type: 16 },
    });
    runs.push({ address: r.address, projectId, runId: found.id });
  }
  return runs;
}
