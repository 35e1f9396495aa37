/** An HTTP error answer. Route handlers throw it; the server turns it into the status and body. */
export class SimHttpError extends Error {
  readonly status: number;
  readonly body: unknown;
  readonly headers: Record<string, string>;

  constructor(status: number, body: unknown, headers: Record<string, string> = {}) {
    super(typeof body === 'object' && body !== null && 'detail' in body ? JSON.stringify((body as { detail: unknown }).detail) : String(status));
    this.status = status;
    this.body = body;
    this.headers = headers;
  }
}

export interface ValidationItem {
  loc: (string | number)[];
  msg: string;
  type: string;
  input?: unknown;
}

/** FastAPI's 422: `{"detail": [{loc, msg, type}]}`. */
export function validationError(items: ValidationItem[]): SimHttpError {
  return new SimHttpError(422, { detail: items });
}

/** One 422 item; `loc` defaults to the body. */
export function invalid(loc: (string | number)[], msg: string, type = 'value_error', input?: unknown): SimHttpError {
  const item: ValidationItem = { loc, msg, type };
  if (input !== undefined) item.input = input;
  return validationError([item]);
}

/** A required field is missing (FastAPI wording). */
export function missing(loc: (string | number)[]): SimHttpError {
  return validationError([{ loc, msg: 'Field required', type: 'missing' }]);
}

/** Create on an existing name: 422 with "already exists" [GUIDE], as a FastAPI detail item [PY tests]. */
export function alreadyExists(what: string, name: string, field = 'name'): SimHttpError {
  return invalid(['body', field], `${what} with name '${name}' already exists`, 'value_error', name);
}

/** 404 `{"detail": "<Kind> <id> not found"}`. */
export function notFound(what: string, id?: string): SimHttpError {
  return new SimHttpError(404, { detail: id === undefined ? `${what} not found` : `${what} ${id} not found` });
}

export function badRequest(detail: string): SimHttpError {
  return new SimHttpError(400, { detail });
}
