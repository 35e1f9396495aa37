/**
 * The annotation queue kind's manifest resource and canonical state, and its entry of the kind map (declaration
 * merging: src/core/kind-map.ts).
 */
import type { ManifestEntry } from '../manifest-entry.js';

/** One rubric of a queue, canonical: `include_explanation` only when true, no null constraint fields. */
export interface QueueTemplateState {
  criteria: string | null;
  constraints: Record<string, unknown>;
  include_explanation?: true;
}

/** `annotation_queues.<key>` as written. */
export interface AnnotationQueueSpec {
  name?: string;
  description?: string;
  annotators?: string[];
  templates?: Record<string, { criteria?: string; constraints: Record<string, unknown>; include_explanation?: boolean }>;
  protect?: boolean;
  adopt?: boolean;
}

/** A declared annotation queue: its rubrics (templates, by name) and its annotators (by e-mail). */
export type DesiredAnnotationQueue = ManifestEntry['base'] & {
  kind: 'annotation_queue';
  address: string;
  description?: string;
  annotators?: string[];
  templates: Record<string, QueueTemplateState>;
};

export interface AnnotationQueueState {
  name: string;
  description?: string | null;
  /** e-mails of the users with role annotator, sorted */
  annotators?: string[];
  templates: Record<string, QueueTemplateState>;
}

declare module '../../core/kind-map.js' {
  interface KindMap {
    annotation_queue: { resource: DesiredAnnotationQueue; state: AnnotationQueueState; refs: Record<never, never> };
  }
}
