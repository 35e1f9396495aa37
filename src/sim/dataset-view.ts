import type { Envelope } from './paginate.js';
import type { DatasetRec, DatasetRowRec, DatasetVersionRec } from './types.js';
import { userInfo } from './user-view.js';

export function currentVersion(d: DatasetRec): DatasetVersionRec {
  return d.versions[d.versions.length - 1] as DatasetVersionRec;
}

/** `DatasetDB` [SPEC]. */
export function datasetView(d: DatasetRec): Record<string, unknown> {
  const cur = currentVersion(d);
  return {
    id: d.id, permissions: [], name: d.name, created_at: d.created_at, updated_at: d.updated_at, project_count: 0,
    num_rows: cur.rows.length, column_names: cur.column_names, created_by_user: userInfo(),
    current_version_index: cur.version_index, draft: d.draft,
  };
}

/** `DatasetVersionDB` [SPEC]. */
export function datasetVersionView(v: DatasetVersionRec): Record<string, unknown> {
  return {
    version_index: v.version_index, name: v.name, created_at: v.created_at, created_by_user: userInfo(),
    num_rows: v.rows.length, column_names: v.column_names, rows_added: v.rows_added, rows_removed: v.rows_removed,
    rows_edited: v.rows_edited, columns_added: v.columns_added, columns_removed: v.columns_removed,
    columns_renamed: v.columns_renamed,
  };
}

/** `DatasetContent` [SPEC]: rows with row_id, index, values, values_dict, metadata. */
export function datasetContentView(v: DatasetVersionRec, rows: { row: DatasetRowRec; index: number }[], envelope: Envelope): Record<string, unknown> {
  return {
    ...envelope, column_names: v.column_names, warning_message: null,
    rows: rows.map(({ row, index }) => ({
      row_id: row.row_id, index, values: v.column_names.map((c) => row.values[c] ?? null),
      values_dict: Object.fromEntries(v.column_names.map((c) => [c, row.values[c] ?? null])),
      metadata: {
        created_in_version: row.created_in_version, created_at: row.created_at, created_by_user: userInfo(),
        updated_in_version: row.updated_in_version, updated_at: row.updated_at, updated_by_user: userInfo(),
      },
    })),
  };
}
