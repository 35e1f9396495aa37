import type { DesiredResource } from '../core/desired-types.js';
import type { DesiredContext } from './kind-descriptor.js';

/** What every desired step of a manifest resource shares: remote name, protection, project (for project kinds). */
export function stepBase(r: DesiredResource, ctx: DesiredContext): { name: string; protect: boolean; project?: string } {
  return { name: r.name, protect: r.protect, ...('project' in r ? { project: ctx.projectName(r.project) } : {}) };
}

export const sorted = (xs: readonly string[]): string[] => [...xs].sort();
