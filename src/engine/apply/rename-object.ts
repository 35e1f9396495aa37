import { updateDataset } from '../../kinds/dataset/api.js';
import { renameExperiment } from '../../kinds/experiment/api.js';
import { renameLogStream } from '../../kinds/log-stream/api.js';
import { updateProject } from '../../kinds/project/api.js';
import { updateScorer } from '../../kinds/scorer/api.js';
import { renameTemplate } from '../../kinds/template/api.js';
import { addressOf } from '../../core/address.js';
import type { PlanChange } from '../../core/plan-types.js';
import { need } from './id-registry.js';
import { desiredStepOf, needId, type StepContext } from './step-context.js';

/** The new name of a planned rename (a `name` field change on an object that exists), or undefined. */
export function renameOf(change: PlanChange): string | undefined {
  if (change.action === 'create' || change.action === 'delete' || change.action === 'replace') return undefined;
  const f = change.fields.find((x) => x.path === 'name');
  return typeof f?.after === 'string' ? f.after : undefined;
}

/**
 * A rename (`moved:`, or a changed `name:`): the object keeps its Galileo id, its versions and its runs. Runs before
 * the rest of the change, so the step's own lookups by name find it under the new name.
 */
export async function renameObject(change: PlanChange, name: string, ctx: StepContext): Promise<void> {
  const id = needId(change);
  const { client } = ctx;
  const projectId = (): string => {
    const r = desiredStepOf(change, ctx).resource;
    return need(ctx.ids.projects, addressOf('project', 'project' in r ? r.project : ''), 'project');
  };
  switch (change.kind) {
    case 'project':
      await updateProject(client, id, { name });
      return;
    case 'scorer':
      await updateScorer(client, id, { name });
      return;
    case 'dataset':
      await updateDataset(client, id, { name });
      return;
    case 'template':
      await renameTemplate(client, id, name);
      return;
    case 'log_stream':
      await renameLogStream(client, projectId(), id, name);
      return;
    case 'experiment':
      await renameExperiment(client, projectId(), id, name);
      return;
    default:
      return;
  }
}
