/** `{input}` (single braces) in a template: Mustache needs `{{input}}`. Returns the first offending text. */
export function findSingleBrace(text: string): string | undefined {
  const m = /(?<!\{)\{\s*([A-Za-z_][A-Za-z0-9_.]*)\s*\}(?!\})/.exec(text);
  return m?.[0];
}

/** `{{input}}` (Mustache) in a scorer prompt: scorer prompts use `{input}`. Returns the first offending text. */
export function findDoubleBrace(text: string): string | undefined {
  const m = /\{\{\s*([A-Za-z_][A-Za-z0-9_.]*)\s*\}\}/.exec(text);
  return m?.[0];
}

/** 1-based line and column of `needle` in `text` (1:1 when absent). */
export function positionIn(text: string, needle: string): { line: number; col: number } {
  const idx = Math.max(0, text.indexOf(needle));
  const before = text.slice(0, idx);
  const line = before.split('\n').length;
  return { line, col: idx - before.lastIndexOf('\n') };
}

export const singleBraceMessage = (what: string, found: string): { message: string; hint: string } => ({
  message: `${what} uses ${found}: templates are Mustache and need double braces`,
  hint: `write {${found}}; with single braces the text passes through unchanged and the model never sees the value`,
});

export const doubleBraceMessage = (what: string, found: string): { message: string; hint: string } => ({
  message: `${what} uses ${found}: scorer prompts use single braces`,
  hint: `write ${found.slice(1, -1)}; {{...}} is the Mustache syntax of prompt templates, not of scorer prompts`,
});
