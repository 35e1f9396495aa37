import type { DatasetRow } from '../../core/desired-types.js';
import { canonicalRow } from '../../core/content-hash.js';
import type { RowChanges } from '../../core/plan-types.js';
import { appendAll } from '../../core/append-all.js';

/** A row of the live dataset's current version. */
export interface LiveRow {
  rowId: string;
  values: Record<string, unknown>;
}

/** One edit of `PATCH /datasets/{id}/content` (edits apply in order; the server makes one new version). */
export type DatasetEdit =
  | { edit_type: 'remove_column'; column_name: string }
  | { edit_type: 'update_row'; row_id: string; values: DatasetRow }
  | { edit_type: 'delete_row'; row_id: string }
  | { edit_type: 'append_row'; values: DatasetRow };

export interface RowDiff {
  changes: RowChanges;
  edits: DatasetEdit[];
}

const SAMPLE_SIZE = 3;
const SAMPLE_WIDTH = 160;

function rowText(columns: string[], row: DatasetRow): string {
  const text = JSON.stringify(Object.fromEntries(columns.map((c) => [c, row[c] ?? null])));
  return text.length > SAMPLE_WIDTH ? `${text.slice(0, SAMPLE_WIDTH - 1)}…` : text;
}

/**
 * diffRows' changes against no live rows (a dataset to create), without computing a canonical key or an edit per
 * row: every row is added, and the sample is the first rows, read by index (lazy rows answer those from their head
 * without parsing the file: manifest/lazy-rows.ts).
 */
export function rowsToCreate(columns: string[], desiredRows: readonly DatasetRow[]): RowChanges {
  const sample: string[] = [];
  for (let i = 0; i < Math.min(SAMPLE_SIZE, desiredRows.length); i += 1) sample.push(`+ ${rowText(columns, desiredRows[i]!)}`);
  return { added: desiredRows.length, removed: 0, changed: 0, sample };
}

/**
 * The minimal row edits that turn the live rows into the desired ones, and their counts. Rows compare by their
 * canonical cells over the desired columns (CSV "1" equals JSON 1). Rows match by position first, then by
 * content (a hash map, so O(n)); an unmatched desired row whose position holds an unmatched live row is a
 * change (`update_row`), other desired rows are appended, other live rows deleted. Columns the live side has and
 * the desired side lacks are removed; new columns arrive through the rows' values. Row order is not managed:
 * applying the edits gives the desired rows as a multiset.
 */
export function diffRows(columns: string[], desiredRows: DatasetRow[], liveRows: LiveRow[], liveColumns?: string[]): RowDiff {
  const dKeys = desiredRows.map((r) => canonicalRow(columns, r));
  const lKeys = liveRows.map((r) => canonicalRow(columns, r.values));
  const dMatched = new Array<boolean>(dKeys.length).fill(false);
  const lMatched = new Array<boolean>(lKeys.length).fill(false);

  for (let i = 0; i < Math.min(dKeys.length, lKeys.length); i += 1) {
    if (dKeys[i] === lKeys[i]) dMatched[i] = lMatched[i] = true;
  }
  const byContent = new Map<string, number[]>();
  lKeys.forEach((k, i) => {
    if (lMatched[i]) return;
    const list = byContent.get(k);
    if (list) list.push(i);
    else byContent.set(k, [i]);
  });
  const cursor = new Map<string, number>();
  dKeys.forEach((k, i) => {
    if (dMatched[i]) return;
    const list = byContent.get(k);
    const at = cursor.get(k) ?? 0;
    if (list === undefined || at >= list.length) return;
    cursor.set(k, at + 1);
    dMatched[i] = true;
    lMatched[list[at]!] = true;
  });

  const edits: DatasetEdit[] = [];
  const sample: string[] = [];
  const note = (line: string): void => void (sample.length < SAMPLE_SIZE && sample.push(line));
  const present = liveColumns ?? [...new Set(liveRows.flatMap((r) => Object.keys(r.values)))];
  for (const c of present) if (!columns.includes(c)) edits.push({ edit_type: 'remove_column', column_name: c });

  const rowValues = (r: DatasetRow): DatasetRow => Object.fromEntries(columns.map((c) => [c, r[c] ?? null]));
  let changed = 0;
  let added = 0;
  let removed = 0;
  const appends: DatasetEdit[] = [];
  dKeys.forEach((_, i) => {
    if (dMatched[i]) return;
    const row = desiredRows[i]!;
    const live = liveRows[i];
    if (live !== undefined && !lMatched[i]) {
      lMatched[i] = true;
      changed += 1;
      edits.push({ edit_type: 'update_row', row_id: live.rowId, values: rowValues(row) });
      note(`~ ${rowText(columns, live.values)} → ${rowText(columns, row)}`);
    } else {
      added += 1;
      appends.push({ edit_type: 'append_row', values: rowValues(row) });
      note(`+ ${rowText(columns, row)}`);
    }
  });
  liveRows.forEach((r, i) => {
    if (lMatched[i]) return;
    removed += 1;
    edits.push({ edit_type: 'delete_row', row_id: r.rowId });
    note(`- ${rowText(columns, r.values)}`);
  });
  appendAll(edits, appends);
  return { changes: { added, removed, changed, sample }, edits };
}
