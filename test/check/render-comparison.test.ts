import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import { addRegressionGates } from '../../src/check/add-regression-gates.js';
import { compareRuns, type RunRows } from '../../src/check/compare-runs.js';
import { evaluateThresholds } from '../../src/check/evaluate-thresholds.js';
import type { CheckInput, CheckReport, DeclaredThreshold } from '../../src/check/types.js';
import { renderCheckJson } from '../../src/render/render-check-json.js';
import { renderCheckJunit } from '../../src/render/render-check-junit.js';
import { renderCheckMarkdown } from '../../src/render/render-check-markdown.js';
import { renderCheckText } from '../../src/render/render-check-text.js';

const THRESHOLDS: DeclaredThreshold[] = [
  { ref: 'quality', metric: 'quality', threshold: { average: '>= 0.1', max_drop: 0.02 } },
  { ref: 'grounded', metric: 'grounded', threshold: { max_regressed_rows: 2 } },
];

/** Six rows; the candidate is worse on four of them. Outputs carry markdown/HTML specials and can be long. */
function runs(textLength = 20): { baseline: RunRows; candidate: RunRows } {
  const text = (s: string): string => `${s} <img src=x> | [link](y) `.padEnd(textLength, '*');
  const rows = (q: number[], g: boolean[], tag: string): RunRows['rows'] =>
    q.map((score, i) => ({ key: `row ${i}`, id: `${tag}-${i}`, input: text(`question ${i}`), output: text(`${tag} answer ${i}`), scores: { quality: score, grounded: g[i] ?? true } }));
  return {
    baseline: { id: 'b1', name: 'v1', url: 'https://app.galileo.ai/project/p1/experiments/b1', rows: rows([0.9, 0.9, 0.9, 0.9, 0.5, 0.5], [true, true, true, true, true, false], 'old') },
    candidate: { id: 'c1', name: 'v2', url: 'https://app.galileo.ai/project/p1/experiments/c1', rows: rows([0.9, 0.2, 0.3, 0.9, 0.5, 0.6], [true, false, false, false, true, false], 'new') },
  };
}

function input(address: string): CheckInput {
  return { address, project: 'p', name: address, thresholds: THRESHOLDS, live: { id: 'c1', metrics: [{ name: 'quality', average: 0.567 }], jobs: [] } };
}

function report(experiments = 1, textLength = 20, baseline = true): CheckReport {
  const addresses = Array.from({ length: experiments }, (_, i) => `project.p.experiment.e${i}`);
  const r = runs(textLength);
  return addRegressionGates(evaluateThresholds(addresses.map(input)), addresses.map((a) => compareRuns(a, r.candidate, baseline ? r.baseline : null, THRESHOLDS)));
}

describe('the comparison in every format', () => {
  it('adds one result per relative gate after the absolute ones, recounted', () => {
    const r = report();
    expect(r.results.map((x) => [x.scorer, x.field, x.value, x.passed])).toEqual([
      ['quality', 'average', 0.567, true],
      ['quality', 'max_drop', expect.closeTo(0.2, 9), false],
      ['grounded', 'max_regressed_rows', 3, false],
    ]);
    expect(r.summary).toMatchObject({ thresholds: 3, passed: 1, failed: 2 });
    expect(r.ok).toBe(false);
  });

  it('text: the comparison table, links and worst rows, within the width', () => {
    const text = renderCheckText(report(), { color: false, width: 100 });
    expect(text).toContain('run "v2" compared with baseline run "v1" (6 rows paired)');
    expect(text).toContain('baseline:  https://app.galileo.ai/project/p1/experiments/b1');
    expect(text).toMatch(/quality\s+0\.7667\s+0\.5667\s+-0\.2\s+\[[-\d.]+, [-\d.]+\]\s+2\s+FAIL max_drop/);
    // most regressed first: true → false counts 1, a score falling 0.9 → 0.2 counts 0.7
    expect(text).toContain('1. grounded: true → false; input: question 1');
    expect(text).toContain('4. quality: 0.9 → 0.2; input: question 1');
    expect(text).toContain('seed 17');
    for (const line of text.split('\n')) expect(line.length).toBeLessThanOrEqual(100);
  });

  it('text without a baseline: "no baseline yet", gates pass with that note', () => {
    const r = report(1, 20, false);
    const text = renderCheckText(r, { color: false });
    expect(text).toContain('no baseline yet: run "v2" is the first; relative gates pass');
    expect(text).toMatch(/pass\s+quality\s+max_drop\s+-\s+<= 0\.02\n\s+no baseline yet/);
    expect(r.ok).toBe(true);
  });

  it('markdown: comparison table, worst rows with input, both outputs and scores (escaped), links to both runs', () => {
    const md = renderCheckMarkdown(report());
    expect(md).toContain('[baseline run "v1"](https://app.galileo.ai/project/p1/experiments/b1)');
    expect(md).toContain('[candidate run "v2"](https://app.galileo.ai/project/p1/experiments/c1)');
    expect(md).toContain('**5 worst regressed rows**');
    const worst = md.split('\n').filter((l) => l.startsWith('| grounded | true → false') || l.startsWith('| quality | 0.9 →'));
    expect(worst).toHaveLength(5);
    expect(worst[0]).toContain('question 1');
    expect(md).not.toContain('<img');
    expect(md).not.toContain('](y)');
    for (const table of md.split('\n\n').filter((b) => b.startsWith('| '))) {
      const lines = table.split('\n');
      const cells = lines[0]!.split(' | ').length;
      for (const l of lines) expect(l.split(' | ').length).toBe(cells);
    }
  });

  it('markdown fits a GitHub comment: many large comparisons are cut with a note, under 65,000 characters', () => {
    const md = renderCheckMarkdown(report(300, 400));
    expect(md.length).toBeLessThan(65_000);
    expect(md).toMatch(/_\d+ more experiments not shown \(comment size limit\)/);
    expect(md).toContain('**5 worst regressed rows**');
  });

  it('json: bootstrap settings and, per experiment, both runs, per-scorer numbers and the worst rows', () => {
    const json = JSON.parse(renderCheckJson(report()));
    expect(json.bootstrap).toEqual({ seed: 17, resamples: 2000, confidence: 0.95 });
    const [c] = json.comparisons;
    expect(c.baseline).toEqual({ id: 'b1', name: 'v1', url: 'https://app.galileo.ai/project/p1/experiments/b1' });
    expect(c.metrics[0]).toMatchObject({ scorer: 'quality', kind: 'numeric', paired_rows: 6, regressed_rows: 2 });
    expect(c.metrics[0].delta).toBeCloseTo(-0.2, 9);
    expect(c.metrics[0].interval).toHaveLength(2);
    expect(c.metrics[1]).toMatchObject({ scorer: 'grounded', regressed_rows: 3, gates: [{ gate: 'max_regressed_rows', limit: 2, value: 3, passed: false }] });
    expect(c.worst_rows[0]).toMatchObject({ scorer: 'grounded', regressed_by: 1, baseline: { score: true }, candidate: { score: false } });
    expect(c.worst_rows[3]).toMatchObject({ scorer: 'quality', metric: 'quality', baseline: { score: 0.9 }, candidate: { score: 0.2 } });
    expect(c.worst_rows[3].input).toMatch(/^question 1 /);
  });

  it('junit: one test case per gate', () => {
    const xml = renderCheckJunit(report());
    expect(XMLValidator.validate(xml)).toBe(true);
    const doc = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '@', isArray: (n) => ['testsuite', 'testcase'].includes(n) }).parse(xml);
    const cases = doc.testsuites.testsuite[0].testcase as { '@name': string; failure?: { '@message': string } }[];
    expect(cases.map((c) => c['@name'])).toEqual(['quality average >= 0.1', 'quality max_drop <= 0.02', 'grounded max_regressed_rows <= 2']);
    expect(cases[2]?.failure?.['@message']).toBe('3 rows regressed from the baseline, more than 2');
  });
});
