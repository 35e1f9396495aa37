import { GalctlError } from '../core/errors.js';

/**
 * A request Galileo answered with an error status, or that never got an answer. The message names the request
 * (`POST /scorers: 422 name already exists`) and never carries the API key or any header.
 */
export class ApiError extends GalctlError {
  readonly method: string;
  /** concrete path (with ids), no query string, no host */
  readonly route: string;
  /** HTTP status; 0 when the request got no answer (network error, timeout) */
  readonly status: number;
  /** the server's error detail flattened to one line */
  readonly detail: string;
  /**
   * true when a non-idempotent request (a create) failed in a way that leaves it unknown whether the server
   * processed it (connection dropped mid-request, any 5xx, 408, 429). The caller re-checks by name instead of
   * re-sending.
   */
  readonly maybeLanded: boolean;

  constructor(opts: {
    method: string;
    route: string;
    status: number;
    detail: string;
    maybeLanded?: boolean;
    message?: string;
    code?: string;
    hint?: string;
    cause?: unknown;
  }) {
    const message = opts.message ?? `${opts.method} ${opts.route}: ${opts.status === 0 ? 'no response' : opts.status}${opts.detail === '' ? '' : ` ${opts.detail}`}`;
    super(opts.code ?? codeForStatus(opts.status), message, {
      ...(opts.hint === undefined ? {} : { hint: opts.hint }),
      ...(opts.cause === undefined ? {} : { cause: opts.cause }),
    });
    this.name = 'ApiError';
    this.method = opts.method;
    this.route = opts.route;
    this.status = opts.status;
    this.detail = opts.detail;
    this.maybeLanded = opts.maybeLanded ?? false;
  }
}

function codeForStatus(status: number): string {
  if (status === 0) return 'api-unreachable';
  if (status === 401 || status === 403) return 'api-auth';
  if (status === 404) return 'api-not-found';
  if (status === 409 || status === 422) return 'api-rejected';
  if (status === 429) return 'api-rate-limited';
  if (status >= 500) return 'api-server-error';
  return 'api-error';
}

/**
 * A create hit an existing resource: Galileo answers 422 with "already exists" in the detail, or any 409 (the
 * Python SDK maps every 409 to its ConflictError, whatever the detail says).
 */
export function isAlreadyExists(err: unknown): boolean {
  return err instanceof ApiError && (err.status === 409 || (err.status === 422 && /already exists/i.test(err.detail)));
}

export function isNotFound(err: unknown): boolean {
  return err instanceof ApiError && err.status === 404;
}

const MAX_DETAIL = 300;

/**
 * FastAPI and Galileo error bodies → one line: `{"detail": "..."}`, `{"detail": [{loc, msg}]}` (validation),
 * `{"standard_error": {message}}`, or anything else (first characters of the text).
 */
export function flattenErrorDetail(body: unknown, rawText = ''): string {
  const text = detailText(body) ?? snippet(rawText);
  const oneLine = text.replace(/\s+/g, ' ').trim();
  const short = oneLine.length > MAX_DETAIL ? `${oneLine.slice(0, MAX_DETAIL)}…` : oneLine;
  // "Name already exists" → "name already exists" (house style is lowercase), but keep acronyms like "ETag"
  return short.replace(/^([A-Z])(?=[a-z\s])/, (c) => c.toLowerCase());
}

function detailText(body: unknown): string | undefined {
  if (body === null || typeof body !== 'object') return typeof body === 'string' && body !== '' ? body : undefined;
  const obj = body as Record<string, unknown>;
  const detail = obj['detail'];
  if (typeof detail === 'string') return detail;
  if (Array.isArray(detail)) {
    return detail
      .map((item) => {
        if (item === null || typeof item !== 'object') return String(item);
        const { loc, msg } = item as { loc?: unknown; msg?: unknown };
        const where = Array.isArray(loc) ? loc.filter((p) => p !== 'body').join('.') : '';
        const what = typeof msg === 'string' ? msg : JSON.stringify(item);
        return where === '' ? what : `${where}: ${what}`;
      })
      .join('; ');
  }
  if (detail !== undefined && detail !== null) return JSON.stringify(detail);
  const std = obj['standard_error'];
  if (std !== null && typeof std === 'object') {
    const { message, user_action: action } = std as { message?: unknown; user_action?: unknown };
    if (typeof message === 'string') return typeof action === 'string' && action !== '' ? `${message} (${action})` : message;
  }
  if (typeof obj['message'] === 'string') return obj['message'];
  return undefined;
}

/** The first ~100 characters of a non-JSON body (an HTML error page), tags stripped. */
export function snippet(text: string, max = 100): string {
  const plain = text.replace(/<[^>]*>/g, ' ').replace(/\s+/g, ' ').trim();
  return plain.length > max ? `${plain.slice(0, max)}…` : plain;
}
