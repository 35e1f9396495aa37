import { describe, expect, it } from 'vitest';
import type { RunInputs } from '../../src/core/run-inputs.js';
import { flattenRunTags, inputsSummaryTags, MAX_TAG_VALUE_LENGTH, readRunTags, runTags } from '../../src/runs/run-tags.js';
import { summarizeInputs } from '../../src/runs/summarize-inputs.js';

const manyScorers: RunInputs = {
  template: { name: 'support-answer', text: 'Answer: {{input}}', version: 3 },
  dataset: { name: 'refund-questions', contentHash: 'a'.repeat(64), version: 2 },
  promptSettings: { temperature: 0.2, max_tokens: 256 },
  scorers: Array.from({ length: 12 }, (_, i) => ({
    key: `scorer-número-${i}`,
    type: 'llm' as const,
    name: `scorer-número-${i}`,
    content: { prompt: `p${i}`, model: 'GPT-4o mini', judges: 3, chainOfThought: true },
    version: i,
  })),
};

describe('run tags', () => {
  it('records the manifest key, the fingerprint, the summary and the provenance', () => {
    const summary = summarizeInputs({ scorers: [] });
    const tags = runTags({
      manifestKey: 'project.demo.experiment.nightly',
      fingerprint: '3f9a1c2b7e',
      summary,
      provenance: { ci: 'github', commit: 'abc123', branch: 'main', pullRequest: '42' },
    });
    expect(tags).toEqual([
      { key: 'galctl:manifest_key', value: 'project.demo.experiment.nightly', tag_type: 'generic' },
      { key: 'galctl:fingerprint', value: '3f9a1c2b7e', tag_type: 'generic' },
      { key: 'galctl:inputs', value: '{"v":1,"s":{}}', tag_type: 'generic' },
      { key: 'galctl:ci', value: 'github', tag_type: 'generic' },
      { key: 'galctl:commit', value: 'abc123', tag_type: 'generic' },
      { key: 'galctl:branch', value: 'main', tag_type: 'generic' },
      { key: 'galctl:pull_request', value: '42', tag_type: 'generic' },
    ]);
    expect(readRunTags(tags)).toEqual({ manifestKey: 'project.demo.experiment.nightly', fingerprint: '3f9a1c2b7e', summary, commit: 'abc123' });
  });

  it('keeps every value within the limit, cutting long ones', () => {
    const branch = `feature/${'ß'.repeat(300)}`;
    const tags = runTags({ manifestKey: 'k', fingerprint: '0123456789', summary: summarizeInputs(manyScorers), provenance: { ci: 'gitlab', branch } });
    for (const t of tags) expect(Array.from(t.value).length).toBeLessThanOrEqual(MAX_TAG_VALUE_LENGTH);
    const cut = tags.find((t) => t.key === 'galctl:branch')!.value;
    expect(cut.endsWith('…')).toBe(true);
    expect(Array.from(cut)).toHaveLength(MAX_TAG_VALUE_LENGTH);
  });

  it('splits a long summary over numbered tags and reads it back whole, in any order', () => {
    const summary = summarizeInputs(manyScorers);
    const tags = inputsSummaryTags(summary);
    expect(tags.length).toBeGreaterThan(2);
    expect(tags.map((t) => t.key).slice(0, 3)).toEqual(['galctl:inputs', 'galctl:inputs:2', 'galctl:inputs:3']);
    expect(readRunTags([...tags].reverse()).summary).toEqual(summary);
  });

  it('reads tags grouped by type, as an experiment response carries them', () => {
    const tags = runTags({ manifestKey: 'k', fingerprint: '0123456789', summary: summarizeInputs({ scorers: [] }) });
    const grouped = { generic: tags.map((t) => ({ ...t, id: 'x', run_id: 'y' })), rag: [{ key: 'other', value: 'v' }] };
    expect(readRunTags(flattenRunTags(grouped)).fingerprint).toBe('0123456789');
    expect(flattenRunTags(null)).toEqual([]);
  });

  it('reads a damaged, foreign or missing summary as none', () => {
    const base = [{ key: 'galctl:fingerprint', value: 'not-hex' }];
    expect(readRunTags(base)).toEqual({});
    for (const value of ['{"v":1', '{"v":2,"s":{}}', '{"v":1,"s":{"x":{"n":"x","t":"other","a":{}}}}', '{"v":1,"s":{},"d":{"n":1}}', '[]']) {
      expect(readRunTags([...base, { key: 'galctl:inputs', value }]).summary).toBeUndefined();
    }
  });

  it('stores a scorer\'s name only where it is not its reference, and no empty aspects: one tag for a typical run', () => {
    const summary = summarizeInputs({
      dataset: { name: 'dataset-099', contentHash: 'b'.repeat(64), rows: { columns: ['input'], rows: Array.from({ length: 1000 }, () => ({ input: 'q' })) } },
      template: { name: 'p49-template-09', text: 'Answer {{input}}', settings: { model_alias: 'GPT-4o mini', temperature: 0 } },
      scorers: [
        { key: 'scorer-0558', type: 'llm', name: 'scorer-0558', content: { prompt: 'rate it', model: 'GPT-4o mini' } },
        { key: 'preset:correctness', type: 'preset', name: 'correctness' },
      ],
    });
    // in full, with each name twice and the preset's `a: {}`, it took a second tag
    expect(Array.from(JSON.stringify(summary)).length).toBeGreaterThan(MAX_TAG_VALUE_LENGTH);
    const tags = inputsSummaryTags(summary);
    expect(tags).toHaveLength(1);
    expect(tags[0]!.value).not.toContain('"n":"scorer-0558"');
    expect(tags[0]!.value).toContain('"n":"correctness"');
    expect(readRunTags(tags).summary).toEqual(summary);
  });

  it('reads a run tagged with the full summary (before names and empty aspects were left out)', () => {
    const summary = summarizeInputs(manyScorers);
    const chars = Array.from(JSON.stringify({ ...summary, s: { ...summary.s, 'preset:correctness': { n: 'correctness', t: 'preset', a: {} } } }));
    const tags = [];
    for (let i = 0; i < chars.length; i += MAX_TAG_VALUE_LENGTH) {
      const n = i / MAX_TAG_VALUE_LENGTH + 1;
      tags.push({ key: n === 1 ? 'galctl:inputs' : `galctl:inputs:${n}`, value: chars.slice(i, i + MAX_TAG_VALUE_LENGTH).join('') });
    }
    expect(readRunTags(tags).summary).toEqual({ ...summary, s: { ...summary.s, 'preset:correctness': { n: 'correctness', t: 'preset', a: {} } } });
  });
});
