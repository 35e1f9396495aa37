import { GalctlError } from '../core/errors.js';

/** The marker that finds galctl's one plan comment on a pull request again. */
export const PLAN_MARKER = '<!-- galctl-plan -->';

export interface StickyCommentTarget {
  /** GITHUB_API_URL, e.g. https://api.github.com */
  apiUrl: string;
  token: string;
  /** owner/name */
  repository: string;
  /** the pull request's number (PR comments are issue comments) */
  number: number;
  signal?: AbortSignal;
}

interface IssueComment {
  id: number;
  body?: string | null;
  user?: { type?: string } | null;
}

/**
 * Creates or updates the one comment holding `marker` on the pull request, through the REST API: lists the
 * comments (every page), PATCHes the bot's comment that holds the marker, else POSTs a new one. Only a bot's
 * comment counts (the token is the workflow's), so a person quoting the marker is left alone.
 */
export async function upsertStickyComment(target: StickyCommentTarget, body: string, marker = PLAN_MARKER): Promise<'created' | 'updated'> {
  const base = `${target.apiUrl.replace(/\/+$/, '')}/repos/${target.repository}/issues`;
  const call = async (method: string, url: string, payload?: unknown): Promise<unknown> => {
    const res = await fetch(url, {
      method,
      headers: {
        authorization: `Bearer ${target.token}`,
        accept: 'application/vnd.github+json',
        'x-github-api-version': '2022-11-28',
        ...(payload === undefined ? {} : { 'content-type': 'application/json' }),
      },
      ...(payload === undefined ? {} : { body: JSON.stringify(payload) }),
      ...(target.signal === undefined ? {} : { signal: target.signal }),
    });
    if (!res.ok) {
      throw new GalctlError('comment-failed', `${method} ${new URL(url).pathname}: HTTP ${res.status}`, {
        hint: 'give the job `permissions: pull-requests: write`, or set the input comment: false',
      });
    }
    return res.json();
  };
  const fullBody = body.startsWith(marker) ? body : `${marker}\n${body}`;
  for (let page = 1; ; page++) {
    const comments = (await call('GET', `${base}/${target.number}/comments?per_page=100&page=${page}`)) as IssueComment[];
    const mine = comments.find((c) => c.user?.type === 'Bot' && (c.body ?? '').includes(marker));
    if (mine !== undefined) {
      await call('PATCH', `${base}/comments/${mine.id}`, { body: fullBody });
      return 'updated';
    }
    if (comments.length < 100) break;
  }
  await call('POST', `${base}/${target.number}/comments`, { body: fullBody });
  return 'created';
}
