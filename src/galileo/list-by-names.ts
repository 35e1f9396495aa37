import type { GalileoClient } from './create-client.js';
import { nameFilter, NAMES_PER_CALL } from './filters.js';
import { chunk, collect, paginate, type PageSpec } from './paginate.js';
import type { CollectionFilter } from './types.js';

/**
 * Every item of a collection list/search endpoint whose name is one of `names` (all items when `names` is
 * undefined), ANDed with `extra` filters. Long name lists are split into calls of NAMES_PER_CALL names, sent in
 * parallel (under the client's concurrency limit), each paged to the end. The spec's paging hint (ListPaging) is
 * followed for the whole list only.
 */
export async function listByNames<T>(
  client: GalileoClient,
  spec: Omit<PageSpec, 'body'>,
  names: readonly string[] | undefined,
  extra: CollectionFilter[] = [],
): Promise<T[]> {
  const groups = names === undefined ? [undefined] : chunk(names, NAMES_PER_CALL);
  // a page hint is a whole list's (ListPaging): calls by names page on their own
  const { pagesAhead, onPaged, ...each } = spec;
  const paged = names === undefined ? spec : each;
  const pages = await Promise.all(
    groups.map((group) => {
      const filters = [...(group === undefined ? [] : [nameFilter(group)]), ...extra];
      // list/query endpoints take an absent filter list; the `search` ones (paging in the body) want `filters: []`
      const body = filters.length === 0 && spec.tokenIn === 'query' ? {} : { filters };
      return collect(paginate<T>(client, { ...paged, body }));
    }),
  );
  return pages.flat();
}
