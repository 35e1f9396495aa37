import type { OrgLiveRead } from '../live-read.js';
import { listQueueUsers, queryAnnotationQueues, type AnnotationQueue } from './api.js';
import { templatesByName } from './canonical.js';
import type { AnnotationQueueState } from './types.js';

/** The org's queues: one paged query (templates included), then per declared queue its users. */
export const annotationQueueLive: OrgLiveRead<AnnotationQueueState> = {
  list: (client) => queryAnnotationQueues(client),
  normalize: async (found, { client }) => {
    const q = found as AnnotationQueue;
    const users = await listQueueUsers(client, q.id);
    const annotators = users
      .filter((u) => u.role === 'annotator')
      .map((u) => (u.email ?? u.user_id).toLowerCase())
      .sort();
    return { state: { name: q.name, description: q.description ?? null, annotators, templates: templatesByName(q.templates) }, refs: {} };
  },
};
