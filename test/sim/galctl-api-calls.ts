import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';

/** One request galctl's source makes: a method and a path with parameters written `{}`. */
export interface ApiCall {
  method: string;
  /** `/projects/{}/traces` */
  path: string;
  /** `src/galileo/runs.ts:12`, where the path is written */
  where: string;
}

/** A path literal whose method the scan could not tell. */
export interface UnknownMethod {
  path: string;
  where: string;
}

const METHOD_LITERAL = /['"`](GET|POST|PUT|PATCH|DELETE)\b/g;
/** a `post(...)` helper (PostJson) is a POST */
const POST_CALL = /\bpost\(/;
const STRING = /'(\/[A-Za-z_][^'\s]*)'/g;
const TEMPLATE = /`(\/[A-Za-z_](?:[^`$\\]|\$\{(?:[^{}`]|\{[^{}`]*\})*\})*)`/g;
const FUNCTION_START = /^(?:export )?(?:async )?function\*? (\w+)|^(?:export )?const (\w+) = (?:async )?\(/;

/**
 * The requests the TypeScript files under `root` make, found statically: every path literal (`'/datasets'`,
 * apiPath`/projects/${id}/traces`, with `${a ? 'x' : 'y'}` read as both `x` and `y`) that `isApiPath` accepts, and
 * its method — the method literals on the same line; else those in the enclosing top-level function (a `const path`
 * sent further down, a `post(path, …)` helper); else, for a path helper with none, those on the lines that call it.
 */
export function scanApiCalls(root: string, isApiPath: (path: string) => boolean, skip: (file: string) => boolean): { calls: ApiCall[]; unknown: UnknownMethod[] } {
  const calls: ApiCall[] = [];
  const unknown: UnknownMethod[] = [];
  for (const file of tsFiles(root)) {
    const rel = relative(join(root, '..'), file).split('\\').join('/');
    if (skip(rel)) continue;
    const found = scanSource(readFileSync(file, 'utf8'), isApiPath);
    for (const c of found.calls) calls.push({ ...c, where: `${rel}:${c.where}` });
    for (const u of found.unknown) unknown.push({ ...u, where: `${rel}:${u.where}` });
  }
  return { calls, unknown };
}

/** scanApiCalls for one file's text; `where` is the line number. */
export function scanSource(text: string, isApiPath: (path: string) => boolean): { calls: ApiCall[]; unknown: UnknownMethod[] } {
  const lines = text.split('\n').map(codeOf);
  const calls: ApiCall[] = [];
  const unknown: UnknownMethod[] = [];
  lines.forEach((line, i) => {
    const paths = [...line.matchAll(STRING)].map((m) => [m[1] as string]).concat([...line.matchAll(TEMPLATE)].map((m) => expand(m[1] as string)));
    for (const path of paths.flat().map(withoutQuery).filter(isApiPath)) {
      const methods = methodsOf(lines, i);
      if (methods.size === 0) unknown.push({ path, where: String(i + 1) });
      for (const method of methods) calls.push({ method, path, where: String(i + 1) });
    }
  });
  return { calls, unknown };
}

function methodsOf(lines: string[], i: number): Set<string> {
  const own = methodsIn([lines[i] as string]);
  if (own.size > 0) return own;
  const fn = enclosingFunction(lines, i);
  if (fn === undefined) return own;
  const body = methodsIn(lines.slice(fn.start, fn.end + 1));
  if (body.size > 0 || fn.name === undefined) return body;
  const callers = lines.filter((l, j) => (j < fn.start || j > fn.end) && l.includes(`${fn.name}(`));
  return methodsIn(callers);
}

function methodsIn(lines: string[]): Set<string> {
  const out = new Set<string>();
  for (const line of lines) {
    for (const m of line.matchAll(METHOD_LITERAL)) out.add(m[1] as string);
    if (POST_CALL.test(line)) out.add('POST');
  }
  return out;
}

/** the top-level function around line i: from its first line to the next line that is `}` or `};` */
function enclosingFunction(lines: string[], i: number): { start: number; end: number; name: string | undefined } | undefined {
  for (let s = i; s >= 0; s--) {
    const m = FUNCTION_START.exec(lines[s] as string);
    if (m === null) continue;
    let e = s;
    while (e < lines.length && !/^\};?$/.test(lines[e] as string)) e++;
    return e >= i ? { start: s, end: e, name: m[1] ?? m[2] } : undefined;
  }
  return undefined;
}

/** the paths a template literal's text stands for: `${x ? 'a' : 'b'}` → both, any other `${…}` → `{}` */
function expand(template: string): string[] {
  const m = /\$\{[^{}`]*\?\s*'([^']*)'\s*:\s*'([^']*)'\s*\}/.exec(template);
  if (m !== null) return [m[1] as string, m[2] as string].flatMap((alt) => expand(template.replace(m[0], alt)));
  return [template.replace(/\$\{(?:[^{}]|\{[^{}]*\})*\}/g, '{}')];
}

/** the line without its comment (doc-comment lines and `// …` tails name paths they do not request) */
function codeOf(line: string): string {
  if (/^\s*(\*|\/\*|\/\/)/.test(line)) return '';
  return line.replace(/\s\/\/\s.*$/, '');
}

function withoutQuery(path: string): string {
  return path.replace(/\?.*$/, '');
}

function tsFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = join(dir, e.name);
    if (e.isDirectory()) return tsFiles(p);
    return e.isFile() && e.name.endsWith('.ts') ? [p] : [];
  });
}
