import { GalctlError } from '../core/errors.js';

/** The marker that finds galctl's one plan comment on a pull request again. */
export const PLAN_MARKER = '<!-- galctl-plan -->';

/** The marker of the preview comment: the plan, then the preview's results (`galctl preview --format markdown`'s first line). */
export const PREVIEW_MARKER = '<!-- galctl-preview -->';

/** A pull request holds one galctl comment: either marker finds it, and the command that ran last rewrites it. */
const STICKY_MARKERS = [PLAN_MARKER, PREVIEW_MARKER];

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
 * Creates or updates galctl's one comment on the pull request, through the REST API: lists the comments (every
 * page), PATCHes the bot's comment that holds a galctl marker (plan or preview: the preview comment replaces the
 * plan comment, and the other way round), else POSTs a new one; the body starts with `marker`. Only a bot's
 * comment counts (the token is the workflow's), so a person quoting a marker is left alone.
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
    const mine = comments.find((c) => c.user?.type === 'Bot' && STICKY_MARKERS.some((m) => (c.body ?? '').includes(m)));
    if (mine !== undefined) {
      await call('PATCH', `${base}/comments/${mine.id}`, { body: fullBody });
      return 'updated';
    }
    if (comments.length < 100) break;
  }
  await call('POST', `${base}/${target.number}/comments`, { body: fullBody });
  return 'created';
}
