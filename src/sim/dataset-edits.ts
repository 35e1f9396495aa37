import { invalid, missing } from './http-error.js';
import type { Store } from './store.js';
import type { DatasetRec, DatasetRowRec, DatasetVersionRec, Json } from './types.js';

/**
 * Applies `UpdateDatasetContentRequest.edits` in order (later edits see earlier renames) [SPEC] and returns the
 * new version (index + 1, name null). choice: `filter_rows` KEEPS only the listed rows.
 */
export function applyEdits(store: Store, d: DatasetRec, edits: unknown): DatasetVersionRec {
  if (!Array.isArray(edits)) throw edits === undefined ? missing(['body', 'edits']) : invalid(['body', 'edits'], 'Input should be a valid list', 'list_type', edits);
  const cur = d.versions[d.versions.length - 1] as DatasetVersionRec;
  const idx = cur.version_index + 1;
  const now = store.nowIso();
  let columns = [...cur.column_names];
  // rows by position, deleted ones left as holes until the end; row id → position. A linear search per edit made
  // a new version of a 200,000-row dataset (one update_row per row) take hours, blocking the server meanwhile.
  // The index is built on the first edit that finds a row: appends alone (galctl's inventory, hundreds of PATCHes
  // of thousands of rows) never pay for it.
  let rows: (DatasetRowRec | undefined)[] = [...cur.rows];
  let prepended: DatasetRowRec[] = [];
  let index: Map<unknown, number> | undefined;
  const position = (): Map<unknown, number> => {
    if (index !== undefined) return index;
    const built = new Map<unknown, number>();
    rows.forEach((r, i) => {
      if (r !== undefined) built.set(r.row_id, i);
    });
    index = built;
    return built;
  };
  /** every row in order, holes dropped (the index is rebuilt when next needed): for the edits that touch all rows */
  const compact = (): DatasetRowRec[] => {
    const all = prepended.length === 0 && !rows.includes(undefined) ? (rows as DatasetRowRec[]) : [...prepended.reverse(), ...rows].filter((r): r is DatasetRowRec => r !== undefined);
    prepended = [];
    rows = all;
    index = undefined;
    return all;
  };
  const c = { rows_added: 0, rows_removed: 0, rows_edited: 0, columns_added: 0, columns_removed: 0, columns_renamed: 0 };
  const addColumns = (values: Record<string, Json>): void => {
    for (const k of Object.keys(values)) {
      if (columns.includes(k)) continue;
      columns.push(k);
      c.columns_added++;
    }
  };
  const findRow = (rowId: unknown, i: number): number => {
    if (prepended.length > 0 && prepended.some((r) => r.row_id === rowId)) compact();
    const pos = position().get(rowId);
    if (pos === undefined) throw invalid(['body', 'edits', i, 'row_id'], `Row ${String(rowId)} not found in dataset`, 'value_error', rowId);
    return pos;
  };
  edits.forEach((raw, i) => {
    if (raw === null || typeof raw !== 'object') throw invalid(['body', 'edits', i], 'Input should be a valid dictionary', 'dict_type', raw);
    const e = raw as Record<string, unknown>;
    const values = (e['values'] ?? {}) as Record<string, Json>;
    switch (e['edit_type']) {
      case 'prepend_row':
      case 'append_row': {
        if (typeof e['values'] !== 'object' || e['values'] === null) throw missing(['body', 'edits', i, 'values']);
        addColumns(values);
        const row: DatasetRowRec = {
          row_id: typeof e['row_id'] === 'string' ? e['row_id'] : store.uuid(), values: { ...values },
          created_in_version: idx, created_at: now, updated_in_version: idx, updated_at: now,
        };
        if (e['edit_type'] === 'prepend_row') prepended.push(row);
        else {
          const at = rows.push(row) - 1;
          index?.set(row.row_id, at);
        }
        c.rows_added++;
        break;
      }
      case 'update_row': {
        const at = findRow(e['row_id'], i);
        addColumns(values);
        const old = rows[at] as DatasetRowRec;
        rows[at] = { ...old, values: { ...old.values, ...values }, updated_in_version: idx, updated_at: now };
        c.rows_edited++;
        break;
      }
      case 'delete_row': {
        const pos = findRow(e['row_id'], i);
        position().delete(rows[pos]!.row_id);
        rows[pos] = undefined;
        c.rows_removed++;
        break;
      }
      case 'filter_rows': {
        if (!Array.isArray(e['row_ids'])) throw missing(['body', 'edits', i, 'row_ids']);
        const keep = new Set(e['row_ids'] as unknown[]);
        const all = compact();
        rows = all.filter((r) => keep.has(r.row_id));
        c.rows_removed += all.length - rows.length;
        break;
      }
      case 'remove_column': {
        const col = String(e['column_name']);
        if (!columns.includes(col)) throw invalid(['body', 'edits', i, 'column_name'], `Column ${col} not found`, 'value_error', col);
        columns = columns.filter((x) => x !== col);
        rows = compact().map((r) => {
          const { [col]: _drop, ...rest } = r.values;
          return { ...r, values: rest };
        });
        c.columns_removed++;
        break;
      }
      case 'rename_column': {
        const from = String(e['column_name']);
        const to = String(e['new_column_name']);
        if (!columns.includes(from)) throw invalid(['body', 'edits', i, 'column_name'], `Column ${from} not found`, 'value_error', from);
        if (to.length === 0 || to.length > 255) throw invalid(['body', 'edits', i, 'new_column_name'], 'String should have 1 to 255 characters', 'string_too_long', to);
        columns = columns.map((x) => (x === from ? to : x));
        rows = compact().map((r) => {
          const { [from]: v, ...rest } = r.values;
          return { ...r, values: { ...rest, [to]: v ?? null } };
        });
        c.columns_renamed++;
        break;
      }
      default:
        throw invalid(['body', 'edits', i, 'edit_type'], `Unsupported edit_type '${String(e['edit_type'])}' (the simulator supports prepend_row, append_row, update_row, delete_row, filter_rows, remove_column, rename_column)`, 'union_tag_invalid', e['edit_type']);
    }
  });
  return { version_index: idx, name: null, created_at: now, etag: store.uuid(), column_names: columns, rows: compact(), ...c };
}
