import { INVENTORY_DATASET_NAME } from '../core/inventory-dataset.js';
import { isRecord, mapEntries, str } from './manifest-v1.js';
import type { RuleIssue } from './rule-issue.js';
import type { DataPath } from './yaml-source.js';
import { appendAll } from '../core/append-all.js';

/**
 * Two keys of one kind and scope must not map to the same remote name (Galileo identifies resources by name):
 * scorers per scorer type in the org, datasets, projects and templates in the org (Galileo's prompt templates
 * are global: the Python SDK and the simulator treat their names as org-unique), log streams and experiments
 * per project. Reported on the second one.
 */
export function checkNames(data: Record<string, unknown>): RuleIssue[] {
  const issues: RuleIssue[] = [];
  const scorers = mapEntries(data['scorers']);
  for (const type of ['llm', 'code']) {
    // Galileo compares scorer names ignoring case (one of "Quality" and "quality" is refused as existing): the
    // other would be planned for creation on every run and never converge
    appendAll(issues, dupes(under(['scorers'], scorers.filter(([, s]) => s['type'] === type)), `${type} scorer`, true));
  }
  appendAll(issues, dupes(under(['datasets'], mapEntries(data['datasets'])), 'dataset'));
  appendAll(issues, reserved(under(['datasets'], mapEntries(data['datasets']))));
  const projects = mapEntries(data['projects']);
  appendAll(issues, dupes(under(['projects'], projects), 'project'));
  const templates = projects.flatMap(([p, project]) =>
    under(['projects', p, 'templates'], mapEntries(project['templates'])).map(([b, k, s]): Entry => [b, k, s, `${k}" of project "${p}`]),
  );
  appendAll(issues, dupes(templates, 'template'));
  for (const [p, project] of projects) {
    appendAll(issues, dupes(under(['projects', p, 'log_streams'], mapEntries(project['log_streams'])), 'log stream'));
    appendAll(issues, dupes(under(['projects', p, 'experiments'], mapEntries(project['experiments'])), 'experiment'));
  }
  return issues;
}

/** galctl's inventory dataset (docs/ownership.md) is galctl's own: a manifest dataset must not take its name. */
function reserved(entries: Entry[]): RuleIssue[] {
  return entries.flatMap(([base, key, spec]): RuleIssue[] => {
    if ((str(spec, 'name') ?? key) !== INVENTORY_DATASET_NAME) return [];
    const explicit = isRecord(spec) && typeof spec['name'] === 'string';
    return [{
      path: explicit ? [...base, key, 'name'] : [...base, key],
      target: explicit ? 'value' : 'key',
      code: 'reserved-name',
      message: `dataset "${key}" has the remote name "${INVENTORY_DATASET_NAME}", which galctl keeps for its inventory of what it owns`,
      hint: 'give the dataset another name:',
    }];
  });
}

/** where, key, spec, and how to name it in a message (default: the key) */
type Entry = [base: DataPath, key: string, spec: Record<string, unknown>, label?: string];

const under = (base: DataPath, entries: [string, Record<string, unknown>][]): Entry[] =>
  entries.map(([key, spec]) => [base, key, spec]);

function dupes(entries: Entry[], kind: string, ignoreCase = false): RuleIssue[] {
  const seen = new Map<string, { label: string; name: string }>();
  const issues: RuleIssue[] = [];
  for (const [base, key, spec, label = key] of entries) {
    const name = str(spec, 'name') ?? key;
    const folded = ignoreCase ? name.toLowerCase() : name;
    const earlier = seen.get(folded);
    if (earlier === undefined) {
      seen.set(folded, { label, name });
      continue;
    }
    const sameCase = earlier.name === name;
    const explicit = isRecord(spec) && typeof spec['name'] === 'string';
    issues.push({
      path: explicit ? [...base, key, 'name'] : [...base, key],
      target: explicit ? 'value' : 'key',
      code: 'duplicate-name',
      message: sameCase
        ? `${kind} "${label}" has the remote name "${name}", like ${kind} "${earlier.label}"`
        : `${kind} "${label}" has the remote name "${name}", which Galileo takes for "${earlier.name}" of ${kind} "${earlier.label}" (${kind} names are compared ignoring case)`,
      hint: `give one of them a different name: (Galileo identifies ${/^[aeiou]/.test(kind) ? 'an' : 'a'} ${kind} by its name)`,
    });
  }
  return issues;
}
