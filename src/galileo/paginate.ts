import { GalctlError } from '../core/errors.js';
import { badResponse, checkRecords, describeValue } from './check-response.js';
import type { GalileoClient, HttpMethod, QueryValue } from './create-client.js';
import { startRead } from './read-limits.js';
import { pagesAhead } from './pages-ahead.js';

/** The envelope every paginated Galileo response carries (galileo-api.md §3.1). */
export interface PageEnvelope {
  starting_token?: number;
  limit?: number;
  paginated?: boolean;
  next_starting_token?: number | null;
}

export interface PageSpec {
  method: HttpMethod;
  path: string;
  /** the array field of the response: `projects`, `scorers`, `datasets`, `experiments`, ... */
  itemsKey: string;
  /** where `starting_token` and `limit` go: query string (list/query endpoints) or JSON body (the `search` endpoints) */
  tokenIn: 'query' | 'body';
  body?: Record<string, unknown>;
  query?: Record<string, QueryValue>;
  /** page size; default 100 */
  limit?: number;
  /** refuse to read more pages than this; default 1000 (100,000 items at the default size) */
  maxPages?: number;
  /** the field every item must carry as a string (default `id`); null for items without one (dataset versions) */
  itemId?: string | null;
  /** reshapes each item before it is checked (a template's `Name` object name → its value) */
  mapItem?: (item: unknown) => unknown;
  /** 'first': each page takes the next free request slot (a list the rest of the read waits for) */
  lane?: 'first';
  /** pages asked for at once from the start (pagesAhead): how many the list had last time; default 1 */
  pagesAhead?: number;
  /** told how many pages the list took, once it is read to the end */
  onPaged?: (pages: number) => void;
}

/** How a whole list is paged: the pages to ask for at once (a hint), and who is told how many it took. */
export type ListPaging = Pick<PageSpec, 'pagesAhead' | 'onPaged'>;

/**
 * All items of a paginated list, page by page. Tokens are integer offsets; the iteration stops on a null or
 * absent `next_starting_token`. A server whose token does not move forward, or never ends, is an error, not a hang;
 * so is a page with more items than asked for, or a list past the client's read limits (items, bytes).
 * Every list/search/query call is read-only, so it is sent as idempotent (retried on failure).
 */
export async function* paginate<T>(client: GalileoClient, spec: PageSpec): AsyncGenerator<T, void, undefined> {
  const limit = spec.limit ?? 100;
  const maxPages = spec.maxPages ?? 1000;
  let token = 0;
  const read = startRead(`${spec.method} ${spec.path}`, client.readLimits);
  const pageAt = pagesAhead(
    (token) =>
      client.request<PageEnvelope & Record<string, unknown>>(spec.method, spec.path, {
        idempotent: true,
        ...(spec.lane === undefined ? {} : { lane: spec.lane }),
        query: spec.tokenIn === 'query' ? { ...spec.query, starting_token: token, limit } : spec.query,
        ...(spec.tokenIn === 'body' ? { body: { ...spec.body, starting_token: token, limit } } : spec.body === undefined ? {} : { body: spec.body }),
      }),
    limit,
    Math.min(spec.pagesAhead ?? 1, maxPages),
  );
  for (let page = 0; ; page += 1) {
    if (page >= maxPages) {
      throw new GalctlError('api-pagination', `${spec.method} ${spec.path}: still paging after ${maxPages} pages`, {
        hint: 'the server keeps returning a next_starting_token; check GALILEO_API_URL, or report it to Galileo',
      });
    }
    const res = await pageAt(token);
    // a list that is missing or malformed must stop the read: taken as empty, it would plan (and apply) duplicates
    const data = checkPage(spec, res.data, limit);
    const items = data[spec.itemsKey] as unknown[];
    read.add(items.length, res.bytes);
    for (const item of items) yield item as T;
    const next = data.next_starting_token;
    const end = (): void => spec.onPaged?.(page + 1);
    if (next === null || next === undefined) return end();
    if (typeof next !== 'number' || !Number.isInteger(next) || next <= token) {
      throw new GalctlError('api-pagination', `${spec.method} ${spec.path}: next_starting_token ${JSON.stringify(next)} does not move past ${token}`, {
        hint: 'the server returned a pagination token that would loop; report it to Galileo',
      });
    }
    if (items.length === 0) return end(); // an empty page with a next token would loop forever
    token = next;
  }
}

/** The page as an object whose items (at most `limit`: no more than asked for) pass checkRecords. */
function checkPage(spec: PageSpec, data: unknown, limit: number): PageEnvelope & Record<string, unknown> {
  const where = `${spec.method} ${spec.path}`;
  if (data === null || typeof data !== 'object' || Array.isArray(data)) throw badResponse(where, `expected an object with "${spec.itemsKey}", got ${describeValue(data)}`);
  const page = data as PageEnvelope & Record<string, unknown>;
  if (spec.mapItem !== undefined && Array.isArray(page[spec.itemsKey])) page[spec.itemsKey] = (page[spec.itemsKey] as unknown[]).map(spec.mapItem);
  const items = page[spec.itemsKey];
  if (Array.isArray(items) && items.length > limit) throw badResponse(where, `${items.length} ${spec.itemsKey} in a page of ${limit}`);
  checkRecords(where, spec.itemsKey, items, spec.itemId === undefined ? 'id' : spec.itemId);
  return page;
}

/** Collects an async iterable into an array. */
export async function collect<T>(items: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of items) out.push(item);
  return out;
}

/** Splits a list into chunks of at most `size` (filters like `name one_of` take ≤100 values at a time). */
export function chunk<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}
