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
});
