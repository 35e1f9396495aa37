import type { DatasetRow } from '../core/desired-types.js';

/** Rows a plan shows of a dataset to create (its sample): lazyRows' head, kept when the file is parsed to be hashed. */
export const LAZY_ROWS_HEAD = 3;

export interface LazyRowsOptions {
  /** the first rows, known without parsing (the parse that hashed the file): reads of their indexes parse nothing */
  head?: readonly DatasetRow[];
}

/**
 * A dataset's rows, parsed on use and not held. Its `length` is known up front (from galctl's local cache, or from
 * the parse that hashed the file), so a no-op plan, which needs a dataset's hash, columns and row count but never its
 * rows, parses no dataset file: for a large org, parsing the rows of every file was a second or more of CPU and most
 * of the plan's memory. Anything else read from it (an index past the head, iteration, map, JSON) parses the file
 * and answers from the rows. The parsed rows are held only weakly: once their reader is done with them they may be
 * collected (a read after that parses again, the same rows), so an apply from empty does not keep every dataset's
 * rows for its whole run (300,000 rows were 50 MB of live heap, and V8 lets the heap grow to a multiple of what is
 * live). A write pins the rows (they are held from then on, so the write is never lost).
 * It is an array to every reader (Array.isArray holds), so the desired state's type stays `DatasetRow[]`.
 */
export function lazyRows(length: number, parse: () => DatasetRow[], opts: LazyRowsOptions = {}): DatasetRow[] {
  let weak: WeakRef<DatasetRow[]> | undefined;
  let pinned: DatasetRow[] | undefined;
  const held = (): DatasetRow[] | undefined => pinned ?? weak?.deref();
  const load = (): DatasetRow[] => {
    const known = held();
    if (known !== undefined) return known;
    const rows = parse();
    if (rows.length !== length) throw new Error(`dataset rows: ${rows.length} parsed where ${length} were recorded (galctl's local cache disagrees with the file: delete .galctl/cache and run again)`);
    weak = new WeakRef(rows);
    return rows;
  };
  const pin = (): DatasetRow[] => (pinned ??= load());
  const head = opts.head ?? [];
  /** an index the head answers (as long as nothing was written: the rows then answer everything) */
  const inHead = (prop: string | symbol): number | undefined => {
    if (pinned !== undefined || typeof prop !== 'string') return undefined;
    const i = Number(prop);
    return Number.isInteger(i) && i >= 0 && i < head.length && i < length && String(i) === prop ? i : undefined;
  };
  // the target is an array (Array.isArray, Array.prototype methods' checks) and stays empty: every trap answers from the rows
  return new Proxy([] as DatasetRow[], {
    get: (_, prop) => {
      if (prop === 'length') return held()?.length ?? length;
      const i = inHead(prop);
      if (i !== undefined) return head[i];
      const loaded = load();
      const value: unknown = Reflect.get(loaded, prop);
      // methods run on the rows themselves (map, forEach, iteration at native speed), not through these traps
      return typeof value === 'function' && prop !== 'constructor' ? (value as (...a: unknown[]) => unknown).bind(loaded) : value;
    },
    set: (_, prop, value) => Reflect.set(pin(), prop, value),
    has: (_, prop) => inHead(prop) !== undefined || Reflect.has(load(), prop),
    ownKeys: () => Reflect.ownKeys(load()),
    getOwnPropertyDescriptor: (_, prop) => {
      const d = Reflect.getOwnPropertyDescriptor(load(), prop);
      // `length` must keep the target's shape (not configurable) for the proxy's invariants
      return prop === 'length' && d !== undefined ? { ...d, configurable: false } : d;
    },
    deleteProperty: (_, prop) => Reflect.deleteProperty(pin(), prop),
    defineProperty: (_, prop, desc) => Reflect.defineProperty(pin(), prop, desc),
  });
}
