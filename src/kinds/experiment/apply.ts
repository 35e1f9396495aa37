import { addExperimentTag, createExperiment, DEFAULT_PROMPT_RUN_SETTINGS, deleteExperiment, listExperimentTags, searchExperiments } from './api.js';
import { runTags } from '../../runs/run-tags.js';
import { summarizeInputs } from '../../runs/summarize-inputs.js';
import { findOne } from '../../engine/read/live-resource.js';
import type { ExperimentCreateRequest } from '../../galileo/types.js';
import type { DesiredExperiment } from '../../core/desired-types.js';
import { addressOf } from '../../core/address.js';
import { GalctlError } from '../../core/errors.js';
import { isStepOf } from '../../core/kind-map.js';
import type { PlanChange } from '../../core/plan-types.js';
import { need } from '../../engine/apply/id-registry.js';
import type { StepResult } from '../../engine/apply/run-in-order.js';
import { createOrAdopt, deleteIdempotent, desiredStepOf, needId, type StepContext } from '../../engine/apply/step-context.js';
import { scorerConfigs } from '../scorer-settings/scorer-configs.js';
import { declaredRunTags, syncDeclaredTags } from './declared-tags.js';
import { getTemplate, queryTemplates } from '../template/api.js';

/** The declared template an experiment runs (its project's, or the global one it names), from its plan step. */
function templateStep(r: DesiredExperiment, ctx: StepContext): { name: string; settings?: Record<string, unknown> } | undefined {
  const address = r.globalTemplate !== undefined ? addressOf('global_template', r.globalTemplate) : r.template !== undefined ? addressOf('template', r.template, r.project) : undefined;
  const step = address === undefined ? undefined : ctx.steps.get(address);
  return step !== undefined && (isStepOf(step, 'template') || isStepOf(step, 'global_template')) ? step.resource : undefined;
}

/**
 * A templated experiment's full run settings: the experiment's own over its template's over the SDKs' defaults
 * (both SDKs always send them; without them Galileo's job never starts).
 */
function promptSettingsOf(r: DesiredExperiment, ctx: StepContext): Record<string, unknown> | undefined {
  if (r.template === undefined && r.globalTemplate === undefined) return r.promptSettings;
  return { ...DEFAULT_PROMPT_RUN_SETTINGS, ...templateStep(r, ctx)?.settings, ...r.promptSettings };
}

/**
 * The selected version of the org-wide template an experiment names (`template: {global: key}`): its step ran
 * before this one (a dependency), so the version it selected is the one Galileo's template holds now.
 */
async function globalTemplateVersionId(r: DesiredExperiment, ctx: StepContext): Promise<string | undefined> {
  if (r.globalTemplate === undefined) return undefined;
  const name = templateStep(r, ctx)?.name ?? r.globalTemplate;
  const t = findOne(await queryTemplates(ctx.client, { names: [name] }), name, 'template');
  const id = t === undefined ? undefined : (t.selected_version_id ?? (await getTemplate(ctx.client, t.id)).selected_version_id);
  if (id === undefined) throw new GalctlError('apply-missing-id', `the global template ${name} has no selected version in Galileo`, { hint: 'apply it first (a --target may have left it out), then run again' });
  return id;
}

async function createBody(r: DesiredExperiment, ctx: StepContext): Promise<ExperimentCreateRequest> {
  const dataset = r.dataset === undefined ? undefined : need(ctx.ids.datasets, addressOf('dataset', r.dataset), 'dataset');
  const template = r.template === undefined ? undefined : need(ctx.ids.templates, addressOf('template', r.template, r.project), 'template');
  const versionId = template?.selectedVersionId ?? (await globalTemplateVersionId(r, ctx));
  const promptSettings = promptSettingsOf(r, ctx);
  return {
    name: r.name,
    ...(dataset === undefined ? {} : { dataset: { dataset_id: dataset.id, version_index: r.datasetVersion?.version ?? dataset.versionIndex } }),
    ...(versionId === undefined ? {} : { prompt_template_version_id: versionId }),
    ...(promptSettings === undefined ? {} : { prompt_settings: promptSettings }),
    // Galileo takes the create body's scorers only with trigger: true; otherwise `<run>.scorers` registers them
    ...(r.trigger ? { scorers: await scorerConfigs(r, ctx) } : {}),
    trigger: r.trigger,
  };
}

/**
 * The run's tags (issue 17): manifest key, fingerprint, inputs summary, CI provenance. A run adopted (a re-apply
 * after a crash, or a create answered "already exists") gets only the keys it lacks, so it never holds one twice.
 */
async function tagRun(r: DesiredExperiment, ctx: StepContext, projectId: string, id: string, adopted: boolean): Promise<void> {
  if (r.run === undefined) return;
  const tags = [
    ...runTags({
      manifestKey: r.address,
      fingerprint: r.run.fingerprint,
      summary: summarizeInputs(r.run.inputs),
      ...(ctx.provenance === undefined ? {} : { provenance: ctx.provenance }),
    }),
    ...declaredRunTags(r.tags),
  ];
  const present = adopted ? new Set((await listExperimentTags(ctx.client, projectId, id)).map((t) => t.key)) : new Set<string>();
  // one at a time, in order: `galctl:inputs:2` must not land without `galctl:inputs`
  for (const tag of tags) if (!present.has(tag.key)) await addExperimentTag(ctx.client, projectId, id, tag);
}

/**
 * experiment: a change is a new run (issue 17): create it with its fixed inputs (dataset version, template version
 * id, prompt settings, scorers, trigger) under its deterministic name, adopting a same-named one (a re-apply or a
 * resumed crash never makes a second), then tag it; delete (a pruned or keep_runs run).
 */
export async function applyExperiment(change: PlanChange, ctx: StepContext): Promise<StepResult> {
  const { client } = ctx;
  if (change.action === 'delete') {
    const projectId = need(ctx.ids.projectsByName, change.project ?? '', 'project');
    return deleteIdempotent(() => deleteExperiment(client, projectId, needId(change)), change.id);
  }
  const r = desiredStepOf(change, ctx, 'experiment').resource;
  const projectId = need(ctx.ids.projects, addressOf('project', r.project), 'project');
  if (change.action === 'update') {
    // an ownership confirmation (a crash between the create and its inventory row): the crash may have come before the tags
    const declaredOnly = change.fields.some((f) => f.path.startsWith('tags.')) && !change.fields.some((f) => f.path === 'tags');
    if (!declaredOnly) await tagRun(r, ctx, projectId, needId(change), true);
    // declared tags the run lacks or holds with another value (an adopted run gets only these, never galctl's)
    const written = await syncDeclaredTags(client, projectId, needId(change), r.tags);
    return { summary: written === 0 ? 'updated' : `tagged (${written} tag${written === 1 ? '' : 's'})`, id: needId(change) };
  }
  const body = await createBody(r, ctx);
  const { obj, adopted } = await createOrAdopt(
    () => createExperiment(client, projectId, body),
    async () => findOne(await searchExperiments(client, projectId, { names: [r.name] }), r.name, 'experiment'),
    (obj) => ctx.mayAdopt(change, obj),
  );
  // the run exists now: a failure to tag it must not fail the step (its ownership is confirmed after it); the
  // next plan sees the run untagged and adds the tags
  const untagged = await tagRun(r, ctx, projectId, obj.id, adopted).then(
    () => undefined,
    (err: unknown) => (err instanceof Error ? err.message : String(err)),
  );
  // a created, triggered experiment holds the scorers its create body named (flow A, B); any other run (not
  // triggered: Galileo ignores body scorers; adopted: it may hold anything) gets them from its `<run>.scorers` step
  const registered = !adopted && body.trigger === true;
  ctx.ids.runs.set(r.address, { id: obj.id, projectId, fresh: !adopted, ...(registered ? { createdScorers: body.scorers ?? [] } : {}) });
  const done = adopted ? 'adopted' : 'created';
  return { summary: untagged === undefined ? done : `${done} (its run tags were not written: ${untagged}; the next apply writes them)`, id: obj.id };
}
