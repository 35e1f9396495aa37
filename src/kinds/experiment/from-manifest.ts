import { addressOf } from '../../core/address.js';
import type { DesiredExperiment } from '../../core/desired-types.js';
import { runScorerSettings, toScorerRef } from '../../manifest/build-desired.js';
import type { ExperimentSpec } from '../../manifest/manifest-v1.js';
import type { ManifestEntry } from '../manifest-entry.js';
import { resolveRunner } from '../../runner/resolve-runner.js';

/** `projects.<p>.experiments.<key>` → a desired experiment (flows A, B, traces-only and runner). */
export function experimentFromManifest({ key, spec: e, path, project, base, traces, locate, manifestDir }: ManifestEntry<ExperimentSpec>): DesiredExperiment {
    const t = traces([...path, 'traces']);
  return {
    kind: 'experiment',
    address: addressOf('experiment', key, project),
    ...base,
    project,
    scorers: (e.scorers ?? []).map(toScorerRef),
    ...runScorerSettings(e),
    // a runner sends the answers itself: Galileo generates nothing (checkRunner refuses trigger: true)
    trigger: e.trigger ?? (e.dataset !== undefined && e.runner === undefined),
    thresholds: e.thresholds ?? {},
    ...(typeof e.dataset === 'string' ? { dataset: e.dataset } : {}),
    ...(typeof e.dataset === 'object' ? { dataset: e.dataset.name, datasetVersion: { version: e.dataset.version, loc: locate([...path, 'dataset', 'version']) } } : {}),
    ...(typeof e.template === 'string' ? { template: e.template } : {}),
    ...(typeof e.template === 'object' ? { globalTemplate: e.template.global } : {}),
    ...(e.prompt_settings !== undefined ? { promptSettings: e.prompt_settings } : {}),
    ...(t !== undefined ? { traces: t } : {}),
    ...(e.keep_runs !== undefined ? { keepRuns: e.keep_runs } : {}),
    ...(e.runner !== undefined ? { runner: { settings: resolveRunner(e.runner), dir: manifestDir } } : {}),
    ...(e.tags !== undefined ? { tags: e.tags } : {}),
  };
}
