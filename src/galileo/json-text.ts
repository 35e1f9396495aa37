/**
 * A JSON request body already encoded (trace batches are encoded once, in a worker thread): the client sends `text`
 * as it is instead of stringifying the body again. Anything else that stringifies it gets the same JSON (toJSON).
 */
export class JsonText {
  constructor(readonly text: string) {}

  toJSON(): unknown {
    return JSON.parse(this.text);
  }
}

/** The request body as sent: a JsonText's text, anything else as JSON. */
export function encodeJsonBody(body: unknown): string {
  return body instanceof JsonText ? body.text : JSON.stringify(body);
}
