import { pageFromQuery, paginate } from '../paginate.js';
import type { RouteModule } from '../sim-context.js';
import type { Store } from '../store.js';
import type { DatasetRec, ProjectRec } from '../types.js';
import { userInfo } from '../user-view.js';
import { getDataset } from './datasets.js';

/**
 * `GET /datasets/{dataset_id}/projects` → `ListDatasetProjectsResponse` [SPEC]: the projects that use a dataset —
 * the one named by `project_id` at create, and every project with an experiment on it. The [JS] SDK's
 * runExperiment checks the experiment's project is among them before it creates anything.
 */
export const datasetProjectRoutes: RouteModule = (add, sim) => {
  add('list_dataset_projects_datasets__dataset_id__projects_get', (ctx) => {
    const d = getDataset(sim, ctx.params['dataset_id']);
    const { items, envelope } = paginate(datasetProjects(sim.store, d), pageFromQuery(ctx));
    return { body: { ...envelope, projects: items.map(datasetProjectView) } };
  });
};

/** The projects using the dataset, newest first (choice: the collections' default order). */
export function datasetProjects(store: Store, d: DatasetRec): ProjectRec[] {
  const ids = new Set(d.project_ids ?? []);
  for (const run of store.runs.values()) if (run.dataset?.dataset_id === d.id) ids.add(run.project_id);
  const projects: ProjectRec[] = [];
  for (const id of ids) {
    const p = store.projects.get(id);
    if (p !== undefined) projects.push(p);
  }
  return projects.sort((a, b) => (a.created_at < b.created_at ? 1 : a.created_at > b.created_at ? -1 : 0));
}

/** `DatasetProject` [SPEC]. */
function datasetProjectView(p: ProjectRec): Record<string, unknown> {
  return { id: p.id, created_at: p.created_at, updated_at: p.updated_at, name: p.name, created_by_user: userInfo() };
}
