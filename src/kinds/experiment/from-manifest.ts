import { addressOf } from '../../core/address.js';
import type { DesiredExperiment } from '../../core/desired-types.js';
import { runScorerSettings, toScorerRef } from '../../manifest/build-desired.js';
import type { ExperimentSpec } from '../../manifest/manifest-v1.js';
import type { ManifestEntry } from '../manifest-entry.js';

/** `projects.<p>.experiments.<key>` → a desired experiment (flows A, B and traces-only). */
export function experimentFromManifest({ key, spec: e, path, project, base, traces }: ManifestEntry<ExperimentSpec>): DesiredExperiment {
    const t = traces([...path, 'traces']);
  return {
    kind: 'experiment',
    address: addressOf('experiment', key, project),
    ...base,
    project,
    scorers: (e.scorers ?? []).map(toScorerRef),
    ...runScorerSettings(e),
    trigger: e.trigger ?? e.dataset !== undefined,
    thresholds: e.thresholds ?? {},
    ...(e.dataset !== undefined ? { dataset: e.dataset } : {}),
    ...(e.template !== undefined ? { template: e.template } : {}),
    ...(e.prompt_settings !== undefined ? { promptSettings: e.prompt_settings } : {}),
    ...(t !== undefined ? { traces: t } : {}),
    ...(e.keep_runs !== undefined ? { keepRuns: e.keep_runs } : {}),
    ...(e.tags !== undefined ? { tags: e.tags } : {}),
  };
}
