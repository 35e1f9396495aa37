import { ApiError, flattenErrorDetail } from './api-error.js';
import { isConnectError } from './retry-policy.js';

/** A response read to the end: status, lower-case headers, body text. */
export interface RawResponse {
  status: number;
  headers: Record<string, string>;
  text: string;
  /** the body's size in bytes */
  bytes: number;
}

/** A response body over the client's limit (a runaway or hostile server must not eat the memory): not read further. */
export function bodyTooLarge(status: number, maxBytes: number): ApiError {
  return new ApiError({
    method: '',
    route: '',
    status,
    detail: '',
    code: 'api-response-too-large',
    message: `response larger than ${Math.round(maxBytes / 1024 / 1024)} MB`,
  });
}

/** An error status → ApiError, with the one-line "what to do" for 401/403. */
export function toApiError(method: string, path: string, apiUrl: string, raw: Omit<RawResponse, 'bytes'>, maybeLanded: boolean): ApiError {
  let body: unknown;
  try {
    body = raw.text === '' ? undefined : JSON.parse(raw.text);
  } catch {
    body = undefined;
  }
  const detail = flattenErrorDetail(body, raw.text);
  if (raw.status === 401) {
    return new ApiError({
      method, route: path, status: 401, detail,
      message: `check GALILEO_API_KEY: the API at ${apiUrl} answered 401 (${method} ${path})`,
      hint: 'the key was rejected: create a new one in the Galileo console (Settings → API Keys), and check that GALILEO_API_URL / --api-url is your deployment',
    });
  }
  if (raw.status === 403) {
    return new ApiError({
      method, route: path, status: 403, detail,
      message: `check GALILEO_API_KEY: the API at ${apiUrl} answered 403 to ${method} ${path}${detail === '' ? '' : ` (${detail})`}`,
      hint: 'the key is valid but lacks permission for this: use a key of a user who may manage this resource',
    });
  }
  return new ApiError({
    method, route: path, status: raw.status, detail, maybeLanded,
    ...(maybeLanded ? { hint: 'the request may have been processed; run `galctl plan` to see what exists now' } : {}),
  });
}

/**
 * A request that got no response → ApiError with status 0. `origin`: where the URL came from (describeApiUrlOrigin),
 * named when it cannot be reached.
 */
export function toNetworkError(method: string, path: string, apiUrl: string, err: unknown, maybeLanded: boolean, origin?: { from: string; hint: string }): ApiError {
  const code = (err as { code?: string }).code;
  const message = err instanceof Error ? err.message : String(err);
  const reason = code !== undefined && !message.includes(code) ? `${message} (${code})` : message || (code ?? 'network error');
  if (isConnectError(code)) {
    return new ApiError({
      method, route: path, status: 0, detail: reason, cause: err,
      message: `cannot reach ${apiUrl}${origin === undefined ? '' : ` (${origin.from})`}: ${reason}`,
      hint: origin?.hint ?? 'check GALILEO_API_URL or --api-url, and that the network (or `galctl sim`) is up',
    });
  }
  return new ApiError({
    method, route: path, status: 0, detail: reason, cause: err, maybeLanded,
    message: `${method} ${path}: no response from ${apiUrl}: ${reason}`,
    hint: maybeLanded
      ? 'the request may have been processed; run `galctl plan` to see what exists now'
      : 'check the network and GALILEO_API_URL / --api-url, then run again',
  });
}
