import { escapeControl } from './escape-control.js';

/**
 * Markdown for a pull-request comment from untrusted text (object names from Galileo, API messages, file
 * contents): it must stay text. No link or image (`[x](…)`, `![x](…)`), no HTML (`<img>`, `<details>`), no
 * `<!--` (which would hide the rest of the comment, or forge the `<!-- galctl-plan -->` marker CI looks for), no
 * code span or fence it can close, no table cell it can split. Pure.
 */

/**
 * Characters with a meaning inside a line of markdown or HTML, written as character references: links and images
 * need `[`, HTML and autolinks `<`, references `&`, code spans a backtick, emphasis `*` `~` (GFM never reads an
 * underscore inside a word as emphasis; `_x_` may show in italics, nothing more), cells `|`, and `\` would escape
 * what follows.
 */
const MARKUP = /[&<>`*[\]|~\\]/g;
const NAMED: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;' };

/**
 * Inline text (a table cell, a list item, an HTML element's content): control characters escaped, line breaks
 * made visible, every markup character a character reference (`[` → `&#91;`), which markdown and HTML both show
 * as the character and never read as syntax.
 */
export function escapeMarkdown(text: string): string {
  return escapeControl(text).replace(MARKUP, (c) => NAMED[c] ?? `&#${c.charCodeAt(0)};`);
}

/** `<!--` in code: shown as `<!-\-`, so code can neither open an HTML comment nor spell CI's marker. */
const noComment = (text: string): string => text.replace(/<!--/g, '<!-\\-');

/** A run of backticks longer than any in `text`, at least `min` long: `text` cannot close it. */
function fenceFor(text: string, min: number): string {
  let longest = 0;
  for (const m of text.matchAll(/`+/g)) longest = Math.max(longest, m[0].length);
  return '`'.repeat(Math.max(min, longest + 1));
}

/** An inline code span holding `text` exactly as shown (control characters escaped), whatever backticks it has. */
export function codeSpan(text: string): string {
  const body = noComment(escapeControl(text));
  const fence = fenceFor(body, 1);
  // a span whose content starts or ends with a backtick or a space needs one space of padding on each side
  const pad = /^[ `]|[ `]$/.test(body) ? ' ' : '';
  return `${fence}${pad}${body}${pad}${fence}`;
}

/** A fenced code block (```diff …```) that its body, lines of plan text, cannot close. */
export function codeBlock(body: string, info: string): string {
  const safe = noComment(body);
  const fence = fenceFor(safe, 3);
  return `${fence}${info}\n${safe}\n${fence}`;
}
