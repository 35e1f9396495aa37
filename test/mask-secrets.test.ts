import { describe, expect, it } from 'vitest';
import { createSecretMask, parseJsonMasked, secretPattern } from '../src/core/mask-secrets.js';

const SECRET = 'glk_SECRET/canary+9f3a';
const u = (s: string): string => [...s].map((c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`).join('');

describe('createSecretMask', () => {
  const mask = createSecretMask([SECRET]);
  it.each([
    ['as is', SECRET],
    ['JSON string', JSON.stringify(SECRET)],
    ['\\/ escape', SECRET.replace('/', '\\/')],
    ['\\u escapes', u(SECRET)],
    ['\\u escapes, upper-case hex', u(SECRET).replace(/[a-f](?=[0-9a-f]{0,3}(\\|$))/g, (c) => c.toUpperCase())],
    ['\\x escapes', [...SECRET].map((c) => `\\x${c.charCodeAt(0).toString(16)}`).join('')],
    ['URL-encoded', encodeURIComponent(SECRET)],
    ['URL-encoded, lower-case hex', encodeURIComponent(SECRET).replace(/%[0-9A-F]{2}/g, (m) => m.toLowerCase())],
    ['HTML references', [...SECRET].map((c) => `&#${c.charCodeAt(0)};`).join('')],
    ['mixed, one character at a time', `${u(SECRET.slice(0, 4))}${SECRET.slice(4, 10)}%2F${SECRET.slice(11, 17)}&#x2b;${SECRET.slice(18)}`],
    ['base64', Buffer.from(SECRET).toString('base64')],
    ['base64, offset 1 in a longer text', Buffer.from(`{"k":"${SECRET}"}`).toString('base64')],
    ['base64, offset 2', Buffer.from(`ab${SECRET}`).toString('base64')],
    ['base64url', Buffer.from(`a${SECRET}`).toString('base64url')],
  ])('%s', (_what, form) => {
    const out = mask.text(`before ${form} after`);
    expect(out).toContain('<redacted>');
    expect(out.startsWith('before ')).toBe(true);
    expect(out.endsWith(' after')).toBe(true);
    for (const piece of [SECRET, form]) expect(out.includes(piece)).toBe(false);
  });

  it('leaves other text alone, and values shorter than 6 characters are not masked', () => {
    const m = createSecretMask(['abc', '', SECRET]);
    expect(m.text('abc glk_SECRET canary aGVsbG8gd29ybGQ=')).toBe('abc glk_SECRET canary aGVsbG8gd29ybGQ=');
  });

  it('masks each line of a multi-line value, as a plan prints it line by line', () => {
    const m = createSecretMask(['-----BEGIN KEY-----\nMIIEvQIBADANBgkqhkiG9w0BAQ\nEFAASCBKcwggSjAgEAAoIBAQ\n-----END KEY-----']);
    expect(m.text('+     MIIEvQIBADANBgkqhkiG9w0BAQ\n+     EFAASCBKcwggSjAgEAAoIBAQ')).toBe('+     <redacted>\n+     <redacted>');
  });

  it('masks the start of a secret where a text was cut to fit (…)', () => {
    expect(createSecretMask([SECRET]).text(`row {"input":"${SECRET.slice(0, 12)}…`)).toBe('row {"input":"<redacted>');
    expect(createSecretMask([SECRET]).text(`${SECRET.slice(0, 5)}…`)).toBe(`${SECRET.slice(0, 5)}…`);
  });

  it('masks values added later', () => {
    const m = createSecretMask([]);
    expect(m.text('tok_live_123456')).toBe('tok_live_123456');
    m.add(['tok_live_123456']);
    expect(m.text('x tok_live_123456 y')).toBe('x <redacted> y');
  });
});

describe('parseJsonMasked', () => {
  it('masks strings and keys after decoding, at any depth, layered encodings too', () => {
    // the key spelled with \u escapes; the value percent-encoded, its % signs written as \u0025
    const text = JSON.stringify({ a: [{ [SECRET]: 1 }], b: { c: `%67${encodeURIComponent(SECRET.slice(1))}` } }).replace(SECRET.slice(0, 3), u(SECRET.slice(0, 3)));
    expect(parseJsonMasked(text.replace(/%/g, '\\u0025'), secretPattern([SECRET]))).toEqual({ a: [{ '<redacted>': 1 }], b: { c: '<redacted>' } });
  });

  it('returns the data unchanged when no secret is in it', () => {
    expect(parseJsonMasked('{"a":"\\u00e9"}', secretPattern([SECRET]))).toEqual({ a: 'é' });
  });
});
