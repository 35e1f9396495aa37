import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { canonicalRow, hashDatasetContent } from '../../src/core/content-hash.js';
import { diffRows, rowsToCreate, type DatasetEdit, type LiveRow } from '../../src/kinds/dataset/row-diff.js';
import type { DatasetRow } from '../../src/core/desired-types.js';

/** What the server does with the edits, in order (a model of PATCH /datasets/{id}/content). */
function applyEdits(live: LiveRow[], edits: DatasetEdit[]): DatasetRow[] {
  let rows = live.map((r) => ({ ...r, values: { ...r.values } }));
  let next = 0;
  for (const e of edits) {
    if (e.edit_type === 'remove_column') for (const r of rows) delete r.values[e.column_name];
    else if (e.edit_type === 'update_row') rows.find((r) => r.rowId === e.row_id)!.values = { ...e.values };
    else if (e.edit_type === 'delete_row') rows = rows.filter((r) => r.rowId !== e.row_id);
    else rows.push({ rowId: `new-${next++}`, values: { ...e.values } });
  }
  return rows.map((r) => r.values);
}

const multiset = (columns: string[], rows: DatasetRow[]): string[] => rows.map((r) => canonicalRow(columns, r)).sort();
const live = (rows: DatasetRow[]): LiveRow[] => rows.map((values, i) => ({ rowId: `r${i}`, values }));
const row = (input: string, output = `${input}!`): DatasetRow => ({ input, output });
const COLS = ['input', 'output'];

describe('diffRows', () => {
  it.each([
    { name: 'equal', desired: [row('a'), row('b')], current: [row('a'), row('b')], counts: [0, 0, 0], edits: 0 },
    { name: 'one appended', desired: [row('a'), row('b'), row('c')], current: [row('a'), row('b')], counts: [1, 0, 0], edits: 1 },
    { name: 'one inserted at the front', desired: [row('z'), row('a'), row('b')], current: [row('a'), row('b')], counts: [1, 0, 0], edits: 1 },
    { name: 'one removed from the middle', desired: [row('a'), row('c')], current: [row('a'), row('b'), row('c')], counts: [0, 1, 0], edits: 1 },
    { name: 'one changed in place', desired: [row('a'), row('b', 'B')], current: [row('a'), row('b')], counts: [0, 0, 1], edits: 1 },
    { name: 'reordered', desired: [row('b'), row('a')], current: [row('a'), row('b')], counts: [0, 0, 0], edits: 0 },
    { name: 'duplicates kept apart', desired: [row('a'), row('a'), row('a')], current: [row('a'), row('a')], counts: [1, 0, 0], edits: 1 },
    { name: 'all replaced', desired: [row('x')], current: [row('a'), row('b')], counts: [0, 1, 1], edits: 2 },
    { name: 'from empty', desired: [row('a'), row('b')], current: [], counts: [2, 0, 0], edits: 2 },
    { name: 'to empty', desired: [], current: [row('a')], counts: [0, 1, 0], edits: 1 },
  ])('$name', ({ desired, current, counts, edits }) => {
    const liveRows = live(current);
    const result = diffRows(COLS, desired, liveRows, COLS);
    expect([result.changes.added, result.changes.removed, result.changes.changed]).toEqual(counts);
    expect(result.edits).toHaveLength(edits);
    expect(multiset(COLS, applyEdits(liveRows, result.edits))).toEqual(multiset(COLS, desired));
  });

  it('compares cells canonically: CSV text equals JSON numbers, empty equals null', () => {
    const result = diffRows(['q', 'n', 'm'], [{ q: 'a', n: 1, m: '' }], live([{ q: 'a', n: '1', m: null }]), ['q', 'n', 'm']);
    expect(result.edits).toEqual([]);
  });

  it('removes a dropped column and adds a new one through the row values', () => {
    const current = live([{ input: 'a', old: '1' }, { input: 'b', old: '2' }]);
    const desired = [{ input: 'a', expected: 'A' }, { input: 'b', expected: 'B' }];
    const result = diffRows(['input', 'expected'], desired, current, ['input', 'old']);
    expect(result.edits[0]).toEqual({ edit_type: 'remove_column', column_name: 'old' });
    expect(result.changes).toMatchObject({ added: 0, removed: 0, changed: 2 });
    expect(applyEdits(current, result.edits)).toEqual(desired);
  });

  it('keeps a sample of at most three rows', () => {
    const result = diffRows(COLS, [row('1'), row('2'), row('3'), row('4')], [], COLS);
    expect(result.changes.sample).toEqual(['+ {"input":"1","output":"1!"}', '+ {"input":"2","output":"2!"}', '+ {"input":"3","output":"3!"}']);
  });

  it('property: applying the edits to the live rows gives the desired rows (seeded random cases)', () => {
    let seed = 42;
    const rand = (n: number): number => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed % n;
    };
    for (let round = 0; round < 300; round += 1) {
      const pool = ['a', 'b', 'c', 'd', 'e', 'f'];
      const make = (): DatasetRow[] => Array.from({ length: rand(8) }, () => row(pool[rand(pool.length)]!, rand(3) === 0 ? 'x' : undefined));
      const desired = make();
      const liveRows = live(make());
      const result = diffRows(COLS, desired, liveRows, COLS);
      expect(multiset(COLS, applyEdits(liveRows, result.edits))).toEqual(multiset(COLS, desired));
      const { added, removed, changed } = result.changes;
      expect(desired.length - liveRows.length).toBe(added - removed);
      expect(result.edits).toHaveLength(added + removed + changed);
    }
  });

  it('stays linear on a large dataset', () => {
    const current = Array.from({ length: 50_000 }, (_, i) => row(`q${i}`));
    const desired = [row('new'), ...current.slice(1)];
    const result = diffRows(COLS, desired, live(current), COLS);
    expect(result.changes).toMatchObject({ added: 0, removed: 0, changed: 1 });
  });
});

describe('diffRows at the scale of a large dataset', () => {
  it('appends 200k rows to an empty dataset (a spread of the appends into push() overflowed the stack past ~125k)', () => {
    const desired = Array.from({ length: 200_000 }, (_, i) => row(`q${i}`));
    const result = diffRows(COLS, desired, [], COLS);
    expect(result.changes).toMatchObject({ added: 200_000, removed: 0, changed: 0 });
    expect(result.edits).toHaveLength(200_000);
    expect(result.edits[199_999]).toEqual({ edit_type: 'append_row', values: row('q199999') });
  });
});

describe('rowsToCreate', () => {
  it('gives what diffRows gives against no live rows, without diffing', () => {
    const columns = ['input', 'output'];
    for (const rows of [[], [{ input: 'a', output: 1 }], Array.from({ length: 7 }, (_, i) => ({ input: `q${i}`.repeat(i * 40), output: null, extra: 'x' }))]) {
      expect(rowsToCreate(columns, rows as DatasetRow[])).toEqual(diffRows(columns, rows as DatasetRow[], []).changes);
    }
  });
});

describe('hashDatasetContent', () => {
  it('is the sha256 of the columns and the canonical rows, however many rows (hashed in chunks)', () => {
    const rows: DatasetRow[] = Array.from({ length: 5000 }, (_, i) => ({ input: `question ${i} é`, output: i % 3 === 0 ? i : i % 3 === 1 ? '' : { a: [i, null] } }));
    const columns = ['input', 'output'];
    const whole = JSON.stringify(columns) + rows.map((r) => `\n${canonicalRow(columns, r)}`).join('');
    expect(whole.length).toBeGreaterThan(2 * 64 * 1024);
    expect(hashDatasetContent(columns, rows)).toBe(createHash('sha256').update(whole).digest('hex'));
    // the value galctl has always written in version names (computed before the hash was chunked)
    expect(hashDatasetContent(columns, rows)).toBe('345a338e7348302af7a3ebb46d43db0ea0c092ec1d9f9eddee07ca31c9152856');
  });
});
