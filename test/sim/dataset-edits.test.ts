import { describe, expect, it } from 'vitest';
import { applyEdits } from '../../src/sim/dataset-edits.js';
import { Store } from '../../src/sim/store.js';
import type { DatasetRec, DatasetRowRec } from '../../src/sim/types.js';

describe('the simulator applies a new version of a 200,000-row dataset', () => {
  it('one update_row per row, as galctl sends when every row changes (a linear search per edit blocked the server for hours)', () => {
    const store = new Store(1);
    const n = 200_000;
    const rows: DatasetRowRec[] = Array.from({ length: n }, (_, i) => ({
      row_id: `r${i}`, values: { input: `q${i}` }, created_in_version: 1, created_at: '', updated_in_version: 1, updated_at: '',
    }));
    const d: DatasetRec = {
      id: 'd', name: 'big', draft: false, hidden: false, created_at: '', updated_at: '',
      versions: [{ version_index: 1, name: null, created_at: '', etag: 'e', column_names: ['input'], rows, rows_added: n, rows_removed: 0, rows_edited: 0, columns_added: 1, columns_removed: 0, columns_renamed: 0 }],
    };
    const edits = [
      ...rows.map((r, i) => ({ edit_type: 'update_row', row_id: r.row_id, values: { input: `Q${i}` } })),
      { edit_type: 'delete_row', row_id: 'r0' },
      { edit_type: 'append_row', values: { input: 'new' } },
    ];
    const v = applyEdits(store, d, edits);
    expect(v).toMatchObject({ version_index: 2, rows_edited: n, rows_removed: 1, rows_added: 1 });
    expect(v.rows).toHaveLength(n);
    expect([v.rows[0]!.values['input'], v.rows[n - 2]!.values['input'], v.rows[n - 1]!.values['input']]).toEqual(['Q1', `Q${n - 1}`, 'new']);
  });

  it('finds rows appended, prepended or left by a delete earlier in the same edits, and leaves the version before intact', () => {
    const store = new Store(1);
    const row = (id: string, input: string): DatasetRowRec => ({ row_id: id, values: { input }, created_in_version: 1, created_at: '', updated_in_version: 1, updated_at: '' });
    const before = [row('a', 'A'), row('b', 'B'), row('c', 'C')];
    const d: DatasetRec = {
      id: 'd', name: 'small', draft: false, hidden: false, created_at: '', updated_at: '',
      versions: [{ version_index: 1, name: null, created_at: '', etag: 'e', column_names: ['input'], rows: before, rows_added: 3, rows_removed: 0, rows_edited: 0, columns_added: 1, columns_removed: 0, columns_renamed: 0 }],
    };
    const v = applyEdits(store, d, [
      { edit_type: 'append_row', row_id: 'x', values: { input: 'X' } },
      { edit_type: 'delete_row', row_id: 'b' },
      { edit_type: 'update_row', row_id: 'x', values: { input: 'X2' } },
      { edit_type: 'append_row', row_id: 'y', values: { input: 'Y' } },
      { edit_type: 'prepend_row', row_id: 'p', values: { input: 'P' } },
      { edit_type: 'update_row', row_id: 'p', values: { input: 'P2' } },
      { edit_type: 'update_row', row_id: 'y', values: { input: 'Y2' } },
      { edit_type: 'delete_row', row_id: 'a' },
    ]);
    expect(v.rows.map((r) => `${r.row_id}=${String(r.values['input'])}`)).toEqual(['p=P2', 'c=C', 'x=X2', 'y=Y2']);
    expect(v).toMatchObject({ rows_added: 3, rows_removed: 2, rows_edited: 3 });
    expect(() => applyEdits(store, d, [{ edit_type: 'delete_row', row_id: 'b' }, { edit_type: 'update_row', row_id: 'b', values: {} }])).toThrow(/Row b not found/);
    expect(before.map((r) => r.row_id)).toEqual(['a', 'b', 'c']);
    expect(d.versions[0]!.rows).toBe(before);
  });
});
