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

/** What the action needs of a pull request event (GITHUB_EVENT_PATH). */
export interface PullRequestEvent {
  number: number;
  /** the event's activity: opened, synchronize, reopened, closed… ('' when absent) */
  action: string;
  /** the head branch lives in another repository than the base: a fork, which gets no secrets */
  fromFork: boolean;
}

/** The pull request of the event payload (GITHUB_EVENT_PATH), or undefined outside a pull request. */
export async function readPullRequest(env: Record<string, string | undefined>): Promise<PullRequestEvent | undefined> {
  const file = env['GITHUB_EVENT_PATH'];
  if (file === undefined || file === '') return undefined;
  const event = JSON.parse(await readFile(file, 'utf8')) as {
    action?: unknown;
    pull_request?: { number?: unknown; head?: { repo?: { full_name?: unknown } | null }; base?: { repo?: { full_name?: unknown } | null } };
  };
  const pr = event.pull_request;
  if (pr === undefined || typeof pr.number !== 'number') return undefined;
  const head = pr.head?.repo?.full_name;
  const base = pr.base?.repo?.full_name;
  return {
    number: pr.number,
    action: typeof event.action === 'string' ? event.action : '',
    // a deleted fork has no head repository: still not this repository
    fromFork: pr.head !== undefined && typeof base === 'string' && head !== base,
  };
}

/** The pull request's number from the event payload (GITHUB_EVENT_PATH), or undefined outside a pull request. */
export async function pullRequestNumber(env: Record<string, string | undefined>): Promise<number | undefined> {
  return (await readPullRequest(env))?.number;
}
