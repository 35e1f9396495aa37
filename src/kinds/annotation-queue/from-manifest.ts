import { addressOf } from '../../core/address.js';
import type { ManifestEntry } from '../manifest-entry.js';
import { canonicalQueueTemplate } from './canonical.js';
import type { AnnotationQueueSpec, DesiredAnnotationQueue } from './types.js';

/** `annotation_queues.<key>` → a desired queue with its rubrics (by name) and annotators (e-mails, lower case). */
export function annotationQueueFromManifest({ key, spec: q, base }: ManifestEntry<AnnotationQueueSpec>): DesiredAnnotationQueue {
  return {
    kind: 'annotation_queue',
    address: addressOf('annotation_queue', key),
    ...base,
    ...(q.description === undefined ? {} : { description: q.description }),
    ...(q.annotators === undefined ? {} : { annotators: [...new Set(q.annotators.map((e) => e.toLowerCase()))].sort() }),
    templates: Object.fromEntries(Object.entries(q.templates ?? {}).map(([name, t]) => [name, canonicalQueueTemplate(t)])),
  };
}
