import { describe, expect, it } from 'vitest';
import { internalPresetName, PRESET_INTERNAL_NAMES, publicScorerName, sameScorerName } from '../../src/galileo/preset-names.js';
import { PRESET_SCORERS } from '../../src/manifest/presets.js';

describe('preset names: public ↔ internal', () => {
  it('every key is a public preset, and no internal name is another preset\'s public name (the mapping is one-way safe)', () => {
    for (const [preset, internal] of Object.entries(PRESET_INTERNAL_NAMES)) {
      expect(PRESET_SCORERS).toContain(preset);
      for (const name of internal) expect(PRESET_SCORERS).not.toContain(name);
    }
  });

  it.each([
    ['factuality', 'correctness'],
    ['_factuality', 'correctness'],
    ['_customized_factuality', 'correctness'],
    ['groundedness', 'context_adherence'],
    ['adherence_nli', 'context_adherence_luna'],
    ['toxicity', 'output_toxicity'],
    ['_correctness', 'correctness'],
    ['correctness', 'correctness'],
    ['response-quality', 'response-quality'],
    ['_private_scorer', '_private_scorer'],
  ])('%s reads as %s', (reported, expected) => {
    expect(publicScorerName(reported)).toBe(expected);
  });

  it('the simulator\'s job name for a preset maps back to it; names without an internal form stay as they are', () => {
    expect(internalPresetName('correctness')).toBe('factuality');
    expect(internalPresetName('bleu')).toBe('bleu');
    expect(sameScorerName('groundedness', 'context_adherence')).toBe(true);
    expect(sameScorerName('groundedness', 'context_adherence_luna')).toBe(false);
  });
});
