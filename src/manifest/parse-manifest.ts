import { checkNames } from './check-names.js';
import { checkReferences } from './check-references.js';
import { checkSecrets, isApiKeyField } from './check-secrets.js';
import { checkSecretRefs } from './check-secret-refs.js';
import { checkShapes } from './check-shapes.js';
import { checkThresholds } from './check-thresholds.js';
import { interpolateDocument } from './interpolate.js';
import { isRecord, mapEntries, type ManifestV1 } from './manifest-v1.js';
import type { Problem } from '../core/problem.js';
import type { RuleIssue } from './rule-issue.js';
import { validateSchema } from './validate-schema.js';
import { locateInNode, locatePath, nodeAt, parseYamlSource, type DataPath, type YamlSource } from './yaml-source.js';
import { KIND_LIST } from '../kinds/registry.js';
import { appendAll } from '../core/append-all.js';

export interface ParseContext {
  /** variables for `${VAR}` interpolation */
  env: Record<string, string | undefined>;
}

export interface ParsedManifest {
  /** the parsed YAML (absent when the text could not be parsed at all) */
  source?: YamlSource;
  /** the manifest data after interpolation; typed only when `problems` is empty */
  manifest?: ManifestV1;
  problems: Problem[];
  /** resources per kind: project, scorer, dataset, template, log_stream, experiment */
  counts: Record<string, number>;
  /** values of secret variables (`${…TOKEN}`…) interpolated into the manifest: never to be printed or written */
  secrets?: string[];
}

/**
 * Parses and validates manifest text: YAML → interpolation → JSON Schema → rules (references, names, shapes,
 * secrets). Pure: no disk, no network. File contents are checked by loadManifest.
 */
export function parseManifest(text: string, file: string, ctx: ParseContext): ParsedManifest {
  const parsed = parseYamlSource(text, file);
  const source = parsed.source;
  if (source === undefined || parsed.problems.length > 0) return withCounts({ problems: sortProblems(parsed.problems), counts: {}, ...(source ? { source } : {}) });
  const interpolation = interpolateDocument(source, ctx.env);
  const secrets = [...interpolation.secretValues];
  let data: unknown;
  try {
    data = source.doc.toJS({ maxAliasCount: 100 });
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    return withCounts({ source, counts: {}, secrets, problems: [{ file, line: 1, col: 1, code: 'yaml-syntax', message: `invalid YAML: ${message.charAt(0).toLowerCase()}${message.slice(1)}`, hint: 'use fewer YAML aliases (*name); repeat the values instead' }] });
  }
  if (data === null || data === undefined) {
    return { source, counts: {}, secrets, problems: [{ file, line: 1, col: 1, code: 'empty', message: 'the manifest is empty', hint: 'start with `version: 1`; see galileo.yaml.example' }] };
  }
  const isSecret = (path: DataPath): boolean => {
    const node = nodeAt(source, path);
    return node !== undefined && interpolation.secretNodes.has(node);
  };
  const problems: Problem[] = [...interpolation.problems];
  for (const issue of validateSchema(data, { isSecret, ignoreUnknown: isApiKeyField })) {
    problems.push({ file, ...locatePath(source, issue.path, issue.target), code: 'schema', message: issue.message, hint: issue.hint });
  }
  const rules: RuleIssue[] = isRecord(data) ? [checkReferences(data), checkNames(data), checkShapes(data), checkThresholds(data)].flat() : [];
  appendAll(rules, checkSecrets(data));
  appendAll(rules, checkSecretRefs(data, isSecret));
  for (const issue of rules) problems.push(toProblem(source, issue));
  const sorted = sortProblems(dedupe(problems));
  const out: ParsedManifest = withCounts({ source, problems: sorted, counts: {}, secrets }, data);
  if (sorted.length === 0) out.manifest = data as ManifestV1;
  return out;
}

/** A rule issue with its line and column. */
export function toProblem(source: YamlSource, issue: RuleIssue): Problem {
  const pos = issue.needle !== undefined ? locateInNode(source, issue.path, issue.needle) : locatePath(source, issue.path, issue.target ?? 'key');
  return { file: source.file, ...pos, code: issue.code, message: issue.message, hint: issue.hint };
}

function withCounts(m: ParsedManifest, data?: unknown): ParsedManifest {
  m.counts = countResources(data);
  return m;
}

/** Resources per kind (each kind's manifest section, kinds/registry.ts), as far as the data has the expected shape. */
export function countResources(data: unknown): Record<string, number> {
  const declared = KIND_LIST.filter((k) => k.manifestKey !== undefined);
  const counts: Record<string, number> = Object.fromEntries(declared.map((k) => [k.id, 0]));
  if (!isRecord(data)) return counts;
  const projects = mapEntries(data['projects']);
  for (const k of declared) {
    const key = k.manifestKey ?? '';
    counts[k.id] = k.scope === 'org' ? mapEntries(data[key]).length : projects.reduce((n, [, p]) => n + mapEntries(p[key]).length, 0);
  }
  return counts;
}

/** By file, line, column (stable for equal positions). */
export function sortProblems(problems: Problem[]): Problem[] {
  return problems
    .map((p, i) => ({ p, i }))
    .sort((a, b) => (a.p.file < b.p.file ? -1 : a.p.file > b.p.file ? 1 : a.p.line - b.p.line || a.p.col - b.p.col || a.i - b.i))
    .map(({ p }) => p);
}

function dedupe(problems: Problem[]): Problem[] {
  const seen = new Set<string>();
  return problems.filter((p) => {
    const id = `${p.file}:${p.line}:${p.col}:${p.message}`;
    if (seen.has(id)) return false;
    seen.add(id);
    return true;
  });
}
