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
});
