import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { hashDatasetContent } from '../../src/core/content-hash.js';
import { fingerprintInputs } from '../../src/runs/fingerprint-inputs.js';
import type { RunInputs } from '../../src/core/run-inputs.js';
import { summarizeInputs } from '../../src/runs/summarize-inputs.js';

const ROWS = { columns: ['input', 'output'], rows: [{ input: 'a', output: 'A' }, { input: 'b', output: 'B' }] };

const base = (): RunInputs => ({
  dataset: { name: 'refund-questions', contentHash: hashDatasetContent(ROWS.columns, ROWS.rows), rows: ROWS, version: 4 },
  template: { name: 'support-answer', text: 'Answer: {{input}}', settings: { model_alias: 'GPT-4o mini', temperature: 0 }, version: 1 },
  promptSettings: { temperature: 0.2 },
  scorers: [
    { key: 'helpfulness', type: 'llm', name: 'helpfulness', content: { prompt: 'Rate {output}', model: 'GPT-4o mini', judges: 1 }, version: 2 },
    { key: 'length', type: 'code', name: 'length', content: { code: 'def scorer_fn(): ...' } },
    { key: 'preset:correctness', type: 'preset', name: 'correctness' },
  ],
});

const sha = (text: string): string => createHash('sha256').update(text).digest('hex');

describe('fingerprintInputs', () => {
  it('is pinned: 10 hex of sha256 over the versioned prefix and the canonical JSON (changing it re-runs every experiment)', () => {
    expect(fingerprintInputs({ scorers: [] })).toBe(sha('galctl.run-inputs.v1\n{"scorers":[]}').slice(0, 10));
    const trace: RunInputs = { scorers: [], traceFile: { path: 't.jsonl', contentHash: 'ab'.repeat(32) } };
    expect(fingerprintInputs(trace)).toBe(sha(`galctl.run-inputs.v1\n{"scorers":[],"traceFile":{"content":"${'ab'.repeat(32)}"}}`).slice(0, 10));
  });

  it('is stable and short', () => {
    expect(fingerprintInputs(base())).toMatch(/^[0-9a-f]{10}$/);
    expect(fingerprintInputs(base())).toBe(fingerprintInputs(base()));
  });

  it.each<[string, (i: RunInputs) => void]>([
    ['scorer order', (i) => void (i.scorers = [...i.scorers].reverse())],
    ['versions', (i) => { i.dataset!.version = 9; i.template!.version = 7; i.scorers = i.scorers.map((s) => ({ ...s, version: 5 })); }],
    ['rows given or not (the content hash stands for them)', (i) => void delete i.dataset!.rows],
    ['how the experiment refers to a scorer', (i) => void (i.scorers = i.scorers.map((s) => ({ ...s, key: `x-${s.key}` })))],
    ['an undefined prompt setting', (i) => void (i.promptSettings = { temperature: 0.2, top_p: undefined })],
    ['line endings and a trailing blank in code', (i) => void (i.scorers[1]!.content!.code = 'def scorer_fn(): ...\r\n\r\n')],
    ['settings key order', (i) => void (i.template!.settings = { temperature: 0, model_alias: 'GPT-4o mini' })],
  ])('ignores %s', (_name, edit) => {
    const i = base();
    const j = base();
    edit(j);
    expect(fingerprintInputs(j)).toBe(fingerprintInputs(i));
  });

  it('reads a message list and its JSON text as the same template', () => {
    const list = [{ role: 'system', content: 'Be brief.' }, { role: 'user', content: '{{input}}' }];
    const i = base();
    i.template!.text = list;
    const j = base();
    j.template!.text = JSON.stringify(list);
    expect(fingerprintInputs(j)).toBe(fingerprintInputs(i));
  });

  it('treats empty prompt_settings as none', () => {
    const i = base();
    delete i.promptSettings;
    const j = base();
    j.promptSettings = {};
    expect(fingerprintInputs(j)).toBe(fingerprintInputs(i));
  });

  it('hashes the rows when no content hash is given, as the dataset version name does', () => {
    const i = base();
    delete i.dataset!.contentHash;
    expect(fingerprintInputs(i)).toBe(fingerprintInputs(base()));
  });

  it('ignores the trace file path, not its content', () => {
    const a: RunInputs = { scorers: [], traceFile: { path: 'a.jsonl', contentHash: '1'.repeat(64) } };
    expect(fingerprintInputs({ ...a, traceFile: { path: 'moved/a.jsonl', contentHash: '1'.repeat(64) } })).toBe(fingerprintInputs(a));
    expect(fingerprintInputs({ ...a, traceFile: { path: 'a.jsonl', contentHash: '2'.repeat(64) } })).not.toBe(fingerprintInputs(a));
  });

  it.each<[string, (i: RunInputs) => void]>([
    ['dataset content', (i) => void (i.dataset!.contentHash = 'f'.repeat(64))],
    ['dataset name', (i) => void (i.dataset!.name = 'other')],
    ['a pinned dataset version', (i) => void (i.dataset!.pinnedVersion = 3)],
    ['template text', (i) => void (i.template!.text = 'Answer briefly: {{input}}')],
    ['template settings', (i) => void (i.template!.settings = { model_alias: 'GPT-4o mini', temperature: 0.5 })],
    ['template name', (i) => void (i.template!.name = 'other')],
    ['no template', (i) => void delete i.template],
    ['a prompt setting', (i) => void (i.promptSettings = { temperature: 0.3 })],
    ['a scorer prompt', (i) => void (i.scorers[0]!.content!.prompt = 'Rate it: {output}')],
    ['a scorer judges count', (i) => void (i.scorers[0]!.content!.judges = 3)],
    ['code scorer code', (i) => void (i.scorers[1]!.content!.code = 'def scorer_fn(): return 1')],
    ['a scorer added', (i) => void (i.scorers = [...i.scorers, { key: 'preset:completeness', type: 'preset', name: 'completeness' }])],
    ['a scorer removed', (i) => void (i.scorers = i.scorers.slice(1))],
    ['a trace file', (i) => void (i.traceFile = { path: 't.jsonl', contentHash: '0'.repeat(64) })],
  ])('moves with %s', (_name, edit) => {
    const i = base();
    edit(i);
    expect(fingerprintInputs(i)).not.toBe(fingerprintInputs(base()));
  });

  it('pinned versions are distinct from each other', () => {
    const pin = (v: number): string => {
      const i = base();
      i.dataset!.pinnedVersion = v;
      return fingerprintInputs(i);
    };
    expect(pin(3)).not.toBe(pin(4));
    const other = base();
    other.dataset!.pinnedVersion = 3;
    other.dataset!.contentHash = 'f'.repeat(64);
    expect(fingerprintInputs(other)).toBe(pin(3));
  });

  it('needs some content to fingerprint a dataset', () => {
    expect(() => fingerprintInputs({ scorers: [], dataset: { name: 'd' } })).toThrow(/dataset d/);
  });
});

describe('summarizeInputs', () => {
  it('keeps short hashes and the display data, no content', () => {
    const s = summarizeInputs(base());
    expect(s.v).toBe(1);
    expect(s.d).toEqual({ n: 'refund-questions', h: hashDatasetContent(ROWS.columns, ROWS.rows).slice(0, 8), v: 4, r: 2 });
    expect(s.t).toEqual({ n: 'support-answer', x: sha('Answer: {{input}}').slice(0, 8), s: expect.stringMatching(/^[0-9a-f]{8}$/), v: 1 });
    expect(s.p).toEqual({ temperature: sha('0.2').slice(0, 8) });
    expect(s.s['helpfulness']).toEqual({ n: 'helpfulness', t: 'llm', v: 2, a: { prompt: sha('"Rate {output}"').slice(0, 8), model: sha('"GPT-4o mini"').slice(0, 8), judges: sha('1').slice(0, 8) } });
    expect(s.s['preset:correctness']).toEqual({ n: 'correctness', t: 'preset', a: {} });
    expect(JSON.stringify(s)).not.toContain('Rate {output}');
  });
});
