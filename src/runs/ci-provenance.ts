/** Where a run came from, when a CI made it: the commit, the branch and the pull / merge request. */
export interface CiProvenance {
  ci: 'github' | 'gitlab';
  commit?: string;
  branch?: string;
  /** pull request (GitHub) or merge request IID (GitLab) number, as a string */
  pullRequest?: string;
}

type Env = Readonly<Record<string, string | undefined>>;

const nonEmpty = (value: string | undefined): string | undefined => (value === undefined || value === '' ? undefined : value);

/** A JSON object's member by path, when every step is an object; undefined otherwise. */
function member(value: unknown, ...path: string[]): unknown {
  let at = value;
  for (const key of path) {
    if (at === null || typeof at !== 'object' || Array.isArray(at)) return undefined;
    at = (at as Record<string, unknown>)[key];
  }
  return at;
}

function asText(value: unknown): string | undefined {
  if (typeof value === 'number' && Number.isInteger(value)) return String(value);
  return typeof value === 'string' ? nonEmpty(value) : undefined;
}

/**
 * GitHub Actions (`GITHUB_ACTIONS=true`). `event` is the parsed JSON of the file GITHUB_EVENT_PATH names (read
 * by the caller: see read-ci-event.ts). On a pull_request event the commit is the pull request's head (what the
 * author pushed), not GITHUB_SHA (a merge commit GitHub made up), and the branch is GITHUB_HEAD_REF; otherwise
 * GITHUB_SHA, and GITHUB_REF_NAME when the ref is a branch (not a tag). The number comes from the event, else
 * from a `refs/pull/<n>/merge` ref.
 */
function github(env: Env, event: unknown): CiProvenance {
  const ref = env['GITHUB_REF'] ?? '';
  const isBranch = env['GITHUB_REF_TYPE'] === 'branch' || ref.startsWith('refs/heads/');
  const commit = asText(member(event, 'pull_request', 'head', 'sha')) ?? nonEmpty(env['GITHUB_SHA']);
  const branch = nonEmpty(env['GITHUB_HEAD_REF']) ?? (isBranch ? nonEmpty(env['GITHUB_REF_NAME']) : undefined);
  const pullRequest = asText(member(event, 'pull_request', 'number')) ?? /^refs\/pull\/(\d+)\/(?:merge|head)$/.exec(ref)?.[1];
  return withDefined({ ci: 'github', commit, branch, pullRequest });
}

/**
 * GitLab CI (`GITLAB_CI=true`): CI_COMMIT_SHA; the branch is the merge request's source branch in a merge request
 * pipeline, else CI_COMMIT_BRANCH, else CI_COMMIT_REF_NAME unless the pipeline runs for a tag; CI_MERGE_REQUEST_IID.
 */
function gitlab(env: Env): CiProvenance {
  const branch =
    nonEmpty(env['CI_MERGE_REQUEST_SOURCE_BRANCH_NAME']) ??
    nonEmpty(env['CI_COMMIT_BRANCH']) ??
    (nonEmpty(env['CI_COMMIT_TAG']) === undefined ? nonEmpty(env['CI_COMMIT_REF_NAME']) : undefined);
  return withDefined({ ci: 'gitlab', commit: nonEmpty(env['CI_COMMIT_SHA']), branch, pullRequest: nonEmpty(env['CI_MERGE_REQUEST_IID']) });
}

function withDefined(p: CiProvenance): CiProvenance {
  return Object.fromEntries(Object.entries(p).filter(([, v]) => v !== undefined)) as unknown as CiProvenance;
}

/** The CI provenance of this process, from its environment (and GitHub's event payload); undefined outside CI. */
export function ciProvenance(env: Env, event?: unknown): CiProvenance | undefined {
  if (env['GITHUB_ACTIONS'] === 'true') return github(env, event);
  if (env['GITLAB_CI'] === 'true') return gitlab(env);
  return undefined;
}
