import { readFileSync } from 'node:fs';
import ajv2020, { type Ajv2020 } from 'ajv/dist/2020.js';
import type { ErrorObject, ValidateFunction } from 'ajv';
import ajvFormats from 'ajv-formats';
import { describePath, typeName } from './describe-path.js';
import { assembleManifestSchema } from './manifest-schema.js';
import { didYouMean } from './suggest.js';
import { prebuiltValidator } from './prebuilt-validator.js';
import type { DataPath } from './yaml-source.js';

/** The manifest's JSON Schema, shipped in the package (works from dist/ and from src/ under vitest). */
export const SCHEMA_URL = new URL('../../schemas/galileo.schema.json', import.meta.url);

let compiled: ValidateFunction | undefined;

/** The schema as an object (read once). */
export function manifestSchema(): Record<string, unknown> {
  return JSON.parse(readFileSync(SCHEMA_URL, 'utf8')) as Record<string, unknown>;
}

const PLACEHOLDER_REF = '#/$defs/placeholder';

/**
 * The schema as galctl validates with: the data is already interpolated, so a number or boolean field's
 * `anyOf: [<its type>, placeholder]` (the schema lets editors accept `judges: ${JUDGES:-3}` as written) is just its
 * type again; a field holding a literal `${…}` after interpolation is wrong, and the errors name the type.
 */
export function withoutPlaceholders(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(withoutPlaceholders);
  if (node === null || typeof node !== 'object') return node;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(node as Record<string, unknown>)) out[k] = withoutPlaceholders(v);
  const anyOf = out['anyOf'];
  if (Array.isArray(anyOf) && anyOf.some((b) => (b as Record<string, unknown>)['$ref'] === PLACEHOLDER_REF)) {
    const rest = anyOf.filter((b) => (b as Record<string, unknown>)['$ref'] !== PLACEHOLDER_REF);
    delete out['anyOf'];
    if (rest.length === 1) Object.assign(out, rest[0]);
    else out['anyOf'] = rest;
  }
  const defs = out['$defs'];
  if (defs !== null && typeof defs === 'object') delete (defs as Record<string, unknown>)['placeholder'];
  return out;
}

/** How the manifest's validator is compiled, here or ahead of time (scripts/build-cli.mjs, with `code.source`). */
export const AJV_OPTIONS = { allErrors: true, verbose: true, strict: true, allowUnionTypes: true } as const;

/** The manifest's validator compiled from the schema as galctl validates with (`code`: ajv's code options). */
export function compileManifestValidator(code?: { source: boolean; esm: boolean }): { ajv: Ajv2020; validate: ValidateFunction } {
  // CommonJS modules: under Node's ESM loader the default import is module.exports, whose `.default` is itself
  const ajv = new ajv2020.default({ ...AJV_OPTIONS, ...(code === undefined ? {} : { code }) });
  ajvFormats.default(ajv);
  return { ajv, validate: ajv.compile(withoutPlaceholders(assembleManifestSchema()) as Record<string, unknown>) };
}

/**
 * The validator: the one the build compiled ahead of time (prebuilt-validator.ts; compiling the manifest schema took
 * a quarter of a second of every command), else compiled now (from the sources, under the tests).
 */
function validator(): ValidateFunction {
  compiled ??= prebuiltValidator ?? compileManifestValidator().validate;
  return compiled;
}

/** One schema violation, already worded for a person, with the path of the node to point at. */
export interface SchemaIssue {
  path: DataPath;
  /** point at the key of `path` or at its value */
  target: 'key' | 'value';
  message: string;
  hint: string;
}

export interface SchemaOptions {
  /** true for a node whose value must not be printed (it came from a secret-looking variable) */
  isSecret?: (path: DataPath) => boolean;
  /** map keys reported elsewhere (API keys): no "unknown field" for them */
  ignoreUnknown?: (name: string) => boolean;
}

/** Validates manifest data against the schema and words every error. */
export function validateSchema(data: unknown, opts: SchemaOptions = {}): SchemaIssue[] {
  const validate = validator();
  if (validate(data)) return [];
  const issues: SchemaIssue[] = [];
  const seen = new Set<string>();
  for (const err of validate.errors ?? []) {
    const issue = wordError(err, data, opts);
    if (issue === undefined) continue;
    const id = `${issue.path.join('\u0000')}|${issue.message}`;
    if (seen.has(id)) continue;
    seen.add(id);
    issues.push(issue);
  }
  return issues;
}

function pointerToPath(pointer: string): (string | number)[] {
  if (pointer === '') return [];
  return pointer
    .slice(1)
    .split('/')
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'))
    .map((s) => (/^\d+$/.test(s) ? Number(s) : s));
}

function show(value: unknown, secret: boolean): string {
  if (secret) return 'a value from a secret variable';
  if (typeof value === 'string') return JSON.stringify(value.length > 60 ? `${value.slice(0, 57)}...` : value);
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return typeName(value);
}

const TYPE_WORDS: Record<string, string> = {
  string: 'a string',
  number: 'a number',
  integer: 'an integer',
  boolean: 'true or false',
  object: 'a map',
  array: 'a list',
  null: 'nothing',
};

function wordError(err: ErrorObject, root: unknown, opts: SchemaOptions): SchemaIssue | undefined {
  const path = pointerToPath(err.instancePath);
  const { owner, field } = describePath(path);
  const secret = opts.isSecret?.(path) ?? false;
  const where = field === '' ? owner : owner === 'the manifest' ? field : `${field} of ${owner}`;
  const params = err.params as Record<string, unknown>;
  if (err.propertyName !== undefined) {
    const inWhat = where;
    const scorerRef = String((err.parentSchema as Record<string, unknown> | undefined)?.['pattern'] ?? '').startsWith('^(preset:');
    return {
      path: [...path, err.propertyName],
      target: 'key',
      message: scorerRef ? `invalid scorer reference "${err.propertyName}" in ${inWhat}` : `invalid key "${err.propertyName}" in ${inWhat}`,
      hint: scorerRef
        ? 'use a key under scorers: or preset:<name> (lowercase, e.g. preset:correctness)'
        : 'keys use letters, digits, "_", "." and "-" (at most 128), and start with a letter or digit; put any other text in name:',
    };
  }
  switch (err.keyword) {
    case 'additionalProperties': {
      const name = String(params['additionalProperty']);
      if (opts.ignoreUnknown?.(name)) return undefined;
      const allowed = Object.keys(((err.parentSchema as Record<string, unknown> | undefined)?.['properties'] ?? {}) as object);
      const inWhat = where;
      return {
        path: [...path, name],
        target: 'key',
        message: `unknown field "${name}" in ${inWhat}`,
        hint: didYouMean(name, allowed) ?? `allowed fields: ${allowed.join(', ')}`,
      };
    }
    case 'required': {
      const missing = String(params['missingProperty']);
      if (missing === 'node_types') {
        return {
          path,
          target: 'key',
          message: `${owner} has no node_types: custom scorers without scoreable_node_types are silently skipped on raw traces`,
          hint: 'add node_types: [llm, chat] for an LLM scorer or node_types: [trace] for a code scorer',
        };
      }
      if (missing === 'version') {
        return { path, target: 'key', message: 'the manifest has no version', hint: 'add `version: 1` at the top' };
      }
      return { path, target: 'key', message: `${where} is missing the field "${missing}"`, hint: `add ${missing}: to ${owner}` };
    }
    case 'type': {
      const expected = String(params['type'])
        .split(',')
        .map((t) => TYPE_WORDS[t] ?? t)
        .join(' or ');
      return {
        path,
        target: 'value',
        message: `expected ${expected} for ${where}, got ${show(err.data, secret)}`,
        hint: typeHint(String(params['type']), err.data),
      };
    }
    case 'const':
      if (path.length === 1 && path[0] === 'version') {
        return { path, target: 'value', message: `unsupported manifest version ${show(err.data, secret)}`, hint: 'set version: 1 (the only version galctl knows)' };
      }
      return { path, target: 'value', message: `${where} must be ${JSON.stringify(params['allowedValue'])}`, hint: `write ${JSON.stringify(params['allowedValue'])}` };
    case 'enum': {
      const allowed = (params['allowedValues'] as unknown[]).map(String);
      if (path[0] === 'projects' && path[2] === 'labels' && path.length === 4 && !(typeof err.data === 'string' && err.data.toLowerCase() === 'sample')) {
        return {
          path,
          target: 'value',
          message: `invalid project label ${show(err.data, secret)} in project "${String(path[1])}": Galileo only accepts "sample"`,
          hint: 'remove it: Galileo\'s project labels are a closed list ("sample" marks a sample project in the UI); put free text in description:',
        };
      }
      const mean = typeof err.data === 'string' ? didYouMean(err.data, allowed) : undefined;
      return {
        path,
        target: 'value',
        message: `invalid ${where}: ${show(err.data, secret)}`,
        hint: `${mean === undefined ? '' : `${mean} `}allowed: ${allowed.join(', ')}`,
      };
    }
    case 'pattern':
      return patternIssue(path, where, err.data, secret, String(params['pattern']));
    case 'propertyNames':
      return undefined; // worded through its nested pattern error
    case 'minimum':
    case 'maximum':
    case 'exclusiveMinimum':
    case 'exclusiveMaximum':
      return {
        path,
        target: 'value',
        message: `${where} must be ${String(params['comparison'])} ${String(params['limit'])}, got ${show(err.data, secret)}`,
        hint: `use a value ${String(params['comparison'])} ${String(params['limit'])}`,
      };
    case 'minItems':
    case 'minLength':
    case 'minProperties':
      return { path, target: 'value', message: `${where} must not be empty`, hint: `fill in ${field || 'the value'} or remove it` };
    case 'maxLength':
      return { path, target: 'value', message: `${where} is longer than ${String(params['limit'])} characters`, hint: 'shorten it' };
    case 'uniqueItems':
      return { path, target: 'value', message: `${where} lists the same item twice (items ${String(params['j'])} and ${String(params['i'])})`, hint: 'remove the duplicate' };
    case 'false schema': {
      const parent = path.slice(0, -1);
      const type = readAt(root, [...parent, 'type']);
      const { owner: parentOwner } = describePath(parent);
      return {
        path,
        target: 'key',
        message: `field "${String(path[path.length - 1])}" does not apply to ${String(type)} scorer ${parentOwner.replace(/^scorer /, '')}`,
        hint: type === 'code' ? 'code scorers take only file, node_types, name, description, tags; remove this field' : 'llm scorers take prompt or prompt_file, not file; remove this field',
      };
    }
    case 'if':
    case 'allOf':
      return undefined; // the nested error says what is wrong
    default:
      return { path, target: 'value', message: `${where} ${err.message ?? 'is invalid'}`, hint: 'see docs/manifest.md for this field' };
  }
}

function patternIssue(path: DataPath, where: string, value: unknown, secret: boolean, pattern: string): SchemaIssue {
  if (pattern.includes('>=')) {
    return { path, target: 'value', message: `invalid threshold ${show(value, secret)} for ${where}`, hint: 'write a comparison such as ">= 0.8" (operators: >=, >, <=, <, ==)' };
  }
  if (pattern.startsWith('^(preset:')) {
    return { path, target: 'value', message: `invalid scorer reference ${show(value, secret)} in ${where}`, hint: 'use a key under scorers: or preset:<name> (lowercase, e.g. preset:correctness)' };
  }
  // a key (map key or reference to one)
  const isKeyName = typeof path[path.length - 1] === 'string' && path[path.length - 1] === value;
  return {
    path,
    target: isKeyName ? 'key' : 'value',
    message: `invalid key ${show(value, secret)} in ${where}`,
    hint: 'keys use letters, digits, "_", "." and "-", and start with a letter or digit; put any other text in name:',
  };
}

function typeHint(expected: string, got: unknown): string {
  if (expected.includes('object') && got === null) return 'add the fields under this key, or remove the key';
  if (expected === 'array') return 'write a list: [a, b] or one "- item" per line';
  if (expected === 'object') return 'write a map: one "key: value" per line, indented';
  if (expected === 'integer' || expected === 'number') return 'write a number without quotes';
  if (expected === 'boolean') return 'write true or false without quotes';
  if (expected === 'string' && typeof got !== 'string') return 'quote the value';
  return 'fix the value';
}

function readAt(root: unknown, path: DataPath): unknown {
  let v: unknown = root;
  for (const seg of path) {
    if (v === null || typeof v !== 'object') return undefined;
    v = (v as Record<string, unknown>)[String(seg)];
  }
  return v;
}
