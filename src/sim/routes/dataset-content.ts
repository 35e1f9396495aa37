import { objectBody, optString } from '../body.js';
import { applyEdits } from '../dataset-edits.js';
import { currentVersion, datasetContentView, datasetVersionView } from '../dataset-view.js';
import { invalid, notFound, SimHttpError } from '../http-error.js';
import { pageFromQuery, paginate } from '../paginate.js';
import type { RouteModule } from '../sim-context.js';
import type { DatasetRec, DatasetVersionRec } from '../types.js';
import { getDataset } from './datasets.js';

/**
 * Dataset rows and versions: content with ETag, row edits with If-Match (412 on mismatch), rollback/copy,
 * versions query, version content, version naming [SPEC], [JS dataset-service.ts].
 */
export const datasetContentRoutes: RouteModule = (add, sim) => {
  const { store } = sim;

  add('get_dataset_content_datasets__dataset_id__content_get', (ctx) => {
    const d = getDataset(sim, ctx.params['dataset_id']);
    const v = currentVersion(d);
    return { body: contentPage(v, pageFromQuery(ctx)), headers: { etag: v.etag } };
  });

  add('query_dataset_content_datasets__dataset_id__content_query_post', (ctx) => {
    const d = getDataset(sim, ctx.params['dataset_id']);
    const v = currentVersion(d);
    const body = objectBody(ctx, true);
    let indexed = v.rows.map((row, index) => ({ row, index }));
    const filters = Array.isArray(body['filters']) ? (body['filters'] as Record<string, unknown>[]) : [];
    for (const f of filters) {
      const col = String(f['column_name']);
      const want = String(f['value'] ?? '');
      const op = f['operator'] ?? 'contains';
      indexed = indexed.filter(({ row }) => {
        const cell = row.values[col];
        const text = cell === null || cell === undefined ? '' : typeof cell === 'object' ? JSON.stringify(cell) : String(cell);
        return op === 'eq' ? text === want : op === 'ne' ? text !== want : text.includes(want);
      });
    }
    const sort = body['sort'] as { column_name?: string; ascending?: boolean } | undefined;
    if (sort?.column_name !== undefined) {
      const col = sort.column_name;
      const dir = sort.ascending === false ? -1 : 1;
      indexed.sort((a, b) => dir * String(a.row.values[col] ?? '').localeCompare(String(b.row.values[col] ?? '')));
    }
    const { items, envelope } = paginate(indexed, pageFromQuery(ctx));
    return { body: datasetContentView(v, items, envelope), headers: { etag: v.etag } };
  });

  add('update_dataset_content_datasets__dataset_id__content_patch', (ctx) => {
    const d = getDataset(sim, ctx.params['dataset_id']);
    checkIfMatch(d, ctx.headers['if-match']);
    const body = objectBody(ctx);
    const next = applyEdits(store, d, body['edits']);
    pushVersion(d, next);
    return { status: 204, headers: { etag: next.etag } };
  });

  add('upsert_dataset_content_datasets__dataset_id__content_put', (ctx) => {
    const d = getDataset(sim, ctx.params['dataset_id']);
    checkIfMatch(d, ctx.headers['if-match']);
    const body = objectBody(ctx);
    let source: DatasetVersionRec;
    if (body['rollback_version'] !== undefined) {
      source = versionOf(d, body['rollback_version']);
    } else if (typeof body['dataset_id'] === 'string') {
      const other = getDataset(sim, body['dataset_id']);
      source = body['version_index'] === undefined || body['version_index'] === null ? currentVersion(other) : versionOf(other, body['version_index']);
    } else {
      throw invalid(['body'], 'Provide rollback_version, or dataset_id (+ version_index)', 'missing');
    }
    const cur = currentVersion(d);
    const next: DatasetVersionRec = {
      ...source, version_index: cur.version_index + 1, name: null, created_at: store.nowIso(), etag: store.uuid(),
      rows_added: source.rows.length, rows_removed: cur.rows.length, rows_edited: 0, columns_added: 0, columns_removed: 0, columns_renamed: 0,
    };
    pushVersion(d, next);
    return { status: 204, headers: { etag: next.etag } };
  });

  add('query_dataset_versions_datasets__dataset_id__versions_query_post', (ctx) => {
    const d = getDataset(sim, ctx.params['dataset_id']);
    const body = objectBody(ctx, true);
    const sort = body['sort'] as { ascending?: boolean } | undefined | null;
    const list = sort?.ascending === false ? [...d.versions].reverse() : d.versions;
    const { items, envelope } = paginate(list, pageFromQuery(ctx));
    return { body: { ...envelope, versions: items.map(datasetVersionView) } };
  });

  add('get_dataset_version_content_datasets__dataset_id__versions__version_index__content_get', (ctx) => {
    const d = getDataset(sim, ctx.params['dataset_id']);
    const v = versionOf(d, Number(ctx.params['version_index']));
    return { body: contentPage(v, pageFromQuery(ctx)) };
  });

  add('update_dataset_version_datasets__dataset_id__versions__version_index__patch', (ctx) => {
    const d = getDataset(sim, ctx.params['dataset_id']);
    const v = versionOf(d, Number(ctx.params['version_index']));
    const body = objectBody(ctx);
    const name = optString(body, 'name');
    if (name !== undefined) v.name = name;
    return { body: datasetVersionView(v) };
  });

  function pushVersion(d: DatasetRec, v: DatasetVersionRec): void {
    d.versions.push(v);
    d.updated_at = v.created_at;
  }
};

function contentPage(v: DatasetVersionRec, page: { starting_token: number; limit: number }): Record<string, unknown> {
  const { items, envelope } = paginate(v.rows, page);
  return datasetContentView(v, items.map((row, i) => ({ row, index: page.starting_token + i })), envelope);
}

function checkIfMatch(d: DatasetRec, header: string | string[] | undefined): void {
  if (header === undefined) return; // If-Match is optional in [SPEC]; without it the edit is unconditional
  const want = String(header).replace(/^W\//, '').replace(/^"|"$/g, '');
  const cur = currentVersion(d);
  if (want !== cur.etag) {
    throw new SimHttpError(412, { detail: `ETag mismatch: dataset ${d.id} is at version ${cur.version_index}; read its content again for the current ETag` });
  }
}

function versionOf(d: DatasetRec, raw: unknown): DatasetVersionRec {
  const n = Number(raw);
  const v = Number.isInteger(n) ? d.versions.find((x) => x.version_index === n) : undefined;
  if (v === undefined) throw notFound(`Version ${String(raw)} of dataset`, d.id);
  return v;
}
