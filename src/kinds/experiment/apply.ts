import { GalctlError } from '../../core/errors.js';
import { createExperiment, DEFAULT_PROMPT_RUN_SETTINGS, deleteExperiment, searchExperiments } from './api.js';
import { isNotFound } from '../../galileo/api-error.js';
import { findOne } from '../../engine/read/live-resource.js';
import type { ExperimentCreateRequest } from '../../galileo/types.js';
import type { DesiredExperiment } from '../../core/desired-types.js';
import { addressOf } from '../../core/address.js';
import { isStepOf } from '../../core/kind-map.js';
import type { PlanChange } from '../../core/plan-types.js';
import { need } from '../../engine/apply/id-registry.js';
import type { StepResult } from '../../engine/apply/run-in-order.js';
import { createOrAdopt, deleteIdempotent, desiredStepOf, needId, type StepContext } from '../../engine/apply/step-context.js';
import { scorerConfigs } from '../scorer-settings/scorer-configs.js';

/**
 * A templated experiment's full run settings: the experiment's own over its template's over the SDKs' defaults
 * (both SDKs always send them; without them Galileo's job never starts).
 */
function promptSettingsOf(r: DesiredExperiment, ctx: StepContext): Record<string, unknown> | undefined {
  if (r.template === undefined) return r.promptSettings;
  const step = ctx.steps.get(addressOf('template', r.template, r.project));
  const template = step !== undefined && isStepOf(step, 'template') ? step.resource : undefined;
  return { ...DEFAULT_PROMPT_RUN_SETTINGS, ...template?.settings, ...r.promptSettings };
}

function createBody(r: DesiredExperiment, ctx: StepContext): ExperimentCreateRequest {
  const dataset = r.dataset === undefined ? undefined : need(ctx.ids.datasets, addressOf('dataset', r.dataset), 'dataset');
  const template = r.template === undefined ? undefined : need(ctx.ids.templates, addressOf('template', r.template, r.project), 'template');
  const promptSettings = promptSettingsOf(r, ctx);
  return {
    name: r.name,
    ...(dataset === undefined ? {} : { dataset: { dataset_id: dataset.id, version_index: dataset.versionIndex } }),
    ...(template === undefined ? {} : { prompt_template_version_id: template.selectedVersionId }),
    ...(promptSettings === undefined ? {} : { prompt_settings: promptSettings }),
    // Galileo takes the create body's scorers only with trigger: true; otherwise `<run>.scorers` registers them
    ...(r.trigger ? { scorers: scorerConfigs(r, ctx) } : {}),
    trigger: r.trigger,
  };
}

/**
 * experiment: create with its fixed inputs (dataset version, template version id, prompt settings, scorers,
 * trigger), adopting a same-named one; replace (only when apply was given --allow-replace; never a protected one)
 * = delete, then create; delete.
 */
export async function applyExperiment(change: PlanChange, ctx: StepContext): Promise<StepResult> {
  const { client } = ctx;
  if (change.action === 'delete') {
    const projectId = need(ctx.ids.projectsByName, change.project ?? '', 'project');
    return deleteIdempotent(() => deleteExperiment(client, projectId, needId(change)), change.id);
  }
  const r = desiredStepOf(change, ctx, 'experiment').resource;
  const projectId = need(ctx.ids.projects, addressOf('project', r.project), 'project');
  if (change.action === 'update') return { summary: 'updated', id: needId(change) };
  if (change.action === 'replace') {
    if (r.protect || change.protect === true) throw new GalctlError('apply-protected', `${r.address} is protected and cannot be replaced`);
    await deleteExperiment(client, projectId, needId(change)).catch((err: unknown) => {
      if (!isNotFound(err)) throw err;
    });
  }
  const body = createBody(r, ctx);
  const { obj, adopted } = await createOrAdopt(
    () => createExperiment(client, projectId, body),
    async () => findOne(await searchExperiments(client, projectId, { names: [r.name] }), r.name, 'experiment'),
    (obj) => ctx.mayAdopt(change, obj),
  );
  // a created, triggered experiment holds the scorers its create body named (flow A, B); any other run (not
  // triggered: Galileo ignores body scorers; adopted: it may hold anything) gets them from its `<run>.scorers` step
  const registered = !adopted && body.trigger === true;
  ctx.ids.runs.set(r.address, { id: obj.id, projectId, fresh: !adopted, ...(registered ? { createdScorers: body.scorers ?? [] } : {}) });
  return { summary: adopted ? 'adopted' : change.action === 'replace' ? 'replaced' : 'created', id: obj.id };
}
