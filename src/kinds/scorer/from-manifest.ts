import { addressOf } from '../../core/address.js';
import type { DesiredScorer } from '../../core/desired-types.js';
import type { ScorerSpec } from '../../manifest/manifest-v1.js';
import type { ManifestEntry } from '../manifest-entry.js';

/** `scorers.<key>` → a desired LLM or code scorer, with its prompt or code file read. */
export function scorerFromManifest({ key, spec: s, base, fileOf }: ManifestEntry<ScorerSpec>): DesiredScorer {
    const common = {
    kind: 'scorer' as const,
    address: addressOf('scorer', key),
    ...base,
    ...(s.description !== undefined ? { description: s.description } : {}),
    ...(s.tags !== undefined ? { tags: s.tags } : {}),
    nodeTypes: s.node_types,
    ...(s.scope !== undefined ? { scope: { global: s.scope.global ?? false, projects: s.scope.projects ?? [] } } : {}),
  };
  if (s.type === 'code') {
    const f = fileOf(['scorers', key, 'file']);
    return { ...common, scorerType: 'code', file: f?.abs ?? '', code: f?.text ?? '' };
  }
  return {
    ...common,
    scorerType: 'llm',
    outputType: s.output_type ?? 'boolean',
    prompt: s.prompt ?? fileOf(['scorers', key, 'prompt_file'])?.text ?? '',
    ...(s.input_type !== undefined ? { inputType: s.input_type } : {}),
    ...(s.model !== undefined ? { model: s.model } : {}),
    ...(s.judges !== undefined ? { judges: s.judges } : {}),
    ...(s.chain_of_thought !== undefined ? { chainOfThought: s.chain_of_thought } : {}),
  };
}
