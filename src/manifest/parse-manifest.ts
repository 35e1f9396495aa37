import { checkNames } from './check-names.js';
import { checkReferences } from './check-references.js';
import { checkSecrets, isApiKeyField } from './check-secrets.js';
import { checkSecretRefs } from './check-secret-refs.js';
import { checkShapes } from './check-shapes.js';
import { checkThresholds } from './check-thresholds.js';
import { interpolateDocument, type InterpolationResult } from './interpolate.js';
import { interpolateCached, type ManifestParseEntry } from './manifest-parse-cache.js';
import { isRecord, mapEntries, type ManifestV1 } from './manifest-v1.js';
import type { Problem } from '../core/problem.js';
import type { RuleIssue } from './rule-issue.js';
import { validateSchema, type SchemaIssue } from './validate-schema.js';
import { lazyYamlSource, locateInNode, locatePath, nodeAt, parseYamlSource, pathKey, type DataPath, type YamlSource } from './yaml-source.js';
import { KIND_LIST } from '../kinds/registry.js';
import { appendAll } from '../core/append-all.js';

export interface ParseContext {
  /** variables for `${VAR}` interpolation */
  env: Record<string, string | undefined>;
  /**
   * what galctl's cache holds of this very text (manifest-parse-cache.ts), used up here: without a problem the YAML
   * is not parsed; with one, the text is parsed again to locate it
   */
  cached?: ManifestParseEntry;
  /** keep the YAML's data before interpolation (ParsedManifest.raw), to cache it */
  keepRaw?: boolean;
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
  /** the YAML's data before interpolation (ParseContext.keepRaw) */
  raw?: unknown;
}

/**
 * Parses and validates manifest text: YAML → interpolation → JSON Schema → rules (references, names, shapes,
 * secrets). Pure: no disk, no network. File contents are checked by loadManifest.
 */
export function parseManifest(text: string, file: string, ctx: ParseContext): ParsedManifest {
  if (ctx.cached !== undefined) {
    const fast = parseCached(text, file, ctx.cached, ctx.env);
    if (fast !== undefined) return fast;
  }
  const parsed = parseYamlSource(text, file);
  const source = parsed.source;
  if (source === undefined || parsed.problems.length > 0) return withCounts({ problems: sortProblems(parsed.problems), counts: {}, ...(source ? { source } : {}) });
  let raw: unknown;
  if (ctx.keepRaw === true) {
    const before = toData(source);
    if ('problem' in before) return withCounts({ source, counts: {}, problems: [before.problem] });
    raw = before.data;
  }
  const interpolation = interpolateDocument(source, ctx.env);
  const after = toData(source);
  if ('problem' in after) return withCounts({ source, counts: {}, secrets: [...interpolation.secretValues], problems: [after.problem] });
  return checked(source, after.data, interpolation, raw);
}

/** The document's data; too many aliases are a problem. */
function toData(source: YamlSource): { data: unknown } | { problem: Problem } {
  try {
    return { data: source.doc.toJS({ maxAliasCount: 100 }) };
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    return { problem: { file: source.file, line: 1, col: 1, code: 'yaml-syntax', message: `invalid YAML: ${message.charAt(0).toLowerCase()}${message.slice(1)}`, hint: 'use fewer YAML aliases (*name); repeat the values instead' } };
  }
}

/** The interpolated data of a parsed source through the schema and the rules. */
function checked(source: YamlSource, data: unknown, interpolation: InterpolationResult, raw: unknown): ParsedManifest {
  const file = source.file;
  const secrets = [...interpolation.secretValues];
  if (data === null || data === undefined) {
    return { source, counts: {}, secrets, problems: [{ file, line: 1, col: 1, code: 'empty', message: 'the manifest is empty', hint: 'start with `version: 1`; see galileo.yaml.example' }] };
  }
  const isSecret = (path: DataPath): boolean => {
    const node = nodeAt(source, path);
    return node !== undefined && interpolation.secretNodes.has(node);
  };
  const problems: Problem[] = [...interpolation.problems];
  const found = checkData(data, isSecret);
  for (const issue of found.schema) problems.push({ file, ...locatePath(source, issue.path, issue.target), code: 'schema', message: issue.message, hint: issue.hint });
  for (const issue of found.rules) problems.push(toProblem(source, issue));
  const sorted = sortProblems(dedupe(problems));
  const out: ParsedManifest = withCounts({ source, problems: sorted, counts: {}, secrets, ...(raw === undefined ? {} : { raw }) }, data);
  if (sorted.length === 0) out.manifest = data as ManifestV1;
  return out;
}

/** The schema's issues and the rules' (references, names, shapes, thresholds, secrets) of interpolated data. */
function checkData(data: unknown, isSecret: (path: DataPath) => boolean): { schema: SchemaIssue[]; rules: RuleIssue[] } {
  const schema = validateSchema(data, { isSecret, ignoreUnknown: isApiKeyField });
  const rules: RuleIssue[] = isRecord(data) ? [checkReferences(data), checkNames(data), checkShapes(data), checkThresholds(data)].flat() : [];
  appendAll(rules, checkSecrets(data));
  appendAll(rules, checkSecretRefs(data, isSecret));
  return { schema, rules };
}

/**
 * parseManifest from galctl's cache of this text: the cached data interpolated and checked; undefined when anything
 * is found (the caller parses the text to locate it).
 */
function parseCached(text: string, file: string, entry: ManifestParseEntry, env: Record<string, string | undefined>): ParsedManifest | undefined {
  const interpolation = interpolateCached(entry, env, file);
  const data = entry.data;
  if (interpolation.problems.length > 0 || data === null || data === undefined) return undefined;
  const found = checkData(data, (path) => interpolation.secretPaths.has(pathKey(path)));
  if (found.schema.length > 0 || found.rules.length > 0) return undefined;
  const source = lazyYamlSource(text, file, new Map(entry.positions));
  return withCounts({ source, problems: [], counts: {}, secrets: [...interpolation.secretValues], manifest: data as ManifestV1 }, data);
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
