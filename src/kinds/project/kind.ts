import { classifyByDiff } from '../../core/classify-base.js';
import { setProject } from '../../engine/apply/id-registry.js';
import { updateProject } from './api.js';
import type { KindDescriptor } from '../kind-descriptor.js';
import { sorted, stepBase } from '../step-base.js';
import { applyProject } from './apply.js';
import { projectFromManifest } from './from-manifest.js';
import { projectSchema } from './schema.js';

/** project: org-level, by name; create, update description/labels, rename via `moved:`. */
export const projectKind: KindDescriptor<'project'> = {
  id: 'project',
  label: 'project',
  plural: 'projects',
  scope: 'org',
  manifestKey: 'projects',
  fromManifest: projectFromManifest,
  schema: projectSchema,
  deleteRank: 2,
  owned: true,
  diff: { sets: ['labels'] },
  desiredSteps: (r, ctx) => [
    {
      ...stepBase(r, ctx),
      kind: 'project',
      address: r.address,
      resource: r,
      state: { name: r.name, description: r.description, labels: r.labels && sorted(r.labels) },
      dependsOn: [],
    },
  ],
  classify: (step, live, _ctx, base) => classifyByDiff(step.state, live, projectKind.diff, base),
  rename: ({ client, id, name }) => updateProject(client, id, { name }).then(() => undefined),
  seedIds: (ids, r, found) => setProject(ids, r.address, r.name, found.id),
  apply: applyProject,
};
