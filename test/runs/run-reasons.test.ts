import { describe, expect, it } from 'vitest';
import { hashDatasetContent } from '../../src/core/content-hash.js';
import type { InputRow, RunInputs } from '../../src/core/run-inputs.js';
import { runReasons } from '../../src/runs/run-reasons.js';
import { summarizeInputs } from '../../src/runs/summarize-inputs.js';

const COLS = ['input', 'output'];
const rows = (...pairs: [string, string][]): InputRow[] => pairs.map(([input, output]) => ({ input, output }));
const V4 = rows(['a', 'A'], ['b', 'B'], ['c', 'C']);
const V5 = rows(['a', 'A'], ['b', 'B!'], ['c', 'C'], ['d', 'D'], ['e', 'E'], ['f', 'F']);

function inputs(over: { datasetRows?: InputRow[]; datasetVersion?: number; template?: string; templateVersion?: number } = {}): RunInputs {
  const datasetRows = over.datasetRows ?? V4;
  return {
    dataset: { name: 'refund-questions', contentHash: hashDatasetContent(COLS, datasetRows), rows: { columns: COLS, rows: datasetRows }, version: over.datasetVersion ?? 4 },
    template: { name: 'support-answer', text: over.template ?? 'Answer: {{input}}', settings: { temperature: 0 }, version: over.templateVersion ?? 1 },
    promptSettings: { temperature: 0.2, max_tokens: 256 },
    scorers: [
      { key: 'helpfulness', type: 'llm', name: 'helpfulness', content: { prompt: 'Rate {output}', model: 'GPT-4o mini', judges: 1 } },
      { key: 'preset:correctness', type: 'preset', name: 'correctness' },
    ],
  };
}

describe('runReasons', () => {
  it('says first run when there is none', () => {
    expect(runReasons(null, inputs())).toEqual(['first run']);
  });

  it('says so when the previous run carries no readable summary', () => {
    expect(runReasons('unreadable', inputs())).toEqual(['inputs changed (the previous run records no inputs galctl can read)']);
  });

  it('names a new template version', () => {
    const before = summarizeInputs(inputs());
    expect(runReasons(before, inputs({ template: 'Answer briefly: {{input}}', templateVersion: 2 }))).toEqual(['template support-answer changed (v1 → v2)']);
  });

  it('names a template change without versions when they are unknown', () => {
    const before = summarizeInputs(inputs());
    const now = inputs({ template: 'Answer briefly: {{input}}' });
    delete now.template!.version;
    expect(runReasons(before, now)).toEqual(['template support-answer changed']);
  });

  it('counts dataset rows against the previous run\'s version', () => {
    const before = summarizeInputs(inputs());
    expect(runReasons(before, inputs({ datasetRows: V5, datasetVersion: 5 }), { previousDatasetRows: V4 })).toEqual(['dataset refund-questions +3 −0 ~1 rows']);
  });

  it('falls back to versions, then row counts, without the previous rows', () => {
    const before = summarizeInputs(inputs());
    expect(runReasons(before, inputs({ datasetRows: V5, datasetVersion: 5 }))).toEqual(['dataset refund-questions changed (v4 → v5)']);
    expect(runReasons(before, inputs({ datasetRows: V5, datasetVersion: 4 }))).toEqual(['dataset refund-questions changed (3 → 6 rows)']);
  });

  it('says when only the columns or the row order moved', () => {
    const before = summarizeInputs(inputs());
    const reordered = [...V4].reverse();
    expect(runReasons(before, inputs({ datasetRows: reordered }), { previousDatasetRows: V4 })).toEqual(['dataset refund-questions changed (columns or row order only)']);
  });

  it('names pinned dataset versions', () => {
    const pinned = (v: number): RunInputs => {
      const i = inputs();
      i.dataset!.pinnedVersion = v;
      return i;
    };
    expect(runReasons(summarizeInputs(pinned(3)), pinned(4))).toEqual(['dataset refund-questions v3 → v4']);
  });

  it('names the scorer and the aspect that changed', () => {
    const before = summarizeInputs(inputs());
    const now = inputs();
    now.scorers[0]!.content!.prompt = 'Rate it: {output}';
    expect(runReasons(before, now)).toEqual(['scorer helpfulness prompt changed']);
    now.scorers[0]!.content!.judges = 3;
    now.scorers[0]!.content!.chainOfThought = true;
    expect(runReasons(before, now)).toEqual(['scorer helpfulness chain of thought, judges and prompt changed']);
  });

  it('names scorers added, removed and replaced', () => {
    const before = summarizeInputs(inputs());
    const now = inputs();
    now.scorers = [
      { key: 'helpfulness', type: 'code', name: 'helpfulness', content: { code: 'def f(): ...' } },
      { key: 'preset:completeness', type: 'preset', name: 'completeness' },
    ];
    expect(runReasons(before, now)).toEqual([
      'scorer helpfulness replaced (llm helpfulness → code helpfulness)',
      'scorer preset:completeness added',
      'scorer preset:correctness removed',
    ]);
  });

  it('names the prompt settings that changed', () => {
    const before = summarizeInputs(inputs());
    const now = inputs();
    now.promptSettings = { temperature: 0.7, max_tokens: 256, top_p: 0.9 };
    expect(runReasons(before, now)).toEqual(['prompt_settings changed (temperature, top_p)']);
  });

  it('names the trace file and components swapped for others', () => {
    const trace = (hash: string, path = 'traces/a.jsonl'): RunInputs => ({ scorers: [], traceFile: { path, contentHash: hash.repeat(64) } });
    expect(runReasons(summarizeInputs(trace('1')), trace('2'))).toEqual(['trace file traces/a.jsonl changed']);
    expect(runReasons(summarizeInputs({ scorers: [] }), trace('1'))).toEqual(['trace file traces/a.jsonl added']);
    const now = inputs();
    now.template!.name = 'support-answer-v2';
    now.dataset!.name = 'refunds-2';
    delete now.promptSettings;
    expect(runReasons(summarizeInputs(inputs()), now)).toEqual([
      'template support-answer → support-answer-v2',
      'dataset refund-questions → refunds-2',
      'prompt_settings changed (max_tokens, temperature)',
    ]);
  });

  it('lists every changed component, in a fixed order', () => {
    const now = inputs({ template: 'x', templateVersion: 2, datasetRows: V5, datasetVersion: 5 });
    now.scorers[0]!.content!.prompt = 'p';
    expect(runReasons(summarizeInputs(inputs()), now, { previousDatasetRows: V4 })).toEqual([
      'template support-answer changed (v1 → v2)',
      'dataset refund-questions +3 −0 ~1 rows',
      'scorer helpfulness prompt changed',
    ]);
  });

  it('says inputs changed when the summary cannot tell what', () => {
    expect(runReasons(summarizeInputs(inputs()), inputs())).toEqual(['inputs changed']);
  });
});
