import type { ParsedArgs } from './command.js';
import type { Io } from './io.js';
import { parseDuration } from '../core/parse-duration.js';

/** The help lines of `--request-timeout`, for the commands that talk to Galileo. */
export const REQUEST_TIMEOUT_HELP = `      --request-timeout DURATION
                           the longest one request may take, retries included (default 2m; also
                           GALCTL_REQUEST_TIMEOUT)`;

/**
 * `{ budgetMs }` for createGalileoClient from `--request-timeout`, else `GALCTL_REQUEST_TIMEOUT`, else `{}` (the
 * client's default, 2 minutes): how long a stuck request may hold the command, all its attempts together.
 */
export function requestTimeoutOption(io: Io, values: ParsedArgs['values']): { budgetMs?: number } {
  const flag = values['request-timeout'];
  if (typeof flag === 'string') return { budgetMs: parseDuration(flag, '--request-timeout') };
  const env = io.env['GALCTL_REQUEST_TIMEOUT'];
  if (env !== undefined && env.trim() !== '') return { budgetMs: parseDuration(env, 'GALCTL_REQUEST_TIMEOUT') };
  return {};
}
