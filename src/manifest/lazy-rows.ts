import type { DatasetRow } from '../core/desired-types.js';

/**
 * A dataset's rows, parsed on first use. Its `length` is known up front (from galctl's local cache), so a no-op plan,
 * which needs a dataset's hash, columns and row count but never its rows, parses no dataset file: for a large org,
 * parsing the rows of every file was a second or more of CPU and most of the plan's memory. Anything else read from
 * it (an index, iteration, map, JSON) parses the file once and answers from the rows; writes go to the rows too.
 * It is an array to every reader (Array.isArray holds), so the desired state's type stays `DatasetRow[]`.
 */
export function lazyRows(length: number, parse: () => DatasetRow[]): DatasetRow[] {
  let rows: DatasetRow[] | undefined;
  const load = (): DatasetRow[] => {
    rows ??= parse();
    if (rows.length !== length) throw new Error(`dataset rows: ${rows.length} parsed where ${length} were recorded`);
    return rows;
  };
  // the target is an array (Array.isArray, Array.prototype methods' checks) and stays empty: every trap answers from the rows
  return new Proxy([] as DatasetRow[], {
    get: (_, prop) => {
      if (prop === 'length' && rows === undefined) return length;
      const loaded = load();
      const value: unknown = Reflect.get(loaded, prop);
      // methods run on the rows themselves (map, forEach, iteration at native speed), not through these traps
      return typeof value === 'function' && prop !== 'constructor' ? (value as (...a: unknown[]) => unknown).bind(loaded) : value;
    },
    set: (_, prop, value) => Reflect.set(load(), prop, value),
    has: (_, prop) => Reflect.has(load(), prop),
    ownKeys: () => Reflect.ownKeys(load()),
    getOwnPropertyDescriptor: (_, prop) => {
      const d = Reflect.getOwnPropertyDescriptor(load(), prop);
      // `length` must keep the target's shape (not configurable) for the proxy's invariants
      return prop === 'length' && d !== undefined ? { ...d, configurable: false } : d;
    },
    deleteProperty: (_, prop) => Reflect.deleteProperty(load(), prop),
    defineProperty: (_, prop, desc) => Reflect.defineProperty(load(), prop, desc),
  });
}
