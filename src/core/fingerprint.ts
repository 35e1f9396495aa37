import { createHash } from 'node:crypto';
import { stableStringify } from './content-hash.js';

/**
 * A short stable hash of what the reader found for one address: its id, canonical state and version
 * pointers. Volatile server fields (updated_at, runs lists) are not part of it, so only a real change moves it.
 */
export function fingerprintOf(id: string, state: unknown, refs?: Record<string, unknown>): string {
  return createHash('sha256')
    .update(stableStringify({ id, state, refs: refs ?? {} }))
    .digest('hex')
    .slice(0, 16);
}
