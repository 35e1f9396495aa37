import { findOne } from '../../engine/read/live-resource.js';
import type { PlanChange } from '../../core/plan-types.js';
import type { StepResult } from '../../engine/apply/run-in-order.js';
import { deleteIdempotent, desiredStepOf, type StepContext } from '../../engine/apply/step-context.js';
import { deleteIntegration, listIntegrations, putIntegration } from './api.js';

/**
 * integration: create or update are one `PUT /integrations/{provider}` (Galileo's create-or-replace) with the token
 * and the settings the manifest sets; a create first looks for one made meanwhile, which it may take only as an
 * adoption would (never someone else's). Delete by name. galctl records the token's fingerprint once this succeeded.
 */
export async function applyIntegration(change: PlanChange, ctx: StepContext): Promise<StepResult> {
  const { client } = ctx;
  if (change.action === 'delete') return deleteIdempotent(() => deleteIntegration(client, change.name), change.id);
  const r = desiredStepOf(change, ctx, 'integration').resource;
  const existing = change.action === 'create' ? findOne(await listIntegrations(client), r.name, 'integration') : undefined;
  if (existing !== undefined) await ctx.mayAdopt(change, existing);
  const obj = await putIntegration(client, r.provider, { ...r.config, token: r.token });
  // the token's fingerprint goes to the stack's inventory row (digest): Galileo never reads the token back
  const digest = desiredStepOf(change, ctx, 'integration').state.token ?? undefined;
  return { summary: change.action === 'create' ? (existing === undefined ? 'created' : 'adopted') : 'updated', id: obj.id, ...(digest === undefined ? {} : { digest }) };
}
