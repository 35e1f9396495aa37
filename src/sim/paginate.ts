import { invalid } from './http-error.js';
import type { RouteContext } from './router.js';

export interface Page {
  starting_token: number;
  limit: number;
}

export interface Envelope {
  starting_token: number;
  limit: number;
  paginated: boolean;
  next_starting_token: number | null;
}

export const DEFAULT_LIMIT = 100;

/** Offset token + limit from the query string (list/query endpoints) [GEN src/funcs]. */
export function pageFromQuery(ctx: RouteContext): Page {
  return {
    starting_token: intParam(ctx.query.get('starting_token'), 0, ['query', 'starting_token']),
    limit: intParam(ctx.query.get('limit'), DEFAULT_LIMIT, ['query', 'limit']),
  };
}

/** Offset token + limit from a JSON body (the search endpoints) [GEN src/funcs]. */
export function pageFromBody(body: Record<string, unknown>): Page {
  return {
    starting_token: intValue(body['starting_token'], 0, ['body', 'starting_token']),
    limit: intValue(body['limit'], DEFAULT_LIMIT, ['body', 'limit']),
  };
}

/** Slices one page; `next_starting_token` is the next offset, or null at the end. */
export function paginate<T>(items: T[], page: Page): { items: T[]; envelope: Envelope } {
  const start = page.starting_token;
  const slice = items.slice(start, start + page.limit);
  const next = start + page.limit < items.length ? start + page.limit : null;
  return {
    items: slice,
    envelope: { starting_token: start, limit: page.limit, paginated: next !== null, next_starting_token: next },
  };
}

function intParam(raw: string | null, dflt: number, loc: string[]): number {
  if (raw === null || raw === '') return dflt;
  return intValue(Number(raw), dflt, loc, raw);
}

function intValue(v: unknown, dflt: number, loc: string[], input: unknown = v): number {
  if (v === undefined || v === null) return dflt;
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 0) {
    throw invalid(loc, 'Input should be a valid integer, unable to parse string as an integer', 'int_parsing', input);
  }
  return v;
}
