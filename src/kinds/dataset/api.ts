import { requestObject } from '../../galileo/request-object.js';
import { badResponse, checkObject, checkRecords } from '../../galileo/check-response.js';
import { startRead } from '../../galileo/read-limits.js';
import { GalctlError } from '../../core/errors.js';
import type { GalileoClient } from '../../galileo/create-client.js';
import { listByNames } from '../../galileo/list-by-names.js';
import type { ListPaging } from '../../galileo/paginate.js';
import type { Dataset, DatasetContentPage, DatasetEdit, DatasetRowRaw, DatasetVersion } from '../../galileo/types.js';
import { apiPath } from '../../galileo/api-path.js';
import { pagesAhead } from '../../galileo/pages-ahead.js';

/** Datasets by exact name (`POST /datasets/query`), or all when no names. */
export async function queryDatasets(client: GalileoClient, opts: { names?: readonly string[]; paging?: ListPaging } = {}): Promise<Dataset[]> {
  return listByNames<Dataset>(client, { method: 'POST', path: '/datasets/query', itemsKey: 'datasets', tokenIn: 'query', lane: 'first', ...opts.paging }, opts.names);
}

export async function getDataset(client: GalileoClient, id: string): Promise<Dataset> {
  return requestObject<Dataset>(client, 'GET', apiPath`/datasets/${id}`);
}

/** Uploads a new dataset (multipart; `format` in the query). The first version is index 1. */
export async function createDataset(
  client: GalileoClient,
  opts: { name: string; format: 'csv' | 'jsonl' | 'json'; content: string | Uint8Array; hidden?: boolean },
): Promise<Dataset> {
  const form = new FormData();
  form.append('name', opts.name);
  const type = opts.format === 'csv' ? 'text/csv' : 'application/json';
  form.append('file', new Blob([opts.content], { type }), `${opts.name}.${opts.format}`);
  form.append('draft', 'false');
  form.append('hidden', opts.hidden === true ? 'true' : 'false');
  form.append('append_suffix_if_duplicate', 'false');
  return requestObject<Dataset>(client, 'POST', '/datasets', { form, query: { format: opts.format } });
}

export async function updateDataset(client: GalileoClient, id: string, body: { name?: string }): Promise<Dataset> {
  return requestObject<Dataset>(client, 'PATCH', apiPath`/datasets/${id}`, { body, idempotent: true });
}

export async function deleteDataset(client: GalileoClient, id: string): Promise<void> {
  await client.request('DELETE', apiPath`/datasets/${id}`);
}

export interface DatasetContent {
  columns: string[];
  rows: DatasetRowRaw[];
  /** the current version's ETag, for If-Match on the next edit; null when the server sent none */
  etag: string | null;
}

/**
 * Every row of the current version (or of `version`: an earlier one; all pages) and the ETag to edit it with.
 * `rows`: the version's row count when a list named it (`num_rows`): its pages are asked for at once (pagesAhead).
 */
export async function getDatasetContent(client: GalileoClient, id: string, opts: { limit?: number; maxPages?: number; version?: number; lane?: 'first'; rows?: number | null } = {}): Promise<DatasetContent> {
  const path = opts.version === undefined ? apiPath`/datasets/${id}/content` : apiPath`/datasets/${id}/versions/${String(opts.version)}/content`;
  const limit = opts.limit ?? 1000;
  const maxPages = opts.maxPages ?? 10_000;
  const rows: DatasetRowRaw[] = [];
  let columns: string[] = [];
  let etag: string | null = null;
  let token = 0;
  const read = startRead(`GET ${path}`, client.readLimits);
  const ahead = typeof opts.rows === 'number' && opts.rows > 0 ? Math.min(Math.ceil(opts.rows / limit), maxPages) : 1;
  const pageAt = pagesAhead((at) => client.request<DatasetContentPage>('GET', path, { query: { starting_token: at, limit }, ...(opts.lane === undefined ? {} : { lane: opts.lane }) }), limit, ahead);
  for (let page = 0; ; page += 1) {
    if (page >= maxPages) throw new GalctlError('api-pagination', `GET ${path}: still paging after ${maxPages} pages`);
    const res = await pageAt(token);
    if (page === 0) etag = res.headers['etag'] ?? null;
    else if ((res.headers['etag'] ?? null) !== etag) {
      // the dataset changed while we read it: the rows would mix two versions
      throw new GalctlError('dataset-changed', `dataset ${id} changed while its rows were read`, { hint: 'run the command again' });
    }
    // rows that are missing or malformed must stop the read: taken as none, the plan would re-add every row
    const where = `GET ${path}`;
    const data = checkObject<DatasetContentPage>(where, res.data, null);
    const pageRows = checkRecords(where, 'rows', data.rows, 'row_id') as unknown as DatasetRowRaw[];
    if (pageRows.length > limit) throw badResponse(where, `${pageRows.length} rows in a page of ${limit}`);
    read.add(pageRows.length, res.bytes);
    columns = data.column_names ?? columns;
    for (const row of pageRows) rows.push(row);
    const next = data.next_starting_token;
    if (next === null || next === undefined || pageRows.length === 0) break;
    if (next <= token) throw new GalctlError('api-pagination', `GET ${path}: next_starting_token ${next} does not move past ${token}`);
    token = next;
  }
  return { columns, rows, etag };
}

/**
 * Applies row edits as one new version (`PATCH …/content`, `If-Match: etag`) → the new ETag. Not retried: a
 * replay after it landed would answer 412, so a failure is reported and the plan re-read.
 */
export async function patchDatasetContent(client: GalileoClient, id: string, etag: string, edits: DatasetEdit[]): Promise<string | null> {
  const res = await client.request('PATCH', apiPath`/datasets/${id}/content`, { body: { edits }, headers: { 'if-match': etag }, expect: 'none' });
  return res.headers['etag'] ?? null;
}

/** The newest version only: one request (limit 1), however long the history. */
export async function getLatestDatasetVersion(client: GalileoClient, id: string): Promise<DatasetVersion | undefined> {
  const res = await client.request<{ versions?: DatasetVersion[] }>('POST', apiPath`/datasets/${id}/versions/query`, {
    idempotent: true,
    query: { starting_token: 0, limit: 1 },
    body: { sort: { name: 'version_index', ascending: false, sort_type: 'column' } },
  });
  const where = `POST ${apiPath`/datasets/${id}/versions/query`}`;
  const versions = checkRecords(where, 'versions', checkObject<{ versions?: unknown }>(where, res.data, null).versions, null);
  return versions[0] as DatasetVersion | undefined;
}

/** Names a version (galctl writes `galctl:sha256:<hex>` there). Setting a name is idempotent. */
export async function nameDatasetVersion(client: GalileoClient, id: string, versionIndex: number, name: string): Promise<DatasetVersion> {
  return requestObject<DatasetVersion>(client, 'PATCH', apiPath`/datasets/${id}/versions/${versionIndex}`, { body: { name }, idempotent: true }, null);
}
