import { createHash } from 'node:crypto';
import { cacheDirFor, localCache } from '../../traces/local-cache.js';

/** Cache entries (local-cache.ts): how many pages each of the org's lists had, by API URL. */
export const LIST_PAGES_CACHE = 'list-pages';

/** The org lists a plan reads first, one after another page by page (startOrgLists). */
export type OrgList = 'projects' | 'scorers' | 'datasets';

/** A hint above this is not followed: an org that shrank would cost at most this many pages read for nothing. */
const MAX_HINTED_PAGES = 100;

/**
 * How many pages each org list had when galctl last read it against this API: a plan asks for that many pages at
 * once (pagesAhead) instead of one round trip per page. Only a hint: a list that grew is read on page by page, one
 * that shrank costs the pages past its end. Kept in galctl's local cache beside the manifest (counts, nothing else).
 */
export interface ListPageHints {
  pagesOf(list: OrgList): number | undefined;
  /** how many pages the list took now: written for the next command once every list is in (save) */
  record(list: OrgList, pages: number): void;
  save(): Promise<void>;
}

/** The hints for the manifest in `manifestDir` against the API at `apiUrl` (none recorded: no hint). */
export async function listPageHints(manifestDir: string, apiUrl: string): Promise<ListPageHints> {
  const cache = localCache(cacheDirFor(manifestDir));
  const key = createHash('sha256').update(`org-lists\n${apiUrl}`).digest('hex');
  const stored = await cache.get<unknown>(LIST_PAGES_CACHE, key).catch(() => undefined);
  const before = stored !== null && typeof stored === 'object' ? (stored as Partial<Record<OrgList, unknown>>) : {};
  const now: Partial<Record<OrgList, number>> = {};
  return {
    pagesOf(list) {
      const n = before[list];
      return typeof n === 'number' && Number.isInteger(n) && n >= 1 && n <= MAX_HINTED_PAGES ? n : undefined;
    },
    record(list, pages) {
      now[list] = pages;
    },
    async save() {
      if ((['projects', 'scorers', 'datasets'] as const).some((l) => now[l] !== before[l])) await cache.put(LIST_PAGES_CACHE, key, { ...now });
    },
  };
}
