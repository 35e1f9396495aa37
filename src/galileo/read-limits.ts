import { GalctlError } from '../core/errors.js';

/**
 * How much one read (a whole paginated list, all the rows of a dataset) may accumulate. A server that sends endless
 * pages, or pages of tiny items, must end in a clear error, not in a heap crash minutes later.
 */
export interface ReadLimits {
  maxItems: number;
  maxBytes: number;
}

/** A million items or 512 MB of response bodies per read: far above any real org, well below the heap's limit. */
export const DEFAULT_READ_LIMITS: ReadLimits = { maxItems: 1_000_000, maxBytes: 512 * 1024 * 1024 };

/** A counter for one read: `add(items, bytes)` after each page throws once the read is over a limit. */
export function startRead(where: string, limits: ReadLimits): { add(items: number, bytes: number): void } {
  let items = 0;
  let bytes = 0;
  return {
    add(n, b) {
      items += n;
      bytes += b;
      if (items <= limits.maxItems && bytes <= limits.maxBytes) return;
      const what = items > limits.maxItems ? `more than ${limits.maxItems.toLocaleString('en-US')} items` : `more than ${Math.round(limits.maxBytes / 1024 / 1024)} MB`;
      throw new GalctlError('api-read-too-large', `${where}: the server sent ${what} for one list; stopped reading`, {
        hint: 'a list this long is not what Galileo sends: check GALILEO_API_URL / --api-url, or report it to Galileo',
      });
    },
  };
}
