import { isRecord, mapEntries, str } from './manifest-v1.js';
import type { RuleIssue } from './rule-issue.js';
import type { DataPath } from './yaml-source.js';

/**
 * Two keys of one kind and scope must not map to the same remote name (Galileo identifies resources by name):
 * scorers per scorer type in the org, datasets and projects in the org, templates, log streams and experiments
 * per project. Reported on the second one.
 */
export function checkNames(data: Record<string, unknown>): RuleIssue[] {
  const issues: RuleIssue[] = [];
  const scorers = mapEntries(data['scorers']);
  for (const type of ['llm', 'code']) {
    issues.push(...dupes(scorers.filter(([, s]) => s['type'] === type), ['scorers'], `${type} scorer`));
  }
  issues.push(...dupes(mapEntries(data['datasets']), ['datasets'], 'dataset'));
  const projects = mapEntries(data['projects']);
  issues.push(...dupes(projects, ['projects'], 'project'));
  for (const [p, project] of projects) {
    issues.push(...dupes(mapEntries(project['templates']), ['projects', p, 'templates'], 'template'));
    issues.push(...dupes(mapEntries(project['log_streams']), ['projects', p, 'log_streams'], 'log stream'));
    issues.push(...dupes(mapEntries(project['experiments']), ['projects', p, 'experiments'], 'experiment'));
  }
  return issues;
}

function dupes(entries: [string, Record<string, unknown>][], base: DataPath, kind: string): RuleIssue[] {
  const seen = new Map<string, string>();
  const issues: RuleIssue[] = [];
  for (const [key, spec] of entries) {
    const name = str(spec, 'name') ?? key;
    const first = seen.get(name);
    if (first === undefined) {
      seen.set(name, key);
      continue;
    }
    const explicit = isRecord(spec) && typeof spec['name'] === 'string';
    issues.push({
      path: explicit ? [...base, key, 'name'] : [...base, key],
      target: explicit ? 'value' : 'key',
      code: 'duplicate-name',
      message: `${kind} "${key}" has the remote name "${name}", like ${kind} "${first}"`,
      hint: `give one of them a different name: (Galileo identifies ${/^[aeiou]/.test(kind) ? 'an' : 'a'} ${kind} by its name)`,
    });
  }
  return issues;
}
