import type { Kind } from './desired-types.js';

/** `scorer.x`, `dataset.x`, `project.p`, `project.p.template.x`, `project.p.experiment.x`, `project.p.log_stream.x`. */
export function addressOf(kind: Kind, key: string, project?: string): string {
  if (kind === 'project' || kind === 'scorer' || kind === 'dataset') return `${kind}.${key}`;
  if (project === undefined) throw new Error(`addressOf: ${kind} ${key} needs a project`);
  return `project.${project}.${kind}.${key}`;
}

/** Sub-step addresses of a run (experiment or log stream). */
export const scorerSettingsAddress = (runAddress: string): string => `${runAddress}.scorers`;
export const tracesAddress = (runAddress: string): string => `${runAddress}.traces`;
