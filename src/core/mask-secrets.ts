/** What a secret is replaced with in output. */
export const REDACTED = '<redacted>';

/**
 * Values shorter than this are not masked: masking a 3-character value would garble every output that happens to
 * contain those characters, and a value that short protects nothing.
 */
export const MIN_SECRET_LENGTH = 6;

/** A compiled set of secrets: `pattern` finds any of them in any of the encodings galctl knows (see secretPattern). */
export interface SecretMask {
  /** adds values, and each line of a multi-line one (shorter ones, and duplicates, are ignored) */
  add(values: Iterable<string>): void;
  /** `text` with every secret, in any encoding, replaced by REDACTED */
  text(text: string): string;
}

const escapeRegex = (s: string): string => s.replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&');

/** `[0-9]`-exact hex digits of `n`, letters in either case: `\u00e9` and `\u00E9` are the same escape. */
function hex(n: number, width: number): string {
  return [...n.toString(16).padStart(width, '0')].map((d) => (/[a-f]/.test(d) ? `[${d}${d.toUpperCase()}]` : d)).join('');
}

const JSON_SHORT: Record<string, string> = { '"': '\\\\"', '\\': '\\\\\\\\', '/': '\\\\/', '\b': '\\\\b', '\f': '\\\\f', '\n': '\\\\n', '\r': '\\\\r', '\t': '\\\\t' };
const HTML_NAMED: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' };

/**
 * The ways one character can be written in text galctl prints or receives: itself; a JSON or JavaScript escape
 * (`\u0067`, `\x67`, `\/`, `\"`); percent-encoded (its UTF-8 bytes, `+` for a space); an HTML character reference
 * (`&#103;`, `&#x67;`, `&amp;`). A server may mix them freely, one character at a time.
 */
function charForms(ch: string): string {
  const cp = ch.codePointAt(0) ?? 0;
  const forms = [escapeRegex(ch)];
  const units = cp > 0xffff ? [0xd800 + ((cp - 0x10000) >> 10), 0xdc00 + ((cp - 0x10000) & 0x3ff)] : [cp];
  forms.push(units.map((u) => `\\\\u${hex(u, 4)}`).join(''));
  if (cp < 0x100) forms.push(`\\\\x${hex(cp, 2)}`);
  if (JSON_SHORT[ch] !== undefined) forms.push(JSON_SHORT[ch]);
  forms.push([...Buffer.from(ch, 'utf8')].map((b) => `%${hex(b, 2)}`).join(''));
  if (ch === ' ') forms.push('\\+');
  forms.push(`&#0*${cp};`, `&#[xX]0*${hex(cp, 1)};`);
  if (HTML_NAMED[ch] !== undefined) forms.push(HTML_NAMED[ch]);
  return `(?:${forms.join('|')})`;
}

/**
 * The base64 forms of `secret` (standard and URL-safe alphabets) at each of the 3 alignments it can have inside a
 * longer encoded text: only the characters that depend on the secret alone, so it is found wherever it sits.
 */
function base64Forms(secret: string): string[] {
  const bytes = Buffer.from(secret, 'utf8');
  const forms: string[] = [];
  for (let k = 0; k < 3; k += 1) {
    const encoded = Buffer.concat([Buffer.alloc(k), bytes]).toString('base64');
    const core = encoded.slice(Math.ceil((8 * k) / 6), Math.floor((8 * (bytes.length + k)) / 6));
    if (core.length < MIN_SECRET_LENGTH) continue;
    // in JSON a `/` may come escaped as `\/`
    forms.push(escapeRegex(core).replace(/\\\//g, '(?:/|\\\\/)'));
    forms.push(escapeRegex(core.replace(/\+/g, '-').replace(/\//g, '_')));
  }
  return forms;
}

/** One regular expression for every secret in every encoding; undefined when there is nothing to mask. */
export function secretPattern(secrets: Iterable<string>): RegExp | undefined {
  const unique = [...new Set(secrets)].filter((s) => s.length >= MIN_SECRET_LENGTH).sort((a, b) => b.length - a.length);
  if (unique.length === 0) return undefined;
  const alternatives = unique.flatMap((s) => {
    const chars = [...s].map(charForms);
    // a text cut to fit (`…`) may end inside the secret: its first MIN_SECRET_LENGTH characters or more, then `…`
    const cut = `${chars.slice(0, MIN_SECRET_LENGTH).join('')}${chars.slice(MIN_SECRET_LENGTH).reduceRight((rest, c) => `(?:${c}${rest})?`, '')}…`;
    return [chars.join(''), cut, ...base64Forms(s)];
  });
  return new RegExp(alternatives.join('|'), 'g');
}

/** `text` with every match of `pattern` replaced by REDACTED. */
export function maskText(text: string, pattern: RegExp | undefined): string {
  if (pattern === undefined) return text;
  pattern.lastIndex = 0;
  return text.replace(pattern, REDACTED);
}

/** True when `text` holds a secret in some encoding. */
export function holdsSecret(text: string, pattern: RegExp | undefined): boolean {
  if (pattern === undefined) return false;
  pattern.lastIndex = 0;
  const found = pattern.test(text);
  pattern.lastIndex = 0;
  return found;
}

/**
 * JSON text decoded with every string and key masked (after decoding, so any JSON escape is undone first). The
 * decoded walk only runs when the text could hold a secret: it matches the pattern once its `\u` escapes are undone
 * (they can spell a secret in layers, e.g. a percent-encoded key written with `\u0025`). Most bodies hold none.
 */
export function parseJsonMasked(text: string, pattern: RegExp | undefined): unknown {
  if (pattern === undefined) return JSON.parse(text);
  const unescaped = text.includes('\\u') ? text.replace(/\\u([0-9a-fA-F]{4})/g, (_m, h: string) => String.fromCharCode(parseInt(h, 16))) : text;
  if (!holdsSecret(unescaped, pattern)) return JSON.parse(text);
  return JSON.parse(text, (_key, v: unknown) => maskDecoded(v, pattern));
}

/** One decoded value, its children already masked (JSON.parse's reviver runs bottom-up). */
function maskDecoded(v: unknown, pattern: RegExp): unknown {
  if (typeof v === 'string') return maskText(v, pattern);
  if (v === null || typeof v !== 'object' || Array.isArray(v)) return v;
  const keys = Object.keys(v);
  if (!keys.some((k) => holdsSecret(k, pattern))) return v;
  return Object.fromEntries(keys.map((k) => [maskText(k, pattern), (v as Record<string, unknown>)[k]]));
}

/** A mutable set of secrets to mask, with the pattern recompiled as values are added. */
export function createSecretMask(initial: Iterable<string> = []): SecretMask {
  const values = new Set<string>();
  let pattern: RegExp | undefined;
  const mask: SecretMask = {
    add(more) {
      const before = values.size;
      // each line of a multi-line value too: the plan prints multi-line text line by line, with a marker before each
      for (const v of more) {
        const lines = v.includes('\n') ? v.split(/\r?\n/).map((l) => l.trim()) : [];
        for (const piece of [v, ...lines]) if (piece.length >= MIN_SECRET_LENGTH) values.add(piece);
      }
      if (values.size !== before) pattern = secretPattern(values);
    },
    text: (text) => maskText(text, pattern),
  };
  mask.add(initial);
  return mask;
}
