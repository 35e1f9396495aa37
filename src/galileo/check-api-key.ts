import { GalctlError } from '../core/errors.js';

/**
 * Refuses a key that cannot travel in an HTTP header (anything outside visible ASCII: a zero-width space pasted with
 * it, an embedded newline, a control character). Sent as is, undici refuses the request and, above concurrency 1,
 * leaves it unsettled, so the command would end with nothing done. The message names the character and where it
 * is, never the key.
 */
export function checkApiKey(key: string, variable = 'GALILEO_API_KEY'): void {
  for (let i = 0; i < key.length; i += 1) {
    const c = key.codePointAt(i) as number;
    if (c >= 0x21 && c <= 0x7e) continue;
    const what = c === 0x20 ? 'a space' : c === 0x0a || c === 0x0d ? 'a line break' : c < 0x20 || c === 0x7f ? 'a control character' : 'a non-ASCII character';
    const code = `U+${c.toString(16).toUpperCase().padStart(4, '0')}`;
    throw new GalctlError('api-key-invalid', `${variable} contains ${what} (${code}) at position ${i + 1}; a key is visible ASCII only`, {
      hint: `copy the key again from the Galileo console (Settings → API Keys) and set ${variable} without invisible characters`,
    });
  }
}
