import { afterAll, describe, expect, it } from 'vitest';
import { loadManifest } from '../../src/manifest/load-manifest.js';
import type { Problem } from '../../src/core/problem.js';
import { gateManifest, writeManifest } from './scored-experiment.js';

const cleanups: (() => void)[] = [];
afterAll(() => {
  for (const c of cleanups) c();
});

/** The problems of the gate manifest with this thresholds block, with the line/column each field sits at. */
async function problemsWith(thresholds: string): Promise<{ problems: Problem[]; lineOf: (text: string) => number }> {
  const text = gateManifest(thresholds);
  const m = writeManifest(text);
  cleanups.push(m.cleanup);
  const loaded = await loadManifest(m.file, { env: {} });
  const lines = text.split('\n');
  return { problems: loaded.problems, lineOf: (needle) => lines.findIndex((l) => l.includes(needle)) + 1 };
}

describe('validate: a threshold fits its scorer\'s output type', () => {
  it('share_true on a percentage scorer, and categories on a boolean one, are located errors naming the fields that fit', async () => {
    const { problems, lineOf } = await problemsWith([
      '          quality: { average: ">= 0.5", share_true: ">= 0.9", max_drop: 0.02 }',
      '          grounded:',
      '            categories: { yes: ">= 1" }',
    ].join('\n'));
    expect(problems.map((p) => [p.line, p.code, p.message])).toEqual([
      [lineOf('quality: {'), 'threshold-type', 'threshold share_true does not fit scorer "quality", whose output_type is percentage'],
      [lineOf('categories: { yes'), 'threshold-type', 'threshold categories does not fit scorer "grounded", whose output_type is boolean'],
    ]);
    expect(problems[0]?.col).toBe('          quality: { average: ">= 0.5", '.length + 1);
    expect(problems[0]?.hint).toBe('use average, min, max, max_drop, max_regressed_rows for a percentage scorer');
  });

  it('the relative gates fit numeric and boolean scorers; max_regressed_rows must be a whole number', async () => {
    const ok = await problemsWith([
      '          quality: { average: ">= 0.5", max_drop: 0.02, max_regressed_rows: 2 }',
      '          grounded: { share_true: ">= 0.9", max_drop: 0, max_regressed_rows: 0 }',
    ].join('\n'));
    expect(ok.problems).toEqual([]);
    const bad = await problemsWith('          quality: { max_regressed_rows: 1.5 }');
    expect(bad.problems.map((p) => p.line)).toEqual([bad.lineOf('max_regressed_rows: 1.5')]);
  });
});
