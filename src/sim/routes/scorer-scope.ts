import { objectBody } from '../body.js';
import { SimHttpError, notFound } from '../http-error.js';
import { isUuid } from '../prng.js';
import { scorerView } from '../scorer-view.js';
import type { RouteModule } from '../sim-context.js';
import { checkList, Problems, required, typed } from '../validation.js';
import { getScorer } from './scorers.js';

/** `UpdateScorerScopeRequest.project_ids` maxItems [SPEC]. */
const MAX_SCOPE_PROJECTS = 1000;

/**
 * `PUT /scorers/{id}/scope` [SPEC]: full replace of a scorer's access scope → `ScorerResponse` with `is_global` and
 * `scope_projects` ({id, name} of each project). `is_global:true` needs an empty `project_ids`.
 */
export const scorerScopeRoutes: RouteModule = (add, sim) => {
  add('set_scorer_scope_scorers__scorer_id__scope_put', (ctx) => {
    const s = getScorer(sim, ctx.params['scorer_id']);
    const body = objectBody(ctx);
    const p = new Problems();
    if (required(p, body, 'is_global', ['body'])) {
      if (body['is_global'] === null) p.add(['body', 'is_global'], 'Input should be a valid boolean', 'bool_type', null);
      typed(p, body, 'is_global', 'boolean', ['body']);
    }
    const ids = body['project_ids'];
    checkList(p, ids, ['body', 'project_ids'], (id, at) => {
      if (!isUuid(id)) p.add(at, 'Input should be a valid UUID', 'uuid_parsing', id);
    });
    if (Array.isArray(ids) && ids.length > MAX_SCOPE_PROJECTS) p.add(['body', 'project_ids'], `List should have at most ${MAX_SCOPE_PROJECTS} items after validation, not ${ids.length}`, 'too_long');
    const projectIds = Array.isArray(ids) ? [...new Set((ids as string[]).map((id) => String(id).toLowerCase()))] : [];
    if (body['is_global'] === true && projectIds.length > 0) p.add(['body'], 'Value error, project_ids must be empty when is_global is true', 'value_error');
    p.throwIfAny();
    // choice: presets are Galileo's global scorers; their scope cannot change (403, as for a non-admin)
    if (s.preset) throw new SimHttpError(403, { detail: `Scorer ${s.name} is a preset: its scope cannot change` });
    for (const id of projectIds) if (!sim.store.projects.has(id)) throw notFound('Project', id);
    s.scope = { is_global: body['is_global'] === true, project_ids: projectIds };
    s.updated_at = sim.store.nowIso();
    return { body: scorerView(s, sim.store.projects) };
  });
};
