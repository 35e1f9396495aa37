import { symlinkSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadManifest } from '../../src/manifest/load-manifest.js';
import { parseManifest } from '../../src/manifest/parse-manifest.js';
import { hashDatasetContent } from '../../src/core/content-hash.js';
import type { DesiredCodeScorer, DesiredDataset, DesiredExperiment, DesiredLlmScorer } from '../../src/core/desired-types.js';
import { fixtureDir, GOOD_PY, yaml } from './fixture-dir.js';
import { declaredCounts } from '../helpers/declared-counts.js';

const MANIFEST = yaml(
  'version: 1',
  'scorers:',
  '  quality:',
  '    type: llm',
  '    name: ${SCORER_PREFIX:-team}-quality',
  '    node_types: [llm, chat]',
  '    judges: ${JUDGES:-3}',
  '    prompt: "Rate {output}; costs $${PRICE}"',
  '  length: { type: code, node_types: [trace], file: length.py }',
  'datasets:',
  '  qa: { file: qa.csv }',
  '  inline:',
  '    rows:',
  '      - { input: q, output: a, generated_output: g }',
  '      - { input: q2, output: 2, extra: true }',
  'projects:',
  '  demo:',
  '    templates:',
  '      t: { template: "Q: {{input}}", settings: { model_alias: GPT-4o mini } }',
  '    experiments:',
  '      a: { dataset: qa, template: t, scorers: [quality, preset:correctness], thresholds: { quality: { average: ">= 0.8" } } }',
  '      c: { scorers: [length], traces: t.jsonl, protect: true }',
  '    log_streams:',
  '      prod: { scorers: [length], adopt: true }',
  '  other: { name: Other Project }',
);
const FILES = { 'galileo.yaml': MANIFEST, 'length.py': GOOD_PY, 'qa.csv': 'input,output\nq1,a1\nq2,a2\n', 't.jsonl': '{"input":"a","output":"b"}\n' };

describe('loadManifest on a valid manifest', () => {
  it('resolves a flat desired state: projects first, then manifest order, with addresses and locations', async () => {
    const dir = fixtureDir(FILES);
    const { desired, problems, counts } = await loadManifest('galileo.yaml', { cwd: dir, env: { JUDGES: '5' } });
    expect(problems).toEqual([]);
    expect(counts).toEqual(declaredCounts({ project: 2, scorer: 2, dataset: 2, template: 1, log_stream: 1, experiment: 2 }));
    expect(desired!.file).toBe(path.join(dir, 'galileo.yaml'));
    expect(desired!.resources.map((r) => r.address)).toEqual([
      'project.demo',
      'project.other',
      'scorer.quality',
      'scorer.length',
      'dataset.qa',
      'dataset.inline',
      'project.demo.template.t',
      'project.demo.log_stream.prod',
      'project.demo.experiment.a',
      'project.demo.experiment.c',
    ]);
    const other = desired!.resources[1]!;
    expect(other).toMatchObject({ name: 'Other Project', loc: { file: 'galileo.yaml', line: 25, col: 3 } });
  });

  it('interpolates variables (numbers stay numbers), keeps $${ literal, reads files', async () => {
    const dir = fixtureDir(FILES);
    const { desired } = await loadManifest('galileo.yaml', { cwd: dir, env: { JUDGES: '5' } });
    const quality = desired!.resources.find((r) => r.address === 'scorer.quality') as DesiredLlmScorer;
    expect(quality).toMatchObject({ name: 'team-quality', judges: 5, outputType: 'boolean', prompt: 'Rate {output}; costs ${PRICE}', nodeTypes: ['llm', 'chat'] });
    const length = desired!.resources.find((r) => r.address === 'scorer.length') as DesiredCodeScorer;
    expect(length.code).toBe(GOOD_PY);
    expect(length.file).toBe(path.join(dir, 'length.py'));
  });

  it('parses datasets and hashes their content the way the planner does', async () => {
    const dir = fixtureDir(FILES);
    const { desired } = await loadManifest('galileo.yaml', { cwd: dir, env: {} });
    const qa = desired!.resources.find((r) => r.address === 'dataset.qa') as DesiredDataset;
    expect(qa).toMatchObject({ format: 'csv', columns: ['input', 'output'], rows: [{ input: 'q1', output: 'a1' }, { input: 'q2', output: 'a2' }] });
    expect(qa.contentHash).toBe(hashDatasetContent(qa.columns, qa.rows));
    const inline = desired!.resources.find((r) => r.address === 'dataset.inline') as DesiredDataset;
    expect(inline).toMatchObject({ format: 'jsonl', columns: ['input', 'output', 'generated_output', 'extra'] });
    expect(inline.file).toBeUndefined();
    expect(inline.rows[1]).toEqual({ input: 'q2', output: 2, extra: true });
  });

  it('resolves experiments: scorer refs, trigger default, thresholds, traces, protect/adopt', async () => {
    const dir = fixtureDir(FILES);
    const { desired } = await loadManifest('galileo.yaml', { cwd: dir, env: {} });
    const a = desired!.resources.find((r) => r.address === 'project.demo.experiment.a') as DesiredExperiment;
    expect(a).toMatchObject({
      project: 'demo',
      dataset: 'qa',
      template: 't',
      trigger: true,
      scorers: [{ type: 'custom', key: 'quality' }, { type: 'preset', name: 'correctness' }],
      thresholds: { quality: { average: '>= 0.8' } },
      protect: false,
    });
    const c = desired!.resources.find((r) => r.address === 'project.demo.experiment.c') as DesiredExperiment;
    expect(c).toMatchObject({ trigger: false, protect: true, traces: { file: path.join(dir, 't.jsonl'), loc: { line: 22, col: 31 } } });
    expect(desired!.resources.find((r) => r.address === 'project.demo.log_stream.prod')).toMatchObject({ adopt: true });
  });
});

describe('file references', () => {
  it('refuses a symlink that points outside the manifest directory, unless allowed', async () => {
    const outside = fixtureDir({ 'secret.csv': 'input,output\nq,a\n' });
    const dir = fixtureDir({ 'galileo.yaml': yaml('version: 1', 'datasets:', '  d: { file: link.csv }') });
    symlinkSync(path.join(outside, 'secret.csv'), path.join(dir, 'link.csv'));
    const refused = await loadManifest('galileo.yaml', { cwd: dir, env: {} });
    expect(refused.problems.map((p) => `${p.line}:${p.col} ${p.message}`)).toEqual(['3:14 file "link.csv" is outside the manifest\'s directory']);
    const allowed = await loadManifest('galileo.yaml', { cwd: dir, env: {}, allowOutsideFiles: true });
    expect(allowed.problems).toEqual([]);
  });

  it('resolves paths relative to the manifest, not to cwd', async () => {
    const dir = fixtureDir({ 'sub/galileo.yaml': yaml('version: 1', 'datasets:', '  d: { file: d.csv }'), 'sub/d.csv': 'input,output\nq,a\n' });
    const { problems, desired } = await loadManifest('sub/galileo.yaml', { cwd: dir, env: {} });
    expect(problems).toEqual([]);
    expect(desired!.resources[0]).toMatchObject({ file: path.join(dir, 'sub', 'd.csv'), loc: { file: path.join('sub', 'galileo.yaml') } });
  });
});

describe('parseManifest (pure)', () => {
  it('validates text without touching the disk', () => {
    const r = parseManifest(yaml('version: 1', 'projects:', '  p: { experiments: { e: { scorers: [preset:bleu] } } }'), 'mem.yaml', { env: {} });
    expect(r.problems).toEqual([]);
    expect(r.manifest?.projects?.['p']?.experiments?.['e']?.scorers).toEqual(['preset:bleu']);
  });

  it('accepts every documented preset name', async () => {
    const { PRESET_SCORERS } = await import('../../src/manifest/presets.js');
    const list = PRESET_SCORERS.map((n) => `preset:${n}`).join(', ');
    const r = parseManifest(yaml('version: 1', 'projects:', '  p:', '    log_streams:', `      l: { scorers: [${list}] }`), 'mem.yaml', { env: {} });
    expect(r.problems).toEqual([]);
    expect(PRESET_SCORERS).toEqual(expect.arrayContaining(['correctness', 'context_adherence', 'completeness', 'instruction_adherence', 'ground_truth_adherence', 'output_toxicity', 'prompt_injection']));
  });
});
