import { objectBody, optBool, optString } from '../body.js';
import { filterCollection, sortCollection, type FieldSpecs } from '../collection-filter.js';
import { parseDatasetFile } from '../dataset-parse.js';
import { currentVersion, datasetView } from '../dataset-view.js';
import { alreadyExists, invalid, missing, notFound } from '../http-error.js';
import { formBool, readForm } from '../multipart.js';
import { pageFromQuery, paginate } from '../paginate.js';
import type { RouteModule, Sim } from '../sim-context.js';
import { getProject } from './projects.js';
import { SIM_USER } from '../store.js';
import type { DatasetRec, DatasetRowRec } from '../types.js';

const FIELDS: FieldSpecs<DatasetRec> = {
  id: { kind: 'id', get: (d) => d.id },
  name: { kind: 'text', get: (d) => d.name, caseSensitive: true },
  draft: { kind: 'enum', get: (d) => d.draft },
  creator: { kind: 'id', get: () => SIM_USER.id },
  created_at: { kind: 'date', get: (d) => d.created_at },
  updated_at: { kind: 'date', get: (d) => d.updated_at },
  num_rows: { kind: 'number', get: (d) => currentVersion(d).rows.length },
  project_count: { kind: 'number', get: () => 0 },
  used_in_project: { kind: 'id', get: () => null },
  not_in_project: { kind: 'id', get: () => null },
  project_last_used_at: { kind: 'date', get: (d) => d.updated_at },
  last_edited_by_user_at: { kind: 'date', get: (d) => d.updated_at },
};

/** Datasets: multipart create with `?format=`, list, query, get, rename, delete [SPEC], [GUIDE]. */
export const datasetRoutes: RouteModule = (add, sim) => {
  const { store } = sim;

  add('create_dataset_datasets_post', async (ctx) => {
    const form = await readForm(ctx);
    let name = form.fields.get('name');
    const file = form.files.get('file');
    if ((name === undefined || name === '') && file !== undefined) name = file.filename;
    if (name === undefined || name === '') throw missing(['body', 'name']);
    if (store.datasetByName.has(name)) {
      if (!formBool(form.fields.get('append_suffix_if_duplicate'), false)) throw alreadyExists('Dataset', name);
      let n = 1;
      while (store.datasetByName.has(`${name} (${n})`)) n++;
      name = `${name} (${n})`;
    }
    const projectId = form.fields.get('project_id');
    const project = projectId === undefined || projectId === '' || projectId === 'null' ? undefined : getProject(sim, projectId);
    const format = ctx.query.get('format') ?? 'csv';
    const table = file === undefined ? { columns: [], rows: [] } : parseDatasetFile(file.text, format);
    const now = store.nowIso();
    const d: DatasetRec = {
      id: store.uuid(), name, draft: formBool(form.fields.get('draft'), false),
      hidden: formBool(form.fields.get('hidden') ?? ctx.query.get('hidden') ?? undefined, false),
      created_at: now, updated_at: now, ...(project === undefined ? {} : { project_ids: [project.id] }),
      versions: [{
        version_index: 1, name: null, created_at: now, etag: store.uuid(), column_names: table.columns,
        rows: table.rows.map((values): DatasetRowRec => ({
          row_id: store.uuid(), values, created_in_version: 1, created_at: now, updated_in_version: 1, updated_at: now,
        })),
        rows_added: table.rows.length, rows_removed: 0, rows_edited: 0, columns_added: table.columns.length,
        columns_removed: 0, columns_renamed: 0,
      }],
    };
    store.datasets.set(d.id, d);
    store.datasetByName.set(d.name, d.id);
    return { body: datasetView(d) };
  });

  add('list_datasets_datasets_get', (ctx) => {
    const list = sortCollection([...store.datasets.values()], undefined, FIELDS, { name: 'created_at', ascending: false });
    const { items, envelope } = paginate(list, pageFromQuery(ctx));
    return { body: { ...envelope, datasets: items.map(datasetView) } };
  });

  add('query_datasets_datasets_query_post', (ctx) => {
    const body = objectBody(ctx, true);
    const list = sortCollection(filterCollection([...store.datasets.values()], body['filters'], FIELDS), body['sort'], FIELDS, { name: 'created_at', ascending: false });
    const { items, envelope } = paginate(list, pageFromQuery(ctx));
    return { body: { ...envelope, datasets: items.map(datasetView) } };
  });

  add('count_datasets_datasets_query_count_post', (ctx) => {
    const body = objectBody(ctx, true);
    return { body: filterCollection([...store.datasets.values()], body['filters'], FIELDS).length };
  });

  add('get_dataset_datasets__dataset_id__get', (ctx) => ({ body: datasetView(getDataset(sim, ctx.params['dataset_id'])) }));

  add('update_dataset_datasets__dataset_id__patch', (ctx) => {
    const d = getDataset(sim, ctx.params['dataset_id']);
    const body = objectBody(ctx);
    const rawName = body['name'];
    const name = rawName !== null && typeof rawName === 'object' ? (rawName as { value?: unknown }).value : rawName;
    if (name !== undefined && name !== null) {
      if (typeof name !== 'string' || name === '') throw invalid(['body', 'name'], 'Input should be a valid string', 'string_type', name);
      if (name !== d.name) {
        if (store.datasetByName.has(name)) throw alreadyExists('Dataset', name);
        store.datasetByName.delete(d.name);
        d.name = name;
        store.datasetByName.set(name, d.id);
      }
    }
    const draft = optBool(body, 'draft');
    if (draft !== undefined) d.draft = draft;
    optString(body, 'description');
    d.updated_at = store.nowIso();
    return { body: datasetView(d) };
  });

  add('delete_dataset_datasets__dataset_id__delete', (ctx) => {
    const d = getDataset(sim, ctx.params['dataset_id']);
    store.datasets.delete(d.id);
    store.datasetByName.delete(d.name);
    return { body: { message: `Dataset ${d.name} deleted` } };
  });
};

export function getDataset(sim: Sim, id: string | undefined): DatasetRec {
  const d = id === undefined ? undefined : sim.store.datasets.get(id);
  if (d === undefined) throw notFound('Dataset', id);
  return d;
}
