import { findOne } from '../../engine/read/live-resource.js';
import { createProject, deleteProject, listProjects, updateProject } from './api.js';
import type { ProjectUpdate } from '../../galileo/types.js';
import type { DesiredProject } from '../../core/desired-types.js';
import type { PlanChange } from '../../core/plan-types.js';
import { setProject } from '../../engine/apply/id-registry.js';
import type { StepResult } from '../../engine/apply/run-in-order.js';
import { createOrAdopt, deleteIdempotent, desiredStepOf, needId, type StepContext } from '../../engine/apply/step-context.js';

/**
 * Description and labels as the manifest sets them (what it leaves out is left alone); undefined when it sets
 * neither. No galctl marker rides on a project: Galileo's labels are the closed enum ["sample"], so ownership
 * and protection live in galctl's inventory (written by apply before any step, plan/ownership.ts).
 */
function updateBody(r: DesiredProject): ProjectUpdate | undefined {
  const body: ProjectUpdate = {
    ...(r.description === undefined ? {} : { description: r.description }),
    ...(r.labels === undefined ? {} : { labels: r.labels }),
  };
  return Object.keys(body).length === 0 ? undefined : body;
}

/** project: create (`type: gen_ai`, then description and labels when the manifest sets them), update, delete. */
export async function applyProject(change: PlanChange, ctx: StepContext): Promise<StepResult> {
  const { client } = ctx;
  if (change.action === 'delete') return deleteIdempotent(() => deleteProject(client, needId(change)), change.id);
  const r = desiredStepOf(change, ctx, 'project').resource;
  const body = updateBody(r);
  if (change.action === 'create') {
    const { obj, adopted } = await createOrAdopt(
      () => createProject(client, { name: r.name }),
      async () => findOne(await listProjects(client, { names: [r.name] }), r.name, 'project'),
      (obj) => ctx.mayAdopt(change, obj),
    );
    setProject(ctx.ids, r.address, r.name, obj.id);
    if (body !== undefined) await updateProject(client, obj.id, body);
    return { summary: adopted ? 'adopted' : 'created', id: obj.id };
  }
  const id = needId(change);
  setProject(ctx.ids, r.address, r.name, id);
  if (body !== undefined) await updateProject(client, id, body);
  return { summary: 'updated', id };
}
