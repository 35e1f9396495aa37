import { readRegularFile } from '../read-regular-file.js';

/** GitHub's event payloads are small; a larger file is no event payload galctl should parse. */
const MAX_EVENT_BYTES = 25 * 1024 * 1024;

/**
 * The shell side of ci-provenance.ts (the one file of src/runs that does I/O): the parsed JSON of the GitHub
 * Actions event payload named by GITHUB_EVENT_PATH, or undefined when there is none or it cannot be read or
 * parsed. Provenance is a nicety: a missing payload only drops the pull request number and head commit.
 */
export async function readCiEvent(env: Readonly<Record<string, string | undefined>>): Promise<unknown> {
  const file = env['GITHUB_EVENT_PATH'];
  if (env['GITHUB_ACTIONS'] !== 'true' || file === undefined || file === '') return undefined;
  try {
    return JSON.parse((await readRegularFile(file, MAX_EVENT_BYTES)).toString('utf8')) as unknown;
  } catch {
    return undefined;
  }
}
