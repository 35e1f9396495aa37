/**
 * Characters that must not reach a terminal raw from user data: C0 controls (newline, CR, ESC...), DEL, C1
 * controls, Unicode line/paragraph separators and bidirectional overrides (which reorder what the reader sees).
 */
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069\ufeff]/g;

const NAMED: Record<string, string> = { '\n': '\\n', '\r': '\\r', '\t': '\\t' };

/**
 * Escapes control characters in text that came from a manifest, a file or an API response, so that one message
 * stays one line and cannot move the cursor, recolour the terminal or reverse the text around it. Pure.
 */
export function escapeControl(text: string): string {
  return text.replace(UNSAFE, (c) => NAMED[c] ?? `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
