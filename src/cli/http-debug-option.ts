import { httpDebugFromEnv } from '../galileo/http-debug.js';
import { escapeControlLines } from '../render/escape-control.js';
import type { Io } from './io.js';

/** `{ debug }` for createGalileoClient when GALCTL_DEBUG asks for HTTP lines (to stderr), else `{}`. */
export function httpDebugOption(io: Io): { debug?: (line: string) => void } {
  // paths carry ids from Galileo: control characters escaped
  const debug = httpDebugFromEnv(io.env, (text) => io.stderr(escapeControlLines(text)));
  return debug === undefined ? {} : { debug };
}
