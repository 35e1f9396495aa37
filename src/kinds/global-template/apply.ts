import { findOne } from '../../engine/read/live-resource.js';
import type { DesiredStepOf } from '../../core/kind-map.js';
import type { PlanChange } from '../../core/plan-types.js';
import type { StepResult } from '../../engine/apply/run-in-order.js';
import { createOrAdopt, deleteIdempotent, desiredStepOf, needId, sendOrRecover, type StepContext } from '../../engine/apply/step-context.js';
import { createTemplateVersion, deleteTemplate, getTemplate, listTemplateVersions, queryTemplates, selectTemplateVersion } from '../template/api.js';
import { createGlobalTemplate } from './api.js';
import type { DesiredGlobalTemplate } from './types.js';
import { newestMatch, versionState, versionsOf } from './versions.js';

const body = (r: DesiredGlobalTemplate) => ({ template: r.template, ...(r.settings === undefined ? {} : { settings: r.settings }) });

/**
 * From wherever the template is: its selected version already matches → nothing; another version matches (a
 * rollback, or a crash between creating a version and selecting it) → select it; otherwise add a version and
 * select it.
 */
async function converge(ctx: StepContext, step: DesiredStepOf<'global_template'>, id: string): Promise<string> {
  const { client } = ctx;
  const versions = async () => {
    const t = await getTemplate(client, id);
    return {
      selected: t.selected_version?.version,
      all: t.all_versions === undefined ? (await listTemplateVersions(client, id)).map(versionState) : versionsOf(t),
    };
  };
  const now = await versions();
  const match = newestMatch(step.state, now.all);
  if (match !== undefined && match.version === now.selected) return 'up to date';
  const version = match?.version;
  if (version === undefined) {
    // a version create that may have landed: a matching version now means it did; else send again
    const made = await sendOrRecover(
      async () => versionState(await createTemplateVersion(client, id, body(step.resource))),
      async () => newestMatch(step.state, (await versions()).all),
    );
    await selectTemplateVersion(client, id, made.version);
    return `new version ${made.version}, selected`;
  }
  await selectTemplateVersion(client, id, version);
  return `selected version ${version}`;
}

/** global template: create (`POST /templates`, version 1 selected), new version or select, delete. */
export async function applyGlobalTemplate(change: PlanChange, ctx: StepContext): Promise<StepResult> {
  const { client } = ctx;
  if (change.action === 'delete') return deleteIdempotent(() => deleteTemplate(client, needId(change)), change.id);
  const step = desiredStepOf(change, ctx, 'global_template');
  const r = step.resource;
  if (change.action === 'create') {
    const { obj, adopted } = await createOrAdopt(
      () => createGlobalTemplate(client, { name: r.name, ...body(r) }),
      async () => findOne(await queryTemplates(client, { names: [r.name] }), r.name, 'template'),
      (obj) => ctx.mayAdopt(change, obj),
    );
    return { summary: adopted ? `adopted (${await converge(ctx, step, obj.id)})` : 'created', id: obj.id };
  }
  const id = needId(change);
  return { summary: await converge(ctx, step, id), id };
}
