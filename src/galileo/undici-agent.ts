import type { Agent as AgentClass, Dispatcher } from 'undici';
import AgentImpl from 'undici/lib/dispatcher/agent.js';
import apiRequest from 'undici/lib/api/api-request.js';

/**
 * undici's Agent and its request API, loaded from their own modules: undici's index also loads every other
 * dispatcher, fetch, WebSocket, cookies, caches and mocks, about 60 ms of every command's start-up (issue 22).
 */
export const Agent: typeof AgentClass = AgentImpl;

/** `request` of undici's index for an absolute URL, on `dispatcher` (what the index's wrapper does, for a string URL). */
export function requestOn(dispatcher: Dispatcher, url: URL, opts: Omit<Dispatcher.RequestOptions, 'origin' | 'path'>): Promise<Dispatcher.ResponseData> {
  return apiRequest.call(dispatcher, { ...opts, origin: url.origin, path: `${url.pathname}${url.search}` });
}
