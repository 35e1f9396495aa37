import type { DiffStateOptions } from '../../core/diff-state.js';
import type { KindDescriptor } from '../kind-descriptor.js';
import { stepBase } from '../step-base.js';
import { updateAnnotationQueue } from './api.js';
import { applyAnnotationQueue } from './apply.js';
import { exportAnnotationQueues } from './export.js';
import { classifyAnnotationQueue } from './classify.js';
import { annotationQueueFromManifest } from './from-manifest.js';
import { annotationQueueLive } from './live.js';
import { annotationQueueSchema } from './schema.js';

const diff: DiffStateOptions = { sets: ['annotators'] };

/** annotation queue: org-level, by name; its rubrics and annotators converge on update; a rubric's new scale replaces it. */
export const annotationQueueKind: KindDescriptor<'annotation_queue'> = {
  id: 'annotation_queue',
  label: 'annotation queue',
  plural: 'annotation queues',
  scope: 'org',
  manifestKey: 'annotation_queues',
  fromManifest: annotationQueueFromManifest,
  schema: annotationQueueSchema,
  deleteRank: 5,
  owned: true,
  diff,
  desiredSteps: (r, ctx) => [
    {
      ...stepBase(r, ctx),
      kind: 'annotation_queue',
      address: r.address,
      resource: r,
      state: { name: r.name, description: r.description, annotators: r.annotators, templates: r.templates },
      dependsOn: [],
    },
  ],
  classify: (step, live, _ctx, base) => classifyAnnotationQueue(step, live, diff, base),
  rename: ({ client, id, name }) => updateAnnotationQueue(client, id, { name }).then(() => undefined),
  orgLive: annotationQueueLive,
  orgExport: exportAnnotationQueues,
  apply: applyAnnotationQueue,
};
