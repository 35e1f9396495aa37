import { objectBody, type Body } from '../body.js';
import { invalid, notFound, validationError, type ValidationItem } from '../http-error.js';
import { getRun } from '../run-ops.js';
import type { RouteContext } from '../router.js';
import type { RouteModule } from '../sim-context.js';
import { SIM_USER } from '../store.js';
import type { RunRec, RunTagRec } from '../types.js';

/** `RunTagCreateRequest` [SPEC]: key and value are strings of at most 256 characters. */
const MAX_TAG_TEXT = 256;

/**
 * Experiment tags [SPEC experiment_tags]: list / set (POST) / get / update (PUT) / delete under
 * `/projects/{p}/experiments/{e}/tags`. choice: a key is unique per experiment (POST of a taken key → 422, update
 * it with PUT, as [JS experiment-tags-service.ts upsertExperimentTag] does); `tag_type` is any string ([SPEC]; [JS]
 * sends `generic`, [PY experiment_tags.py] `user`).
 */
export const experimentTagRoutes: RouteModule = (add, sim) => {
  const experiment = (ctx: RouteContext): RunRec =>
    getRun(sim, ctx.params['project_id'], ctx.params['experiment_id'], 'experiment');

  add('get_experiment_tags_projects__project_id__experiments__experiment_id__tags_get', (ctx) => ({ body: experiment(ctx).tags ?? [] }));

  add('set_tag_for_experiment_projects__project_id__experiments__experiment_id__tags_post', (ctx) => {
    const run = experiment(ctx);
    const fields = tagFields(objectBody(ctx));
    if (run.tags?.some((t) => t.key === fields.key)) throw keyTaken(fields.key);
    const now = sim.store.nowIso();
    const tag: RunTagRec = { ...fields, project_id: run.project_id, run_id: run.id, created_by: SIM_USER.id, id: sim.store.uuid(), created_at: now, updated_at: now };
    (run.tags ??= []).push(tag);
    return { body: tag };
  });

  add('get_experiment_tag_projects__project_id__experiments__experiment_id__tags__tag_id__get', (ctx) => ({ body: findTag(experiment(ctx), ctx.params['tag_id']) }));

  add('update_tag_for_experiment_projects__project_id__experiments__experiment_id__tags__tag_id__put', (ctx) => {
    const run = experiment(ctx);
    const tag = findTag(run, ctx.params['tag_id']);
    const fields = tagFields(objectBody(ctx));
    if (run.tags?.some((t) => t !== tag && t.key === fields.key)) throw keyTaken(fields.key);
    Object.assign(tag, fields, { updated_at: sim.store.nowIso() });
    return { body: tag };
  });

  add('delete_experiment_tag_projects__project_id__experiments__experiment_id__tags__tag_id__delete', (ctx) => {
    const run = experiment(ctx);
    const tag = findTag(run, ctx.params['tag_id']);
    run.tags = (run.tags ?? []).filter((t) => t !== tag);
    return { body: { message: `Tag ${tag.id} deleted` } };
  });
};

function keyTaken(key: string): Error {
  return invalid(['body', 'key'], `Tag with key '${key}' already exists`, 'value_error', key);
}

function findTag(run: RunRec, tagId: string | undefined): RunTagRec {
  const tag = run.tags?.find((t) => t.id === tagId?.toLowerCase());
  if (tag === undefined) throw notFound('Tag', tagId);
  return tag;
}

/** Validates a `RunTagCreateRequest`, every problem at once (FastAPI). */
function tagFields(body: Body): Pick<RunTagRec, 'key' | 'value' | 'tag_type'> {
  const problems: ValidationItem[] = [];
  const text = (field: string, max?: number): string => {
    const v = body[field];
    if (v === undefined) problems.push({ loc: ['body', field], msg: 'Field required', type: 'missing' });
    else if (typeof v !== 'string') problems.push({ loc: ['body', field], msg: 'Input should be a valid string', type: 'string_type', input: v });
    else if (max !== undefined && v.length > max) problems.push({ loc: ['body', field], msg: `String should have at most ${max} characters`, type: 'string_too_long', input: v });
    else return v;
    return '';
  };
  const fields = { key: text('key', MAX_TAG_TEXT), value: text('value', MAX_TAG_TEXT), tag_type: text('tag_type') };
  if (problems.length > 0) throw validationError(problems);
  return fields;
}

/** `ExperimentResponse.tags` [SPEC]: the experiment's tags grouped by `tag_type`. */
export function experimentTagGroups(run: RunRec): Record<string, RunTagRec[]> {
  const groups: Record<string, RunTagRec[]> = {};
  for (const t of run.tags ?? []) (groups[t.tag_type] ??= []).push(t);
  return groups;
}
