import { addressOf } from '../../core/address.js';
import type { PlanChange } from '../../core/plan-types.js';
import { kindOf } from '../../kinds/registry.js';
import { need } from './id-registry.js';
import { needId, type StepContext } from './step-context.js';

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
  const rename = kindOf(change.kind).rename;
  if (rename === undefined) return;
  const projectId = (): string => {
    const r = ctx.steps.get(change.address)?.resource;
    return need(ctx.ids.projects, addressOf('project', r !== undefined && 'project' in r ? r.project : ''), 'project');
  };
  await rename({ client: ctx.client, id: needId(change), name, projectId });
}
