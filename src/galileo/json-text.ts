/**
 * A JSON request body already encoded (trace batches are encoded once, in a worker thread): the client sends `text`
 * as it is (a string, or its UTF-8 bytes) instead of stringifying the body again. Anything else that stringifies it
 * gets the same JSON (toJSON).
 */
export class JsonText {
  constructor(readonly text: string | Buffer) {}

  toJSON(): unknown {
    return JSON.parse(typeof this.text === 'string' ? this.text : this.text.toString('utf8'));
  }
}

/** The request body as sent: a JsonText's text or bytes, anything else as JSON. */
export function encodeJsonBody(body: unknown): string | Buffer {
  return body instanceof JsonText ? body.text : JSON.stringify(body);
}
