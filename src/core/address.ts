import type { StepKind } from './kind-map.js';

/**
 * `scorer.x`, `dataset.x`, `project.p` for org-level kinds (no project); `project.p.template.x`,
 * `project.p.experiment.x`, `project.p.log_stream.x` for a kind inside project `p`.
 */
export function addressOf(kind: StepKind, key: string, project?: string): string {
  return project === undefined ? `${kind}.${key}` : `project.${project}.${kind}.${key}`;
}

/** Sub-step addresses of a run (experiment or log stream). */
export const scorerSettingsAddress = (runAddress: string): string => `${runAddress}.scorers`;
export const tracesAddress = (runAddress: string): string => `${runAddress}.traces`;
