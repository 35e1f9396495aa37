import { isRecord } from './manifest-v1.js';
import type { RuleIssue } from './rule-issue.js';

/** A field that holds an API key: api_key, apiKey, galileo_api_key, Galileo-API-Key, x-api-key… */
export function isApiKeyField(name: string): boolean {
  return /^(x[-_]?)?(galileo[-_]?)?api[-_]?key$/i.test(name);
}

/** Any field named like an API key, at any depth (the value is never printed). */
export function checkSecrets(data: unknown): RuleIssue[] {
  const issues: RuleIssue[] = [];
  const stack: { v: unknown; path: (string | number)[] }[] = [{ v: data, path: [] }];
  while (stack.length > 0) {
    const { v, path } = stack.pop()!;
    if (path.length > 64) continue;
    if (Array.isArray(v)) v.forEach((x, i) => stack.push({ v: x, path: [...path, i] }));
    else if (isRecord(v)) {
      for (const [k, x] of Object.entries(v)) {
        if (isApiKeyField(k)) {
          issues.push({
            path: [...path, k],
            code: 'secret-in-manifest',
            message: `field "${k}" holds an API key: secrets come from the environment (GALILEO_API_KEY)`,
            hint: 'remove this field and export GALILEO_API_KEY where galctl runs (a CI secret)',
          });
        } else stack.push({ v: x, path: [...path, k] });
      }
    }
  }
  return issues.reverse();
}
