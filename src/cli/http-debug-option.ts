import { httpDebugFromEnv } from '../galileo/http-debug.js';
import type { Io } from './io.js';

/** `{ debug }` for createGalileoClient when GALCTL_DEBUG asks for HTTP lines (to stderr), else `{}`. */
export function httpDebugOption(io: Io): { debug?: (line: string) => void } {
  const debug = httpDebugFromEnv(io.env, io.stderr);
  return debug === undefined ? {} : { debug };
}
