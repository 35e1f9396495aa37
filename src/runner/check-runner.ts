import { GalctlError } from '../core/errors.js';
import { isRecord } from '../manifest/manifest-v1.js';
import type { RuleIssue } from '../manifest/rule-issue.js';
import type { DataPath } from '../manifest/yaml-source.js';
import { runnerTimeoutMs } from './resolve-runner.js';
import { isGalileoCredential } from './runner-env.js';
import { runnerUrlProblem } from './runner-url-problem.js';

/**
 * The rules for an experiment's `runner:` that the schema cannot word well, located by manifest path (run after the
 * schema; values already interpolated): exactly one of command and url; a URL galctl will call (https, or http on
 * loopback); a timeout that parses; no Galileo credential in `env:` without `galileo_key: true`; input globs
 * relative to the manifest; and an experiment shape a runner fits (a dataset, no template, no traces, no trigger).
 */
export function checkRunner(experimentPath: DataPath, key: string, experiment: Record<string, unknown>): RuleIssue[] {
  const runner = experiment['runner'];
  if (!isRecord(runner)) return [];
  const path: DataPath = [...experimentPath, 'runner'];
  const issues: RuleIssue[] = [];
  const what = `the runner of experiment "${key}"`;
  const forms = ['command', 'url'].filter((f) => runner[f] !== undefined);
  if (forms.length === 0) issues.push({ path, code: 'missing-field', message: `${what} has no command or url`, hint: 'add command: ["python3", "app/answer.py"] or url: http://127.0.0.1:8080/answer' });
  if (forms.length === 2) issues.push({ path: [...path, 'url'], code: 'runner-form', message: `${what} has both command and url`, hint: 'keep only one of command: or url:' });
  if (typeof runner['url'] === 'string') {
    const problem = runnerUrlProblem(runner['url']);
    if (problem !== undefined) issues.push({ path: [...path, 'url'], target: 'value', code: 'runner-url', ...problem });
  }
  if (typeof runner['timeout'] === 'string' || typeof runner['timeout'] === 'number') {
    try {
      runnerTimeoutMs(runner['timeout']);
    } catch (err) {
      if (!(err instanceof GalctlError)) throw err;
      issues.push({ path: [...path, 'timeout'], target: 'value', code: 'runner-timeout', message: `${what}: ${err.message}`, hint: err.hint ?? 'write e.g. timeout: 30s' });
    }
  }
  if (isRecord(runner['env']) && runner['galileo_key'] !== true) {
    for (const name of Object.keys(runner['env']).filter(isGalileoCredential)) {
      issues.push({ path: [...path, 'env', name], code: 'runner-galileo-key', message: `${what} sets ${name} in env`, hint: 'remove it; to give the application your Galileo key, write galileo_key: true instead' });
    }
  }
  if (Array.isArray(runner['inputs'])) {
    runner['inputs'].forEach((glob, i) => {
      if (typeof glob === 'string' && (glob.startsWith('/') || /^[A-Za-z]:[\\/]/.test(glob))) {
        issues.push({ path: [...path, 'inputs', i], target: 'value', code: 'runner-inputs', message: `${what} has an absolute input glob "${glob}"`, hint: 'write globs relative to the manifest (e.g. app/**/*.py), so the fingerprint is the same on every machine' });
      }
    });
  }
  const conflicts: [string, string, string][] = [
    ['template', 'template-with-runner', 'a runner answers the rows itself; remove template: (or the runner)'],
    ['traces', 'traces-with-runner', 'a runner makes the traces; remove traces: (or the runner)'],
  ];
  for (const [field, code, hint] of conflicts) {
    if (experiment[field] !== undefined) issues.push({ path: [...experimentPath, field], code, message: `experiment "${key}" has both a runner and ${field}`, hint });
  }
  if (experiment['trigger'] === true) {
    issues.push({ path: [...experimentPath, 'trigger'], code: 'trigger-with-runner', message: `experiment "${key}" has a runner and trigger: true`, hint: 'remove trigger: (the runner sends the answers; Galileo generates nothing)' });
  }
  if (experiment['dataset'] === undefined) {
    issues.push({ path, code: 'runner-without-dataset', message: `experiment "${key}" has a runner but no dataset`, hint: 'add dataset: <key>: the runner is called once per dataset row' });
  }
  return issues;
}
