import { UsageError } from './errors.js';

const UNIT_MS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/**
 * A duration flag such as `90s`, `5m`, `1h`, `1h30m`, `7d` or `500ms` in milliseconds; a bare number means seconds.
 * Anything else is a usage error naming the flag and the value.
 */
export function parseDuration(text: string, flag: string): number {
  const t = text.trim();
  const parts = /^\d+(\.\d+)?$/.test(t) ? [[t, t, 's']] : [...t.matchAll(/(\d+(?:\.\d+)?)(ms|s|m|h|d)/g)];
  const hint = `write e.g. ${flag} 90s, ${flag} 5m or ${flag} 1h`;
  if (parts.length === 0 || parts.map((p) => p[0]).join('') !== t) throw new UsageError(`${flag} "${text}" is not a duration`, hint);
  const ms = Math.round(parts.reduce((sum, p) => sum + Number(p[1]) * (UNIT_MS[p[2] as string] as number), 0));
  if (ms <= 0) throw new UsageError(`${flag} "${text}" must be longer than zero`, hint);
  return ms;
}
