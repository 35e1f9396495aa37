import type { Agent as AgentClass, Dispatcher } from 'undici';
import AgentImpl from 'undici/lib/dispatcher/agent.js';
import type { RawResponse } from './read-response.js';

/**
 * undici's Agent, loaded from its own module: undici's index also loads every other dispatcher, fetch, WebSocket,
 * cookies, caches and mocks, about 60 ms of every command's start-up (issue 22).
 */
export const Agent: typeof AgentClass = AgentImpl;

export interface ExchangeOptions {
  method: Dispatcher.HttpMethod;
  headers: Record<string, string>;
  body?: string | Buffer;
  /** aborts the exchange at any point, with the signal's reason as the error */
  signal: AbortSignal;
  headersTimeout: number;
  bodyTimeout: number;
  /** a body larger than this aborts the exchange with `tooLarge(status)` */
  maxBytes: number;
  tooLarge: (status: number) => Error;
}

/**
 * One request on `dispatcher`, its response read to the end (RawResponse), through undici's dispatch API with a
 * handler that keeps the body's chunks: undici's `request` wraps every response in a Readable stream (and an async
 * resource), which cost more of the main thread than the request itself (issue 22: 1,521 requests of a no-op plan).
 * Errors are undici's (their `code`s: UND_ERR_SOCKET, ECONNREFUSED, …), the signal's reason, or `tooLarge`.
 */
export function exchange(dispatcher: Dispatcher, url: URL, opts: ExchangeOptions): Promise<RawResponse> {
  return new Promise<RawResponse>((resolve, reject) => {
    let abort: ((err: Error) => void) | undefined;
    let reason: Error | undefined;
    let status = 0;
    let headers: Record<string, string> = {};
    const chunks: Buffer[] = [];
    let bytes = 0;
    const { signal } = opts;
    const onAbort = (): void => {
      const why = signal.reason instanceof Error ? signal.reason : new Error('aborted');
      if (abort === undefined) reason = why;
      else abort(why);
    };
    if (signal.aborted) onAbort();
    else signal.addEventListener('abort', onAbort, { once: true });
    const settle = (): void => signal.removeEventListener('abort', onAbort);
    const handler: Dispatcher.DispatchHandler = {
      onConnect(abortRequest) {
        if (reason !== undefined) abortRequest(reason);
        else abort = abortRequest;
      },
      onHeaders(statusCode, rawHeaders) {
        if (statusCode < 200) return true; // an informational answer: the response follows
        status = statusCode;
        headers = lowerCaseHeaders(rawHeaders);
        return true;
      },
      onData(chunk) {
        bytes += chunk.length;
        if (bytes > opts.maxBytes) {
          abort?.(opts.tooLarge(status));
          return false;
        }
        chunks.push(chunk);
        return true;
      },
      onComplete() {
        settle();
        // most answers come in one chunk: decoded as it is, not copied first
        const whole = chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, bytes);
        resolve({ status, headers, text: whole.toString('utf8'), bytes });
      },
      onError(err) {
        settle();
        reject(err);
      },
    };
    dispatcher.dispatch(
      {
        origin: url.origin,
        path: `${url.pathname}${url.search}`,
        method: opts.method,
        headers: opts.headers,
        ...(opts.body === undefined ? {} : { body: opts.body }),
        headersTimeout: opts.headersTimeout,
        bodyTimeout: opts.bodyTimeout,
      },
      handler,
    );
  });
}

/** A response's raw header list (name, value, name, value…) as lower-case names → values, repeats joined by ", ". */
function lowerCaseHeaders(raw: Buffer[] | string[] | null): Record<string, string> {
  const out: Record<string, string> = {};
  if (raw === null) return out;
  for (let i = 0; i + 1 < raw.length; i += 2) {
    const name = raw[i]!.toString('latin1').toLowerCase();
    if (name === '__proto__') continue;
    const value = raw[i + 1]!.toString('latin1');
    out[name] = Object.hasOwn(out, name) ? `${out[name]}, ${value}` : value;
  }
  return out;
}
