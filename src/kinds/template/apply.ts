import { findOne, liveResource } from '../../engine/read/live-resource.js';
import {
  createTemplate,
  createTemplateVersion,
  deleteTemplate,
  getTemplate,
  listTemplateVersions,
  queryTemplates,
  selectTemplateVersion,
} from './api.js';
import type { Template, TemplateVersion } from '../../galileo/types.js';
import type { DesiredTemplate } from '../../core/desired-types.js';
import { addressOf } from '../../core/address.js';
import { classifyChange } from '../../engine/classify-change.js';
import type { DesiredStepOf } from '../../core/kind-map.js';
import { normalizeTemplate } from '../../engine/normalize-live.js';
import type { PlanChange } from '../../core/plan-types.js';
import { need } from '../../engine/apply/id-registry.js';
import type { StepResult } from '../../engine/apply/run-in-order.js';
import { createOrAdopt, deleteIdempotent, desiredStepOf, needId, sendOrRecover, type StepContext } from '../../engine/apply/step-context.js';

function body(r: DesiredTemplate): { template: DesiredTemplate['template']; settings?: Record<string, unknown> } {
  return { template: r.template, ...(r.settings === undefined ? {} : { settings: r.settings }) };
}

/** A version says what the manifest says (text and the settings it sets), compared the way the planner compares. */
function matches(step: DesiredStepOf<'template'>, t: Template, v: TemplateVersion): boolean {
  const asSelected = { ...t, selected_version: v, selected_version_id: v.id };
  return classifyChange(step, liveResource(step.address, 'template', t.id, normalizeTemplate(asSelected, ''))).action === 'no-op';
}

async function versionsOf(ctx: Pick<StepContext, 'client'>, t: Template): Promise<TemplateVersion[]> {
  return t.all_versions ?? (await listTemplateVersions(ctx.client, t.id));
}

/**
 * The newest version of the template that says what the manifest says, made when none does (a version create that
 * may have landed: a matching version now means it did; else send again). Never selects it: a preview's version
 * (src/preview) stays unselected, so the template's selected version does not move.
 */
export async function ensureTemplateVersion(ctx: Pick<StepContext, 'client'>, step: DesiredStepOf<'template'>, t: Template): Promise<{ version: TemplateVersion; made: boolean }> {
  const newest = (tt: Template, vs: TemplateVersion[]): TemplateVersion | undefined => vs.filter((v) => matches(step, tt, v)).sort((a, b) => b.version - a.version)[0];
  const found = newest(t, await versionsOf(ctx, t));
  if (found !== undefined) return { version: found, made: false };
  let made = false;
  const version = await sendOrRecover(
    async () => {
      const v = await createTemplateVersion(ctx.client, t.id, body(step.resource));
      made = true;
      return v;
    },
    async () => {
      const again = await getTemplate(ctx.client, t.id);
      return newest(again, await versionsOf(ctx, again));
    },
  );
  return { version, made };
}

/**
 * From wherever the template is: if its selected version already matches, nothing; if another version matches (a
 * crash between creating a version and selecting it), select that one; otherwise create a version, then select it.
 */
async function converge(ctx: StepContext, step: DesiredStepOf<'template'>, id: string): Promise<string> {
  const r = step.resource;
  const t = await getTemplate(ctx.client, id);
  const register = (v: TemplateVersion): void => void ctx.ids.templates.set(r.address, { id, selectedVersionId: v.id });
  if (t.selected_version != null && matches(step, t, t.selected_version)) {
    register(t.selected_version);
    return 'up to date';
  }
  const { version, made } = await ensureTemplateVersion(ctx, step, t);
  await selectTemplateVersion(ctx.client, id, version.version);
  register(version);
  return made ? `new version ${version.version}` : `selected version ${version.version}`;
}

/** template: create (with version 1), new-version (create + select, or select an existing match), delete. */
export async function applyTemplate(change: PlanChange, ctx: StepContext): Promise<StepResult> {
  const { client } = ctx;
  if (change.action === 'delete') return deleteIdempotent(() => deleteTemplate(client, needId(change)), change.id);
  const step = desiredStepOf(change, ctx, 'template');
  const r = step.resource;
  const projectId = need(ctx.ids.projects, addressOf('project', r.project), 'project');
  if (change.action === 'create') {
    const { obj, adopted } = await createOrAdopt(
      () => createTemplate(client, projectId, { name: r.name, ...body(r) }),
      async () => findOne(await queryTemplates(client, { names: [r.name] }), r.name, 'template'),
      (obj) => ctx.mayAdopt(change, obj),
    );
    if (adopted) return { summary: `adopted (${await converge(ctx, step, obj.id)})`, id: obj.id };
    const selected = obj.selected_version_id ?? obj.selected_version?.id;
    if (selected === undefined) await converge(ctx, step, obj.id);
    else ctx.ids.templates.set(r.address, { id: obj.id, selectedVersionId: selected });
    return { summary: 'created', id: obj.id };
  }
  const id = needId(change);
  return { summary: await converge(ctx, step, id), id };
}
