import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import { evaluateThresholds } from '../../src/check/evaluate-thresholds.js';
import type { CheckInput, CheckReport } from '../../src/check/types.js';
import { renderCheckJson } from '../../src/render/render-check-json.js';
import { escapeXml, renderCheckJunit } from '../../src/render/render-check-junit.js';
import { renderCheckMarkdown } from '../../src/render/render-check-markdown.js';
import { renderCheckText } from '../../src/render/render-check-text.js';

const completed = (scorer?: string) => ({ id: `j-${scorer ?? 'gen'}`, status: 'completed', request_data: scorer === undefined ? {} : { scorer_config: { name: scorer } } });

/** One passing, one failing, one errored scorer (message with XML/markdown specials), one skipped and one missing experiment. */
function sampleReport(): CheckReport {
  const inputs: CheckInput[] = [
    {
      address: 'project.demo.experiment.eval',
      project: 'demo',
      name: 'eval',
      thresholds: [
        { ref: 'response-quality', metric: 'response-quality', threshold: { average: '>= 0.5', min: '>= 0.45' } },
        { ref: 'preset:output_tone', metric: 'output_tone', threshold: { categories: { negative: '<= 0' } } },
        { ref: 'grounded', metric: 'grounded', threshold: { share_true: '>= 0.9' } },
      ],
      live: {
        id: 'e1',
        metrics: [
          { name: 'response-quality', average: 0.712345, buckets: {}, roll_up_method: 'average' },
          { name: 'output_tone', average: null, buckets: { negative: 2, positive: 4 }, roll_up_method: 'category_count' },
        ],
        jobs: [
          completed(),
          completed('response-quality'),
          completed('output_tone'),
          { id: 'j-g', status: 'error', error_message: 'Scorer <grounded> failed: "quota" & \'limits\' | retry later', request_data: { scorer_config: { name: 'grounded' } } },
        ],
        traces: { 'response-quality': { scored: 6, pending: 0, min: 0.41, max: 0.99 }, grounded: { scored: 0, pending: 6 } },
      },
    },
    { address: 'project.demo.experiment.smoke', project: 'demo', name: 'smoke', thresholds: [], live: { id: 'e2', metrics: [], jobs: [] } },
    { address: 'project.demo.experiment.gone', project: 'demo', name: 'gone', thresholds: [{ ref: 'x', metric: 'x', threshold: { average: '> 0' } }] },
  ];
  return evaluateThresholds(inputs);
}

describe('renderCheckText', () => {
  it('a table per experiment with reasons under failures, the skipped list and the summary; fits 100 columns', () => {
    const text = renderCheckText(sampleReport(), { color: false });
    expect(text).toMatchInlineSnapshot(`
      "project.demo.experiment.eval  (run "eval" in project "demo")
        result  scorer              check                value         threshold
        pass    response-quality    average              0.7123        >= 0.5
        FAIL    response-quality    min                  0.41          >= 0.45
                min 0.41 is not >= 0.45
        FAIL    preset:output_tone  categories.negative  2             <= 0
                categories.negative 2 is not <= 0
        FAIL    grounded            share_true           -             >= 0.9
                scorer job failed: Scorer <grounded> failed: "quota" & 'limits' | retry later

      project.demo.experiment.gone  (run "gone" in project "demo")
        result  scorer              check                value         threshold
        FAIL    x                   average              -             > 0
                no run for the current inputs of project.demo.experiment.gone (run "gone" not found in
                project "demo"): run galctl apply

      skipped (no thresholds):
        project.demo.experiment.smoke

      1 of 5 thresholds passed, 4 failed (1 experiment without thresholds skipped)
      "
    `);
    for (const line of text.split('\n')) expect(line.length).toBeLessThanOrEqual(100);
  });

  it('long scorer names and messages are cut or wrapped to the width', () => {
    const report = evaluateThresholds([
      {
        address: 'project.p.experiment.e',
        project: 'p',
        name: 'e',
        thresholds: [{ ref: 'a-very-long-scorer-name-that-goes-on-and-on-and-on-forever-and-ever', metric: 'm', threshold: { average: '>= 1' } }],
        live: { id: 'e', metrics: [], jobs: [{ id: 'j', status: 'failed', error_message: 'word '.repeat(60), request_data: { scorer_config: { name: 'm' } } }] },
      },
    ]);
    const text = renderCheckText(report, { color: false, width: 80 });
    for (const line of text.split('\n')) expect(line.length).toBeLessThanOrEqual(80);
    expect(text).toContain('…');
    expect(text.split('\n').filter((l) => l.trim().startsWith('word')).length).toBeGreaterThan(1);
  });

  it('colour only when asked', () => {
    expect(renderCheckText(sampleReport(), { color: true })).toContain('\u001b[31mFAIL');
    expect(renderCheckText(sampleReport(), { color: false })).not.toContain('\u001b[');
  });
});

describe('renderCheckMarkdown', () => {
  it('verdict, a table per experiment, special characters escaped so the table holds', () => {
    const md = renderCheckMarkdown(sampleReport());
    expect(md.startsWith('### galctl check\n\n❌ **1 of 5 thresholds passed, 4 failed')).toBe(true);
    expect(md).toContain('| ✅ | response-quality | average | 0.7123 | &gt;= 0.5 |  |');
    const row = md.split('\n').find((l) => l.includes('| grounded |'))!;
    expect(row).toContain('&lt;grounded&gt;');
    expect(row).toContain('&#124; retry later');
    // every table row has the same number of cells as the header
    for (const l of md.split('\n').filter((x) => x.startsWith('| '))) expect(l.split(' | ').length).toBe(6);
    expect(md).toContain('Skipped (no thresholds): `project.demo.experiment.smoke`');
  });

  it('stays under the size limit and says what it left out', () => {
    const many: CheckInput[] = Array.from({ length: 50 }, (_, i) => ({
      address: `project.p.experiment.e${i}`,
      project: 'p',
      name: `e${i}`,
      thresholds: [{ ref: 'q', metric: 'q', threshold: { average: '>= 0.5' } }],
    }));
    const md = renderCheckMarkdown(evaluateThresholds(many), 3000);
    expect(md.length).toBeLessThanOrEqual(3000);
    expect(md).toMatch(/_\d+ more experiments not shown/);
  });

  it('all green', () => {
    const md = renderCheckMarkdown(evaluateThresholds([]));
    expect(md).toContain('✅ **no thresholds to check**');
  });
});

describe('renderCheckJson', () => {
  it('parses, carries ok, summary, experiments and one result per threshold', () => {
    const json = JSON.parse(renderCheckJson(sampleReport()));
    expect(Object.keys(json)).toEqual(['format_version', 'ok', 'summary', 'experiments', 'results']);
    expect(json.ok).toBe(false);
    expect(json.results).toHaveLength(5);
    expect(json.results[0]).toEqual({ experiment: 'project.demo.experiment.eval', scorer: 'response-quality', metric: 'response-quality', field: 'average', threshold: '>= 0.5', value: 0.712345, passed: true });
    expect(json.results[2]).toMatchObject({ field: 'category', category: 'negative', value: 2, passed: false });
    expect(json.experiments.map((e: { status: string }) => e.status)).toEqual(['checked', 'skipped', 'not-found']);
  });
});

describe('renderCheckJunit', () => {
  it('is well-formed XML with one testcase per threshold and a failure element with the message on each failed one', () => {
    const report = sampleReport();
    const xml = renderCheckJunit(report);
    expect(XMLValidator.validate(xml)).toBe(true);
    const doc = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '@', isArray: (name) => ['testsuite', 'testcase'].includes(name) }).parse(xml);
    const suites = doc.testsuites.testsuite as any[];
    expect(doc.testsuites['@tests']).toBe('5');
    expect(doc.testsuites['@failures']).toBe('4');
    expect(suites.map((s) => s['@name'])).toEqual(['project.demo.experiment.eval', 'project.demo.experiment.gone']);
    const cases = suites.flatMap((s) => s.testcase as any[]);
    expect(cases).toHaveLength(report.results.length);
    expect(cases.map((c) => c['@name'])).toEqual([
      'response-quality average >= 0.5',
      'response-quality min >= 0.45',
      'preset:output_tone categories.negative <= 0',
      'grounded share_true >= 0.9',
      'x average > 0',
    ]);
    expect(cases[0].failure).toBeUndefined();
    expect(cases[3].failure['@message']).toBe('scorer job failed: Scorer <grounded> failed: "quota" & \'limits\' | retry later');
    expect(cases[1].failure['@type']).toBe('threshold');
    expect(cases[3].failure['@type']).toBe('not-measured');
    expect(suites[0]['@tests']).toBe('4');
    expect(suites[0]['@failures']).toBe('3');
  });

  it('escapeXml escapes control characters as text, drops what XML 1.0 cannot carry and escapes markup', () => {
    expect(escapeXml('a\u0000b\u001bc\u009b\u202e<&>"\'\ud800\nd')).toBe('a\\u0000b\\u001bc\\u009b\\u202e&lt;&amp;&gt;&quot;&apos;\nd');
    expect(XMLValidator.validate(`<a b="${escapeXml('\u0007"<x>')}">${escapeXml('\u0001]]>')}</a>`)).toBe(true);
  });
});
