import { findOne } from '../../engine/read/live-resource.js';
import type { PlanChange } from '../../core/plan-types.js';
import type { StepResult } from '../../engine/apply/run-in-order.js';
import { createOrAdopt, deleteIdempotent, desiredStepOf, needId, type StepContext } from '../../engine/apply/step-context.js';
import {
  createAnnotationQueue,
  createQueueTemplate,
  deleteAnnotationQueue,
  deleteQueueTemplate,
  getAnnotationQueue,
  listQueueUsers,
  queryAnnotationQueues,
  removeQueueUser,
  setQueueUserRole,
  shareQueue,
  updateAnnotationQueue,
  updateQueueTemplate,
} from './api.js';
import { canonicalQueueTemplate, needsReplace } from './canonical.js';
import type { DesiredAnnotationQueue, QueueTemplateState } from './types.js';

const templateBody = (name: string, t: QueueTemplateState) => ({
  name,
  criteria: t.criteria,
  constraints: t.constraints,
  include_explanation: t.include_explanation === true,
});

/**
 * From wherever the queue is to what the manifest says: name and description (one PATCH); each rubric created,
 * patched (name and criteria) or, when its constraints changed, deleted and created again; undeclared rubrics
 * deleted; annotators shared, promoted to annotator, or removed (only when the manifest lists annotators).
 */
async function converge(ctx: StepContext, r: DesiredAnnotationQueue, id: string): Promise<void> {
  const { client } = ctx;
  const q = await getAnnotationQueue(client, id);
  if (q.name !== r.name || (r.description !== undefined && (q.description ?? '') !== r.description)) {
    await updateAnnotationQueue(client, id, { name: r.name, ...(r.description === undefined ? {} : { description: r.description }) });
  }
  const live = new Map((q.templates ?? []).map((t) => [t.name, t]));
  for (const [name, want] of Object.entries(r.templates)) {
    const have = live.get(name);
    if (have === undefined) await createQueueTemplate(client, id, templateBody(name, want));
    else if (needsReplace(want, canonicalQueueTemplate(have))) {
      await deleteQueueTemplate(client, id, have.id);
      await createQueueTemplate(client, id, templateBody(name, want));
    } else if ((have.criteria ?? null) !== want.criteria) await updateQueueTemplate(client, id, have.id, { name, criteria: want.criteria });
  }
  for (const [name, t] of live) if (!(name in r.templates)) await deleteQueueTemplate(client, id, t.id);
  if (r.annotators === undefined) return;
  const users = await listQueueUsers(client, id);
  const byEmail = new Map(users.map((u) => [(u.email ?? '').toLowerCase(), u]));
  const share = r.annotators.filter((e) => !byEmail.has(e));
  if (share.length > 0)
    await shareQueue(
      client,
      id,
      share.map((user_email) => ({ user_email, role: 'annotator' })),
    );
  for (const e of r.annotators) {
    const u = byEmail.get(e);
    if (u !== undefined && u.role !== 'annotator') await setQueueUserRole(client, id, u.user_id, 'annotator');
  }
  for (const u of users) if (u.role === 'annotator' && !r.annotators.includes((u.email ?? '').toLowerCase())) await removeQueueUser(client, id, u.user_id);
}

/** annotation queue: create (with its annotators), then its rubrics; update converges; delete. */
export async function applyAnnotationQueue(change: PlanChange, ctx: StepContext): Promise<StepResult> {
  const { client } = ctx;
  if (change.action === 'delete') return deleteIdempotent(() => deleteAnnotationQueue(client, needId(change)), change.id);
  const r = desiredStepOf(change, ctx, 'annotation_queue').resource;
  if (change.action === 'create') {
    const { obj, adopted } = await createOrAdopt(
      () =>
        createAnnotationQueue(client, {
          name: r.name,
          ...(r.description === undefined ? {} : { description: r.description }),
          ...(r.annotators === undefined ? {} : { annotator_emails: r.annotators }),
        }),
      async () => findOne(await queryAnnotationQueues(client), r.name, 'annotation queue'),
      (obj) => ctx.mayAdopt(change, obj),
    );
    await converge(ctx, r, obj.id);
    return { summary: adopted ? 'adopted' : 'created', id: obj.id };
  }
  const id = needId(change);
  await converge(ctx, r, id);
  return { summary: 'updated', id };
}
