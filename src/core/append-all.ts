/**
 * Appends `items` to `target` one by one and returns `target`. `target.push(...items)` passes every item as a
 * call argument, and V8 throws "Maximum call stack size exceeded" past ~120k of them (a dataset of 125k rows
 * crashed plan); a loop has no such bound.
 */
export function appendAll<T>(target: T[], items: Iterable<T>): T[] {
  for (const item of items) target.push(item);
  return target;
}

/** The largest of `values`, or `floor` when larger or when there are none (`Math.max(...values)` has the same bound). */
export function maxOf(values: Iterable<number>, floor = -Infinity): number {
  let max = floor;
  for (const v of values) if (v > max) max = v;
  return max;
}
