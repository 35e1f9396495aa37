import type { ChatMessage } from '../../core/desired-types.js';

function isMessageList(value: unknown): value is ChatMessage[] {
  return (
    Array.isArray(value) &&
    value.every(
      (m) =>
        m !== null &&
        typeof m === 'object' &&
        typeof (m as Record<string, unknown>)['role'] === 'string' &&
        typeof (m as Record<string, unknown>)['content'] === 'string',
    )
  );
}

/**
 * The canonical text of a prompt template, used on both sides of the diff: a string stays as it is; a message
 * list (or a string holding the JSON of one, as Galileo sometimes answers) becomes
 * `[{"role":..,"content":..}]` with only role and content, in that key order.
 */
export function canonicalTemplate(template: unknown): string {
  let value = template;
  if (typeof value === 'string') {
    const trimmed = value.trim();
    if (!trimmed.startsWith('[')) return value;
    try {
      value = JSON.parse(trimmed) as unknown;
    } catch {
      return template as string;
    }
    if (!isMessageList(value)) return template as string;
  }
  if (isMessageList(value)) return JSON.stringify(value.map((m) => ({ role: m.role, content: m.content })));
  return String(value ?? '');
}

/**
 * A canonical template as reviewers read it: a message list as `[role]` headers each followed by its content;
 * plain text unchanged. For line diffs only.
 */
export function templateDisplayText(canonical: string): string {
  if (!canonical.startsWith('[{')) return canonical;
  try {
    const list = JSON.parse(canonical) as unknown;
    if (!isMessageList(list)) return canonical;
    return list.map((m) => `[${m.role}]\n${m.content}`).join('\n');
  } catch {
    return canonical;
  }
}
