import { findDoubleBrace, findSingleBrace, doubleBraceMessage, singleBraceMessage } from './check-braces.js';
import { isRecord, mapEntries } from './manifest-v1.js';
import type { RuleIssue } from './rule-issue.js';
import type { DataPath } from './yaml-source.js';
import { appendAll } from '../core/append-all.js';
import { checkRunner } from '../runner/check-runner.js';

/**
 * Per-resource rules the schema cannot word well: one source of text per scorer/template/dataset, the flows of an
 * experiment (A: dataset + template, B: dataset, C: traces), brace syntax, and `ground_truth` in inline rows.
 */
export function checkShapes(data: Record<string, unknown>): RuleIssue[] {
  const issues: RuleIssue[] = [];
  for (const [k, s] of mapEntries(data['scorers'])) appendAll(issues, checkScorer(k, s));
  for (const [k, d] of mapEntries(data['datasets'])) appendAll(issues, checkDataset(k, d));
  for (const [p, project] of mapEntries(data['projects'])) {
    for (const [k, t] of mapEntries(project['templates'])) appendAll(issues, checkTemplate(['projects', p, 'templates', k], k, t));
    for (const [k, e] of mapEntries(project['experiments'])) appendAll(issues, checkExperiment(['projects', p, 'experiments', k], k, e));
  }
  return issues;
}

function exactlyOne(spec: Record<string, unknown>, fields: string[], path: DataPath, what: string, code: string): RuleIssue[] {
  const present = fields.filter((f) => spec[f] !== undefined);
  if (present.length === 1) return [];
  const list = fields.map((f) => `${f}:`).join(' or ');
  if (present.length === 0) return [{ path, code, message: `${what} has no ${fields.join(' / ')}`, hint: `add ${list}` }];
  return [{ path: [...path, present[1] ?? ''], code, message: `${what} has both ${present.join(' and ')}`, hint: `keep only one of ${list}` }];
}

function checkScorer(k: string, s: Record<string, unknown>): RuleIssue[] {
  const path: DataPath = ['scorers', k];
  if (s['type'] === 'code') {
    return s['file'] === undefined
      ? [{ path, code: 'missing-field', message: `code scorer "${k}" has no file`, hint: 'add file: path/to/scorer.py (defining def scorer_fn(step_object, **kwargs) -> float)' }]
      : [];
  }
  if (s['type'] !== 'llm') return [];
  const issues = exactlyOne(s, ['prompt', 'prompt_file'], path, `llm scorer "${k}"`, 'missing-field');
  if (typeof s['prompt'] === 'string') {
    const found = findDoubleBrace(s['prompt']);
    if (found !== undefined) issues.push({ path: [...path, 'prompt'], target: 'value', needle: found, code: 'scorer-braces', ...doubleBraceMessage(`the prompt of scorer "${k}"`, found) });
  }
  return issues;
}

function checkDataset(k: string, d: Record<string, unknown>): RuleIssue[] {
  const path: DataPath = ['datasets', k];
  const issues = exactlyOne(d, ['file', 'rows'], path, `dataset "${k}"`, 'missing-field');
  if (d['format'] !== undefined && d['file'] === undefined && d['rows'] !== undefined) {
    issues.push({ path: [...path, 'format'], code: 'format-without-file', message: `format applies to dataset files, and dataset "${k}" has inline rows`, hint: 'remove format: (inline rows are uploaded as JSONL)' });
  }
  if (Array.isArray(d['rows'])) {
    const i = d['rows'].findIndex((r) => isRecord(r) && 'ground_truth' in r);
    if (i >= 0) issues.push({ path: [...path, 'rows', i, 'ground_truth'], code: 'ground-truth-column', ...groundTruthMessage(k) });
  }
  return issues;
}

/** The `ground_truth` lint, shared by inline rows and dataset files. */
export function groundTruthMessage(k: string): { message: string; hint: string } {
  return {
    message: `dataset "${k}" has a ground_truth column, which the Galileo API does not map to output`,
    hint: 'rename the column to output (the expected answer); only the Galileo UI uploader renames ground_truth',
  };
}

function checkTemplate(path: DataPath, k: string, t: Record<string, unknown>): RuleIssue[] {
  const issues = exactlyOne(t, ['template', 'messages', 'template_file'], path, `template "${k}"`, 'missing-field');
  if (typeof t['template'] === 'string') {
    const found = findSingleBrace(t['template']);
    if (found !== undefined) issues.push({ path: [...path, 'template'], target: 'value', needle: found, code: 'template-braces', ...singleBraceMessage(`template "${k}"`, found) });
  }
  if (Array.isArray(t['messages'])) {
    t['messages'].forEach((m, i) => {
      if (!isRecord(m) || typeof m['content'] !== 'string') return;
      const found = findSingleBrace(m['content']);
      if (found !== undefined) {
        issues.push({ path: [...path, 'messages', i, 'content'], target: 'value', needle: found, code: 'template-braces', ...singleBraceMessage(`message ${i + 1} of template "${k}"`, found) });
      }
    });
  }
  return issues;
}

function checkExperiment(path: DataPath, k: string, e: Record<string, unknown>): RuleIssue[] {
  const issues: RuleIssue[] = [];
  const hasDataset = e['dataset'] !== undefined;
  if (e['template'] !== undefined && !hasDataset) {
    issues.push({ path: [...path, 'template'], code: 'template-without-dataset', message: `experiment "${k}" has a template but no dataset`, hint: 'add dataset: <key> (flow A runs the template over the dataset rows), or remove template:' });
  }
  if (e['traces'] !== undefined && hasDataset) {
    issues.push({ path: [...path, 'traces'], code: 'traces-with-dataset', message: `experiment "${k}" has both a dataset and traces`, hint: 'use dataset: (flows A/B: Galileo generates the traces) or traces: (flow C: you send them), in two experiments' });
  }
  if (e['prompt_settings'] !== undefined && e['template'] === undefined) {
    issues.push({ path: [...path, 'prompt_settings'], code: 'settings-without-template', message: `experiment "${k}" has prompt_settings but no template`, hint: 'add template: <key>, or remove prompt_settings: (they only apply to flow A)' });
  }
  appendAll(issues, checkRunner(path, k, e));
  if (e['trigger'] === true && !hasDataset) {
    issues.push({ path: [...path, 'trigger'], code: 'trigger-without-dataset', message: `experiment "${k}" has trigger: true but no dataset to run`, hint: 'add dataset: <key>, or remove trigger: (flow C experiments are scored as traces arrive)' });
  }
  return issues;
}
