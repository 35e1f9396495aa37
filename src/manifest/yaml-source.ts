import { isMap, isPair, isScalar, isSeq, LineCounter, parseDocument } from 'yaml';
import type { Document, Node } from 'yaml';
import { findExcessiveAliasing, MAX_ALIAS_EXPANSION } from './find-alias-expansion.js';
import type { Problem } from '../core/problem.js';

/** A parsed YAML manifest with the means to turn any path in it back into a line and column. */
export interface YamlSource {
  file: string;
  text: string;
  doc: Document.Parsed;
  lineCounter: LineCounter;
  /** the keys located so far (locatePath, target `key`), by pathKey: a cached parse brings them along */
  keyPositions?: Map<string, Position>;
}

/** A path into the manifest data: map keys and sequence indexes. */
export type DataPath = readonly (string | number)[];

/** Refused before parsing: a larger manifest is almost certainly a mistake (data belongs in referenced files). */
export const MAX_MANIFEST_BYTES = 5 * 1024 * 1024;
/** Deepest nesting a manifest may have; the format itself needs fewer than 10 levels. */
export const MAX_DEPTH = 64;

export interface Position {
  line: number;
  col: number;
}

/** 1-based line and column of a character offset. */
export function positionAt(source: Pick<YamlSource, 'lineCounter'>, offset: number): Position {
  const p = source.lineCounter.linePos(Math.max(0, offset));
  return { line: p.line, col: p.col };
}

/**
 * Parses YAML text into a document with source positions. Syntax errors (bad indentation, duplicate keys, tabs,
 * unclosed quotes) become located problems. Input that could exhaust the parser (huge, binary, absurdly deep)
 * is refused first, so no input crashes the process.
 */
export function parseYamlSource(text: string, file: string): { source?: YamlSource; problems: Problem[] } {
  const at = (line: number, col: number, code: string, message: string, hint: string): Problem => ({
    file, line, col, code, message, hint,
  });
  if (text.length > MAX_MANIFEST_BYTES) {
    return { problems: [at(1, 1, 'too-large', `manifest is ${text.length} bytes, more than the ${MAX_MANIFEST_BYTES} allowed`, 'move rows and traces into files referenced from the manifest')] };
  }
  const bad = findBinary(text);
  if (bad !== undefined) {
    return { problems: [at(bad.line, bad.col, 'not-text', 'manifest is not a text file (it contains control characters)', 'check that -f points at your galileo.yaml')] };
  }
  const deep = findExcessiveNesting(text);
  if (deep !== undefined) {
    return { problems: [at(deep.line, deep.col, 'too-deep', `manifest is nested more than ${MAX_DEPTH} levels deep`, 'flatten the structure; the manifest format needs fewer than 10 levels')] };
  }
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true, strict: true, logLevel: 'error' });
  const source: YamlSource = { file, text, doc, lineCounter, keyPositions: new Map() };
  const problems: Problem[] = [];
  for (const err of [...doc.errors, ...doc.warnings]) {
    const pos = positionAt(source, err.pos[0]);
    problems.push(at(pos.line, pos.col, 'yaml-syntax', yamlMessage(err.code, err.message), yamlHint(err.code)));
  }
  const aliasing = problems.length === 0 ? findExcessiveAliasing(doc) : undefined;
  if (aliasing !== undefined) {
    const pos = positionAt(source, aliasing.offset);
    const message = `YAML aliases expand the manifest by more than ${MAX_ALIAS_EXPANSION.toLocaleString('en-US')} characters (passed at *${aliasing.name})`;
    problems.push(at(pos.line, pos.col, 'too-large', message, 'repeat fewer or smaller blocks through aliases; put large shared content in a referenced file'));
  }
  return { source, problems };
}

function yamlMessage(code: string, message: string): string {
  const first = (message.split('\n')[0] ?? message).trim();
  if (code === 'DUPLICATE_KEY') return 'duplicate key: map keys must be unique';
  return `invalid YAML: ${first.charAt(0).toLowerCase()}${first.slice(1)}`;
}

function yamlHint(code: string): string {
  switch (code) {
    case 'DUPLICATE_KEY':
      return 'remove or rename one of the two entries with this key';
    case 'TAB_AS_INDENT':
      return 'indent with spaces, not tabs';
    case 'BAD_INDENT':
    case 'MISSING_CHAR':
      return code === 'BAD_INDENT' ? 'align this line with its siblings (use spaces)' : 'close the quote or the bracket opened before this point';
    case 'MULTIPLE_DOCS':
      return 'keep one YAML document per manifest (remove the extra `---`)';
    default:
      return 'fix the YAML syntax at this position';
  }
}

function findBinary(text: string): Position | undefined {
  // eslint-disable-next-line no-control-regex
  const m = /[\u0000-\u0008\u000e-\u001f\ufffd]/.exec(text);
  if (m === null) return undefined;
  return offsetToPosition(text, m.index);
}

function offsetToPosition(text: string, offset: number): Position {
  let line = 1;
  let start = 0;
  for (let i = 0; i < offset; i++) {
    if (text.charCodeAt(i) === 10) {
      line += 1;
      start = i + 1;
    }
  }
  return { line, col: offset - start + 1 };
}

/**
 * A conservative scan for nesting deeper than the parser can take: open flow brackets outside quotes and comments,
 * indentation width, and runs of compact `- - -` items. The parser itself runs out of memory on 10,000-deep input.
 */
function findExcessiveNesting(text: string): Position | undefined {
  let depth = 0;
  let quote: string | undefined;
  let comment = false;
  let lineStart = true;
  let indent = 0;
  let dashes = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '\n') {
      comment = false;
      lineStart = true;
      indent = 0;
      dashes = 0;
      if (quote === "'") quote = undefined; // a broken quote: let the parser report it
      continue;
    }
    if (lineStart) {
      if (c === ' ') {
        indent += 1;
        if (indent > MAX_DEPTH * 8) return offsetToPosition(text, i);
        continue;
      }
      if (c === '-' && (text[i + 1] === ' ' || text[i + 1] === '\t')) {
        dashes += 1;
        if (dashes > MAX_DEPTH) return offsetToPosition(text, i);
        i += 1;
        continue;
      }
      lineStart = false;
    }
    if (comment) continue;
    if (quote !== undefined) {
      if (c === '\\' && quote === '"') i += 1;
      else if (c === quote) quote = undefined;
      continue;
    }
    if (c === '#' && (i === 0 || /\s/.test(text[i - 1] ?? ' '))) comment = true;
    else if ((c === '"' || c === "'") && startsScalar(text, i)) quote = c;
    else if (c === '[' || c === '{') {
      depth += 1;
      if (depth > MAX_DEPTH) return offsetToPosition(text, i);
    } else if (c === ']' || c === '}') depth = Math.max(0, depth - 1);
  }
  return undefined;
}

/** A quote opens a quoted scalar only where a scalar may start (after `: `, `[`, `{`, `,`, `- ` or indentation). */
function startsScalar(text: string, i: number): boolean {
  for (let j = i - 1; j >= 0; j--) {
    const p = text[j];
    if (p === ' ' || p === '\t') continue;
    return p === ':' || p === '[' || p === '{' || p === ',' || p === '-' || p === '?' || p === '\n';
  }
  return true;
}

/** The key node and the value node at `path`, as far as the path exists. */
function nodesAt(doc: Document.Parsed, path: DataPath): { key?: Node; value?: Node } {
  let value: unknown = doc.contents;
  let key: Node | undefined;
  for (const seg of path) {
    if (isMap(value)) {
      const pair = value.items.find((p) => isPair(p) && isScalar(p.key) && String(p.key.value) === String(seg));
      if (pair === undefined) break;
      key = pair.key as Node;
      value = pair.value;
    } else if (isSeq(value) && typeof seg === 'number' && value.items[seg] !== undefined) {
      key = undefined;
      value = value.items[seg];
    } else break;
  }
  const out: { key?: Node; value?: Node } = {};
  if (key !== undefined) out.key = key;
  if (value !== null && value !== undefined && typeof value === 'object' && 'range' in value) out.value = value as Node;
  return out;
}

/** The YAML node (scalar, map, sequence) at `path`, when it exists. */
export function nodeAt(source: YamlSource, path: DataPath): Node | undefined {
  return nodesAt(source.doc, path).value;
}

/**
 * Line and column of `path`: of its key when `target` is `key` (the default: "scorer x" points at `x:`), else of
 * its value. Falls back to the nearest existing ancestor, then to 1:1.
 */
export function locatePath(source: YamlSource, path: DataPath, target: 'key' | 'value' = 'key'): Position {
  const known = target === 'key' ? source.keyPositions?.get(pathKey(path)) : undefined;
  if (known !== undefined) return known;
  const { key, value } = nodesAt(source.doc, path);
  const first = target === 'key' ? (key ?? value) : (value ?? key);
  const offset = first?.range?.[0];
  const found = offset === undefined ? { line: 1, col: 1 } : positionAt(source, offset);
  if (target === 'key') source.keyPositions?.set(pathKey(path), found);
  return found;
}

/** A path as one string (a map key of keyPositions). */
export const pathKey = (path: DataPath): string => JSON.stringify(path);

/**
 * The source of a text that parsed clean before (galctl's cache says so), with the keys located then: the text is
 * parsed again only when something asks for a node or a position the cache does not hold (a problem to locate).
 */
export function lazyYamlSource(text: string, file: string, keyPositions: Map<string, Position>): YamlSource {
  let parsed: YamlSource | undefined;
  const load = (): YamlSource => {
    parsed ??= parseYamlSource(text, file).source;
    if (parsed === undefined) throw new Error(`${file}: the cached parse of this text no longer holds`); // the same text parses the same
    return parsed;
  };
  return {
    file,
    text,
    keyPositions,
    get doc() {
      return load().doc;
    },
    get lineCounter() {
      return load().lineCounter;
    },
  };
}

/** Position of `needle` inside the source text of the node at `path`, else the node's start. */
export function locateInNode(source: YamlSource, path: DataPath, needle: string): Position {
  const node = nodeAt(source, path);
  const range = node?.range;
  if (range === undefined || range === null) return locatePath(source, path, 'value');
  const idx = source.text.indexOf(needle, range[0]);
  return positionAt(source, idx >= 0 && idx < range[1] ? idx : range[0]);
}
