import { findOne } from '../../galileo/live-resource.js';
import { createProject, deleteProject, getProject, listProjects, updateProject } from '../../galileo/projects.js';
import type { ProjectDB, ProjectUpdate } from '../../galileo/types.js';
import type { DesiredProject } from '../../manifest/types.js';
import { OWNERSHIP_LABEL, withMarkers } from '../../plan/ownership.js';
import type { PlanChange } from '../../plan/types.js';
import { setProject } from '../id-registry.js';
import { ownMarkers } from '../project-markers.js';
import type { StepResult } from '../run-in-order.js';
import { createOrAdopt, deleteIdempotent, desiredStepOf, needId, type StepContext } from '../step-context.js';

/** Description and labels as the manifest sets them, plus galctl's markers (children's labels kept). */
function updateBody(r: DesiredProject, live: ProjectDB): ProjectUpdate {
  return {
    ...(r.description === undefined ? {} : { description: r.description }),
    labels: withMarkers(r.labels, live.labels, ownMarkers(OWNERSHIP_LABEL, r.protect)),
  };
}

/** project: create (`type: gen_ai`, then description and labels with galctl's label), update, delete. */
export async function applyProject(change: PlanChange, ctx: StepContext): Promise<StepResult> {
  const { client } = ctx;
  if (change.action === 'delete') return deleteIdempotent(() => deleteProject(client, needId(change)), change.id);
  const r = desiredStepOf(change, ctx).resource as DesiredProject;
  if (change.action === 'create') {
    const { obj, adopted } = await createOrAdopt(
      () => createProject(client, { name: r.name }),
      async () => findOne(await listProjects(client, { names: [r.name] }), r.name, 'project'),
    );
    setProject(ctx.ids, r.address, r.name, obj.id);
    await updateProject(client, obj.id, updateBody(r, obj));
    return { summary: adopted ? 'adopted' : 'created', id: obj.id };
  }
  const id = needId(change);
  setProject(ctx.ids, r.address, r.name, id);
  await updateProject(client, id, updateBody(r, await getProject(client, id)));
  return { summary: 'updated', id };
}
