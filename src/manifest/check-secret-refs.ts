import { KIND_LIST } from '../kinds/registry.js';
import { isRecord, mapEntries } from './manifest-v1.js';
import type { RuleIssue } from './rule-issue.js';
import type { DataPath } from './yaml-source.js';

/**
 * The secret fields of org kinds (KindDescriptor.secretFields, e.g. an integration's `token`) must come from a
 * `${VAR}` reference to a secret-named variable: a literal would sit in git, and a value from another variable
 * would not be masked in galctl's output. `isSecret` says whether a value came from such a variable.
 */
export function checkSecretRefs(data: unknown, isSecret: (path: DataPath) => boolean): RuleIssue[] {
  if (!isRecord(data)) return [];
  const issues: RuleIssue[] = [];
  for (const kind of KIND_LIST) {
    if (kind.scope !== 'org' || kind.manifestKey === undefined || kind.secretFields === undefined) continue;
    for (const [key, spec] of mapEntries(data[kind.manifestKey])) {
      for (const field of kind.secretFields) {
        const path = [kind.manifestKey, key, field];
        if (typeof spec[field] !== 'string' || isSecret(path)) continue;
        issues.push({
          path,
          target: 'value',
          code: 'secret-literal',
          message: `${kind.label} "${key}": \`${field}\` must come from an environment variable, not be written in the manifest`,
          hint: `write \`${field}: \${${key.toUpperCase()}_API_KEY}\` (a variable whose name contains KEY, TOKEN, SECRET or PASSWORD, so galctl masks it) and export it where galctl runs`,
        });
      }
    }
  }
  return issues;
}
