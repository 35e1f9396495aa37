/**
 * Characters that must not reach a terminal raw from user data: C0 controls (newline, CR, ESC...), DEL, C1
 * controls, Unicode line/paragraph separators and bidirectional overrides (which reorder what the reader sees).
 */
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069\ufeff]/g;

/** The unsafe characters galctl never writes itself (all but the C0 controls: its colours and cursor moves use ESC). */
const FOREIGN = /[\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069\ufeff]/g;

const NAMED: Record<string, string> = { '\n': '\\n', '\r': '\\r', '\t': '\\t' };

const escapeChar = (c: string): string => NAMED[c] ?? `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`;

/**
 * Escapes control characters in text that came from a manifest, a file or an API response, so that one message
 * stays one line and cannot move the cursor, recolour the terminal or reverse the text around it. Pure.
 */
export function escapeControl(text: string): string {
  return text.replace(UNSAFE, escapeChar);
}

/** escapeControl line by line: the line breaks of a multi-line message stay, everything else is escaped. */
export function escapeControlLines(text: string): string {
  return text.split('\n').map(escapeControl).join('\n');
}

/**
 * Escapes the unsafe characters galctl never writes itself (DEL, C1 controls such as the one-byte CSI \u009b,
 * separators, bidi overrides), and leaves ESC alone: applied to all output at the edge (cli/io.ts), behind the
 * renderers, which escape ESC in what they quote. In JSON the result is the same JSON (`\u009b` inside a string).
 */
export function escapeForeignControl(text: string): string {
  return text.replace(FOREIGN, escapeChar);
}
