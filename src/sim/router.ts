import type { IncomingMessage } from 'node:http';

export interface RouteContext {
  method: string;
  /** the path without query string, trailing slash removed */
  path: string;
  params: Record<string, string>;
  query: URLSearchParams;
  headers: IncomingMessage['headers'];
  /** the raw request body (empty buffer when none) */
  rawBody: Buffer;
  /** `/v2` when the request came through the public mirror, else '' */
  prefix: string;
  /** parsed JSON body; undefined when the body is empty. Throws a 422 on malformed JSON. */
  json(): unknown;
}

export interface RouteResult {
  status?: number;
  /** a JSON-serialisable body; `undefined` → empty body */
  body?: unknown;
  /** raw text body (sent as-is with content-type text/plain unless headers say otherwise) */
  text?: string;
  headers?: Record<string, string>;
}

export type Handler = (ctx: RouteContext) => RouteResult | Promise<RouteResult>;

interface Route {
  method: string;
  template: string;
  segments: string[];
  handler: Handler;
}

/** A tiny router over path templates like `/projects/:project_id/templates`. Literal segments beat parameters. */
export class Router {
  private readonly byMethod = new Map<string, Route[]>();

  add(method: string, template: string, handler: Handler): void {
    const route: Route = { method, template, segments: split(template), handler };
    const list = this.byMethod.get(method) ?? [];
    list.push(route);
    list.sort(compareSpecificity);
    this.byMethod.set(method, list);
  }

  match(method: string, path: string): { route: { template: string; handler: Handler }; params: Record<string, string> } | undefined {
    const list = this.byMethod.get(method);
    if (list === undefined) return undefined;
    const parts = split(path);
    for (const route of list) {
      if (route.segments.length !== parts.length) continue;
      const params: Record<string, string> = {};
      let ok = true;
      for (let i = 0; i < parts.length; i++) {
        const seg = route.segments[i] as string;
        const part = parts[i] as string;
        if (seg.startsWith(':')) params[seg.slice(1)] = decodeURIComponent(part);
        else if (seg !== part) {
          ok = false;
          break;
        }
      }
      if (ok) return { route, params };
    }
    return undefined;
  }

  /** whether some other method serves this path (→ 405 rather than 404) */
  allowsOther(method: string, path: string): boolean {
    for (const m of this.byMethod.keys()) if (m !== method && this.match(m, path) !== undefined) return true;
    return false;
  }
}

function split(path: string): string[] {
  return (path.startsWith('/') ? path.slice(1) : path).split('/');
}

function compareSpecificity(a: Route, b: Route): number {
  const n = Math.min(a.segments.length, b.segments.length);
  for (let i = 0; i < n; i++) {
    const pa = (a.segments[i] as string).startsWith(':');
    const pb = (b.segments[i] as string).startsWith(':');
    if (pa !== pb) return pa ? 1 : -1;
  }
  return 0;
}
