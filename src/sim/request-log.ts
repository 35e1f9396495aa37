import { createHash } from 'node:crypto';
import type { ServerResponse } from 'node:http';
import { objectBody } from './body.js';
import { SimHttpError } from './http-error.js';
import type { Handler } from './router.js';

/** Bodies up to this size are kept whole (parsed JSON); larger ones keep their top-level scalar fields only. */
export const REQUEST_LOG_BODY_CAP = 64 * 1024;

/** One API request as the simulator received it (after the fault knobs let it through). */
export interface LoggedRequest {
  /** 1, 2, 3… in arrival order */
  seq: number;
  method: string;
  /** the path as sent, without query string (so `/v2/…` when mirrored) */
  path: string;
  /** the matched route template (`/projects/:project_id/traces`), or null when no route matched */
  route: string | null;
  query: string;
  /** the response status; 0 until the response is finished */
  status: number;
  /** raw body size in bytes */
  bytes: number;
  /** sha256 of the raw body, hex */
  sha256: string;
  content_type: string | null;
  /** the parsed JSON body when it is JSON and at most REQUEST_LOG_BODY_CAP bytes */
  body?: unknown;
  /** for a larger JSON object: its top-level string/number/boolean/null fields (ids, flags) */
  scalars?: Record<string, unknown>;
}

/**
 * The request recorder: off by default (`startSimulator({ recordRequests: true })` or `POST /__sim/requests
 * {"recording": true}`), so a long-running simulator does not grow. Tests read the sequence to check ordering
 * rules over what a client sent.
 */
export class RequestLog {
  private entries: LoggedRequest[] = [];

  constructor(public recording = false) {}

  record(method: string, path: string, route: string | undefined, query: string, rawBody: Buffer, contentType: string | undefined, res: ServerResponse): void {
    if (!this.recording) return;
    const entry: LoggedRequest = {
      seq: this.entries.length + 1, method, path, route: route ?? null, query, status: 0, bytes: rawBody.length,
      sha256: createHash('sha256').update(rawBody).digest('hex'), content_type: contentType ?? null,
      ...jsonDigest(rawBody, contentType),
    };
    this.entries.push(entry);
    res.once('finish', () => {
      entry.status = res.statusCode;
    });
  }

  list(): LoggedRequest[] {
    return this.entries.slice();
  }

  /** turns recording on or off; either way the log starts empty */
  set(recording: boolean): void {
    this.recording = recording;
    this.entries = [];
  }
}

function jsonDigest(raw: Buffer, contentType: string | undefined): Pick<LoggedRequest, 'body' | 'scalars'> {
  if (raw.length === 0 || !(contentType ?? '').includes('json')) return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw.toString('utf8'));
  } catch {
    return {};
  }
  if (raw.length <= REQUEST_LOG_BODY_CAP) return { body: parsed };
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) return {};
  const scalars = Object.fromEntries(Object.entries(parsed).filter(([, v]) => v === null || typeof v !== 'object'));
  return { scalars };
}

/** `GET /__sim/requests` → `{recording, requests}`; `POST /__sim/requests {"recording": bool}` → on/off and clear. */
export function requestLogRoutes(log: RequestLog, add: (id: 'sim:get_requests' | 'sim:set_requests', handler: Handler) => void): void {
  add('sim:get_requests', () => ({ body: { recording: log.recording, requests: log.list() } }));
  add('sim:set_requests', (ctx) => {
    const recording = objectBody(ctx)['recording'];
    if (typeof recording !== 'boolean') throw new SimHttpError(422, { detail: 'requests: send {"recording": true|false}' });
    log.set(recording);
    return { body: { recording: log.recording, requests: [] } };
  });
}
