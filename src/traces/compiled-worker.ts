import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** A worker runs compiled JavaScript: from the TypeScript sources (tests) the work is done in the calling thread. */
export function compiledWorkerAvailable(url: URL): boolean {
  return import.meta.url.endsWith('.js') && existsSync(fileURLToPath(url));
}
