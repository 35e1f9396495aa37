import { addressOf } from '../../core/address.js';
import type { ManifestEntry } from '../manifest-entry.js';
import type { DesiredStage, StageRuleset } from './types.js';

/** A stage as the manifest writes it (the schema has checked it). */
export interface StageSpec {
  name?: string;
  description?: string;
  type?: 'local' | 'central';
  paused?: boolean;
  rulesets?: StageRuleset[];
}

/** `projects.<p>.stages.<key>` → a desired Protect stage. */
export function stageFromManifest({ key, spec: s, project, base }: ManifestEntry<StageSpec>): DesiredStage {
  return {
    kind: 'stage',
    address: addressOf('stage', key, project),
    ...base,
    project,
    paused: s.paused ?? false,
    ...(s.description === undefined ? {} : { description: s.description }),
    ...(s.type === undefined ? {} : { type: s.type }),
    ...(s.rulesets === undefined ? {} : { rulesets: s.rulesets }),
  };
}
