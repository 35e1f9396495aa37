import { appendFile, readFile } from 'node:fs/promises';

/** Appends `name=value` lines to the step's GITHUB_OUTPUT file (values are single-line). Nothing without one. */
export async function writeOutputs(env: Record<string, string | undefined>, outputs: Record<string, string>): Promise<void> {
  const file = env['GITHUB_OUTPUT'];
  if (file === undefined || file === '') return;
  await appendFile(file, Object.entries(outputs).map(([k, v]) => `${k}=${v.replace(/[\r\n]/g, ' ')}\n`).join(''));
}

/** Appends markdown to the job summary (GITHUB_STEP_SUMMARY). Nothing without one. */
export async function appendSummary(env: Record<string, string | undefined>, markdown: string): Promise<void> {
  const file = env['GITHUB_STEP_SUMMARY'];
  if (file === undefined || file === '') return;
  await appendFile(file, markdown.endsWith('\n') ? markdown : `${markdown}\n`);
}

/** The pull request's number from the event payload (GITHUB_EVENT_PATH), or undefined outside a pull request. */
export async function pullRequestNumber(env: Record<string, string | undefined>): Promise<number | undefined> {
  const file = env['GITHUB_EVENT_PATH'];
  if (file === undefined || file === '') return undefined;
  const event = JSON.parse(await readFile(file, 'utf8')) as { pull_request?: { number?: unknown } };
  const n = event.pull_request?.number;
  return typeof n === 'number' ? n : undefined;
}
