import { isRecord } from './manifest-v1.js';
import type { RuleIssue } from './rule-issue.js';

/** A field that holds an API key: api_key, apiKey, galileo_api_key, Galileo-API-Key, x-api-key… */
export function isApiKeyField(name: string): boolean {
  return /^(x[-_]?)?(galileo[-_]?)?api[-_]?key$/i.test(name);
}

/** Any field named like an API key, at any depth (the value is never printed). */
export function checkSecrets(data: unknown): RuleIssue[] {
  const issues: RuleIssue[] = [];
  // a value with where it sits; its path is built only for a field found (a large manifest has ~100,000 values)
  interface At { v: unknown; depth: number; parent?: At; key?: string | number }
  const pathOf = (at: At): (string | number)[] => {
    const path: (string | number)[] = [];
    for (let x: At | undefined = at; x?.key !== undefined; x = x.parent) path.push(x.key);
    return path.reverse();
  };
  const stack: At[] = [{ v: data, depth: 0 }];
  while (stack.length > 0) {
    const at = stack.pop()!;
    const { v, depth } = at;
    if (depth > 64) continue;
    if (Array.isArray(v)) v.forEach((x, i) => stack.push({ v: x, depth: depth + 1, parent: at, key: i }));
    else if (isRecord(v)) {
      for (const [k, x] of Object.entries(v)) {
        if (isApiKeyField(k)) {
          issues.push({
            path: [...pathOf(at), k],
            code: 'secret-in-manifest',
            message: `field "${k}" holds an API key: secrets come from the environment (GALILEO_API_KEY)`,
            hint: 'remove this field and export GALILEO_API_KEY where galctl runs (a CI secret)',
          });
        } else if (typeof x === 'object' && x !== null) stack.push({ v: x, depth: depth + 1, parent: at, key: k });
      }
    }
  }
  return issues.reverse();
}
