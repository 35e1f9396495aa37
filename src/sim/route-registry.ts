import { Router, type Handler } from './router.js';
import type { RouteRow } from './route-table.js';

/**
 * A router built from route-table rows and the handlers `register` adds under their ids. Every row needs exactly one
 * handler and every handler a row; otherwise this throws (the simulator does not start). `mirror` (`/v2`) serves each
 * row under that prefix too.
 */
export function routerFromTable<Id extends string>(
  rows: readonly (RouteRow & { readonly id: Id })[],
  register: (add: (id: Id, handler: Handler) => void) => void,
  mirror?: string,
): Router {
  const handlers = new Map<string, Handler>();
  register((id, handler) => {
    if (handlers.has(id)) throw new Error(`simulator route ${id}: registered twice`);
    handlers.set(id, handler);
  });
  const router = new Router();
  for (const row of rows) {
    const handler = handlers.get(row.id);
    if (handler === undefined) throw new Error(`simulator route ${row.id} (${row.method} ${row.path}): no handler registered`);
    handlers.delete(row.id);
    router.add(row.method, row.path, handler);
    if (mirror !== undefined) router.add(row.method, `${mirror}${row.path}`, handler);
  }
  if (handlers.size > 0) throw new Error(`simulator handlers without a route-table row: ${[...handlers.keys()].join(', ')}`);
  return router;
}
