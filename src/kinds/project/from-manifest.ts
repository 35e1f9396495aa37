import { addressOf } from '../../core/address.js';
import type { DesiredProject } from '../../core/desired-types.js';
import type { ProjectSpec } from '../../manifest/manifest-v1.js';
import type { ManifestEntry } from '../manifest-entry.js';

/** `projects.<key>` → a desired project (its children are their own kinds' entries). */
export function projectFromManifest({ key, spec: p, base }: ManifestEntry<ProjectSpec>): DesiredProject {
  return {
    kind: 'project',
    address: addressOf('project', key),
    ...base,
    ...(p.description !== undefined ? { description: p.description } : {}),
    ...(p.labels !== undefined ? { labels: p.labels } : {}),
  };
}
