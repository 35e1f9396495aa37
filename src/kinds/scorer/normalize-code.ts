/**
 * The one normalization of code scorer source, used on both sides of the diff (the manifest's file and the
 * source read back from Galileo): CRLF/CR → LF, trailing whitespace at the end of the file trimmed. Editors and
 * uploads disagree on these; Python does not care.
 */
export function normalizeCode(source: string): string {
  return source.replace(/\r\n?/g, '\n').replace(/\s+$/, '');
}
