import { describe, expect, it } from 'vitest';
import { DEFAULT_JUDGES, estimateCalls, judgesPerRow } from '../../src/runs/estimate-calls.js';
import type { RunInputs, ScorerInput } from '../../src/core/run-inputs.js';

const llm = (judges?: number): ScorerInput => ({ key: 'q', type: 'llm', name: 'q', content: { prompt: 'p', ...(judges === undefined ? {} : { judges }) } });
const preset = (name: string): ScorerInput => ({ key: `preset:${name}`, type: 'preset', name });

describe('estimateCalls', () => {
  it('counts rows × judges per LLM scorer, plus one generation per row with a template', () => {
    const inputs: RunInputs = {
      template: { name: 't', text: '{{input}}' },
      scorers: [llm(2), llm(), { key: 'c', type: 'code', name: 'c', content: { code: 'x' } }, preset('correctness'), preset('context_adherence_luna')],
    };
    // 2 + 3 (default) + 0 (code) + 3 (LLM preset) + 0 (Luna) = 8 judges per row
    expect(estimateCalls(inputs, 10)).toEqual({ judgeCalls: 80, generationCalls: 10, applicationCalls: 0 });
  });

  it('makes no generation without a template (traces, or a dataset with outputs)', () => {
    expect(estimateCalls({ scorers: [llm(1)] }, 7)).toEqual({ judgeCalls: 7, generationCalls: 0, applicationCalls: 0 });
    expect(estimateCalls({ scorers: [] }, 0)).toEqual({ judgeCalls: 0, generationCalls: 0, applicationCalls: 0 });
  });

  it('judges presets by their model type, and unknown presets unless Luna', () => {
    expect(DEFAULT_JUDGES).toBe(3);
    expect(judgesPerRow(preset('correctness'))).toBe(3);
    expect(judgesPerRow(preset('output_pii'))).toBe(0);
    expect(judgesPerRow(preset('bleu'))).toBe(0);
    expect(judgesPerRow(preset('conversation_quality'))).toBe(3);
    expect(judgesPerRow(preset('tool_selection_quality_luna'))).toBe(0);
  });
});
