import { findOne } from '../../engine/read/live-resource.js';
import { createLogStream, deleteLogStream, searchLogStreams } from './api.js';
import { addressOf } from '../../core/address.js';
import type { PlanChange } from '../../core/plan-types.js';
import { need } from '../../engine/apply/id-registry.js';
import type { StepResult } from '../../engine/apply/run-in-order.js';
import { createOrAdopt, deleteIdempotent, desiredStepOf, needId, type StepContext } from '../../engine/apply/step-context.js';

/**
 * log stream: create (adopting a same-named one), update (only its protection flag, which apply already wrote to
 * galctl's inventory), delete. Its scorers are the `<run>.scorers` step.
 */
export async function applyLogStream(change: PlanChange, ctx: StepContext): Promise<StepResult> {
  const { client } = ctx;
  if (change.action === 'delete') {
    const projectId = need(ctx.ids.projectsByName, change.project ?? '', 'project');
    return deleteIdempotent(() => deleteLogStream(client, projectId, needId(change)), change.id);
  }
  const r = desiredStepOf(change, ctx, 'log_stream').resource;
  const projectId = need(ctx.ids.projects, addressOf('project', r.project), 'project');
  if (change.action === 'update') return { summary: 'updated', id: needId(change) };
  const { obj, adopted } = await createOrAdopt(
    () => createLogStream(client, projectId, r.name),
    async () => findOne(await searchLogStreams(client, projectId, { names: [r.name] }), r.name, 'log stream'),
    (obj) => ctx.mayAdopt(change, obj),
  );
  ctx.ids.runs.set(r.address, { id: obj.id, projectId, fresh: !adopted });
  return { summary: adopted ? 'adopted' : 'created', id: obj.id };
}
