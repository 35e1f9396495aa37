import { datasetRef, isRecord, mapEntries, str } from './manifest-v1.js';
import { PRESET_PREFIX, PRESET_SCORERS } from './presets.js';
import type { RuleIssue } from './rule-issue.js';
import { closestMatches, didYouMean } from './suggest.js';
import type { DataPath } from './yaml-source.js';
import { appendAll } from '../core/append-all.js';

/**
 * References resolve: a scorer scope's project keys, experiment dataset and template keys (global ones too), scorer lists (manifest keys or known presets) and
 * threshold keys (must be scorers the experiment lists).
 */
export function checkReferences(data: Record<string, unknown>): RuleIssue[] {
  const issues: RuleIssue[] = [];
  const scorerKeys = Object.keys(isRecord(data['scorers']) ? data['scorers'] : {});
  const datasetKeys = Object.keys(isRecord(data['datasets']) ? data['datasets'] : {});
  const projects = mapEntries(data['projects']);
  const globalTemplateKeys = Object.keys(isRecord(data['global_templates']) ? data['global_templates'] : {});
  for (const [k, scorer] of mapEntries(data['scorers'])) {
    const scoped = isRecord(scorer['scope']) && Array.isArray(scorer['scope']['projects']) ? scorer['scope']['projects'] : [];
    scoped.forEach((p, i) => {
      if (typeof p === 'string') appendAll(issues, checkKeyRef(p, ['scorers', k, 'scope', 'projects', i], 'project', projects.map(([q]) => q), 'projects:'));
    });
  }
  for (const [p, project] of projects) {
    const templateKeys = Object.keys(isRecord(project['templates']) ? project['templates'] : {});
    for (const [k, ls] of mapEntries(project['log_streams'])) {
      appendAll(issues, checkScorerList(ls['scorers'], ['projects', p, 'log_streams', k, 'scorers'], scorerKeys));
      appendAll(issues, checkOverrideKeys(ls, ['projects', p, 'log_streams', k], `log stream "${k}"`, scorerKeys));
    }
    for (const [k, exp] of mapEntries(project['experiments'])) {
      const at: DataPath = ['projects', p, 'experiments', k];
      const dataset = datasetRef(exp);
      if (dataset !== undefined) appendAll(issues, checkKeyRef(dataset.key, [...at, ...dataset.path], 'dataset', datasetKeys, 'datasets:'));
      const template = str(exp, 'template');
      if (template !== undefined && !templateKeys.includes(template)) {
        const elsewhere = projects.find(([q, other]) => q !== p && isRecord(other['templates']) && template in other['templates']);
        issues.push({
          path: [...at, 'template'],
          target: 'value',
          code: 'dangling-ref',
          message: `template "${template}" is not defined in project "${p}"`,
          hint:
            elsewhere !== undefined
              ? `it is defined in project "${elsewhere[0]}"; templates belong to one project: define it under projects.${p}.templates`
              : (didYouMean(template, templateKeys) ?? `define it under projects.${p}.templates`),
        });
      }
      const global = isRecord(exp['template']) ? exp['template']['global'] : undefined;
      if (typeof global === 'string') appendAll(issues, checkKeyRef(global, [...at, 'template', 'global'], 'global template', globalTemplateKeys, 'global_templates:'));
      appendAll(issues, checkScorerList(exp['scorers'], [...at, 'scorers'], scorerKeys));
      appendAll(issues, checkOverrideKeys(exp, at, `experiment "${k}"`, scorerKeys));
      const listed = Array.isArray(exp['scorers']) ? exp['scorers'].filter((s): s is string => typeof s === 'string') : [];
      if (isRecord(exp['thresholds'])) {
        for (const ref of Object.keys(exp['thresholds'])) {
          if (listed.includes(ref)) continue;
          const own = checkScorerRef(ref, [...at, 'thresholds', ref], scorerKeys, 'key');
          issues.push(
            own ?? {
              path: [...at, 'thresholds', ref],
              code: 'threshold-scorer',
              message: `threshold on "${ref}", which experiment "${k}" does not list in scorers`,
              hint: `add ${ref} to scorers: of experiment "${k}", or remove this threshold`,
            },
          );
        }
      }
    }
  }
  return issues;
}

/** `scorer_overrides` keys: scorers the run lists (an override of a scorer the run does not use says nothing). */
function checkOverrideKeys(run: Record<string, unknown>, at: DataPath, what: string, scorerKeys: string[]): RuleIssue[] {
  if (!isRecord(run['scorer_overrides'])) return [];
  const listed = Array.isArray(run['scorers']) ? run['scorers'].filter((s): s is string => typeof s === 'string') : [];
  const issues: RuleIssue[] = [];
  for (const ref of Object.keys(run['scorer_overrides'])) {
    if (listed.includes(ref)) continue;
    const path: DataPath = [...at, 'scorer_overrides', ref];
    issues.push(
      checkScorerRef(ref, path, scorerKeys, 'key') ?? {
        path,
        target: 'key',
        code: 'override-scorer',
        message: `scorer_overrides of "${ref}", which ${what} does not list in scorers`,
        hint: `add ${ref} to scorers: of ${what}, or remove this override`,
      },
    );
  }
  return issues;
}

function checkKeyRef(ref: string, path: DataPath, kind: string, keys: string[], section: string): RuleIssue[] {
  if (keys.includes(ref)) return [];
  if (ref.startsWith(PRESET_PREFIX)) {
    return [{ path, target: 'value', code: 'preset-misplaced', message: `"${ref}" is not a ${kind}: preset: names only scorers`, hint: `use a key under ${section}` }];
  }
  return [{
    path,
    target: 'value',
    code: 'dangling-ref',
    message: `${kind} "${ref}" is not defined`,
    hint: didYouMean(ref, keys) ?? (keys.length === 0 ? `add it under ${section}` : `define it under ${section} (defined: ${keys.join(', ')})`),
  }];
}

function checkScorerList(list: unknown, path: DataPath, scorerKeys: string[]): RuleIssue[] {
  if (!Array.isArray(list)) return [];
  const issues: RuleIssue[] = [];
  list.forEach((ref, i) => {
    if (typeof ref !== 'string') return;
    const issue = checkScorerRef(ref, [...path, i], scorerKeys, 'value');
    if (issue !== undefined) issues.push(issue);
  });
  return issues;
}

/** A scorer reference: a manifest scorer key, or `preset:<known preset>`. */
export function checkScorerRef(ref: string, path: DataPath, scorerKeys: string[], target: 'key' | 'value'): RuleIssue | undefined {
  if (ref.startsWith(PRESET_PREFIX)) {
    const name = ref.slice(PRESET_PREFIX.length);
    if (PRESET_SCORERS.includes(name)) return undefined;
    const close = closestMatches(name, PRESET_SCORERS, 4);
    return {
      path,
      target,
      code: 'unknown-preset',
      message: `unknown preset scorer "${name}"`,
      hint: close.length > 0 ? `did you mean ${close.map((c) => `preset:${c}`).join(', ')}?` : 'see docs/manifest.md for the preset names',
    };
  }
  if (scorerKeys.includes(ref)) return undefined;
  const hint = PRESET_SCORERS.includes(ref)
    ? `"${ref}" is a Galileo preset: write preset:${ref}`
    : (didYouMean(ref, scorerKeys) ?? 'define it under scorers:, or use a Galileo preset as preset:<name>');
  return { path, target, code: 'dangling-ref', message: `scorer "${ref}" is not defined`, hint };
}
