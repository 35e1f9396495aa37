import { addressOf } from '../../core/address.js';
import type { PlanChange } from '../../core/plan-types.js';
import { need } from '../../engine/apply/id-registry.js';
import type { StepResult } from '../../engine/apply/run-in-order.js';
import { createOrAdopt, desiredStepOf, needId, type StepContext } from '../../engine/apply/step-context.js';
import { createStage, getStageByName, pauseStage, updateStageRulesets, type StageDB } from './api.js';
import { canonicalRulesets, recordOf, rulesetsDigest } from './rulesets-digest.js';

/**
 * Protect stage: create (adopting a same-named one: its rulesets are then applied as a new version, since galctl
 * cannot see them), or update: new rulesets are a new version, `paused` is the pause route. The result carries
 * the digest of the rulesets applied, which apply records with the stage's inventory row.
 */
export async function applyStage(change: PlanChange, ctx: StepContext): Promise<StepResult> {
  const { client } = ctx;
  const r = desiredStepOf(change, ctx, 'stage').resource;
  const projectId = need(ctx.ids.projects, addressOf('project', r.project), 'project');
  const rulesets = r.rulesets === undefined ? undefined : canonicalRulesets(r.rulesets);
  const digest = (s: StageDB) => (r.rulesets === undefined ? {} : { digest: recordOf(s.version, rulesetsDigest(r.rulesets)) });
  if (change.action === 'create') {
    const { obj, adopted } = await createOrAdopt(
      () => createStage(client, projectId, { name: r.name, ...(r.description === undefined ? {} : { description: r.description }), ...(r.type === undefined ? {} : { type: r.type }), paused: r.paused, prioritized_rulesets: rulesets ?? [] }),
      () => getStageByName(client, projectId, r.name),
      (obj) => ctx.mayAdopt(change, obj),
    );
    if (!adopted) return { summary: 'created', id: obj.id, ...digest(obj) };
    const s = await converge(obj, true, true);
    return { summary: `adopted (version ${s.version ?? '?'})`, id: s.id, ...digest(s) };
  }
  const id = needId(change);
  const changed = new Set(change.fields.map((f) => f.path.split('.')[0]));
  const s = await converge({ id, name: r.name, project_id: projectId }, changed.has('rulesets'), changed.has('paused'));
  return { summary: changed.has('rulesets') ? `new version ${s.version ?? '?'}` : r.paused ? 'paused' : 'resumed', id, ...digest(s) };

  async function converge(stage: StageDB, newRulesets: boolean, pause: boolean): Promise<StageDB> {
    let s = stage;
    if (newRulesets && rulesets !== undefined) s = await updateStageRulesets(client, projectId, s.id, rulesets);
    if (pause && s.paused !== r.paused) s = await pauseStage(client, projectId, s.id, r.paused);
    return s;
  }
}
