import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Prng } from '../../src/sim/prng.js';

// A seeded, deterministic fuzzer for manifests: each case is one of the example manifests with 1-3 mutations
// (byte flips, line edits, type swaps, huge values, deep nesting, unicode, random keys, YAML tricks, path
// traversal, absolute paths, symlinks and special files). Cases are written into a workspace that holds a copy
// of every example directory plus traps: a secret next to (outside) the example directories, symlinks that point
// out, and a FIFO that would block a reader forever.

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

/** A prepared copy of the examples; `cases` write `fuzz.yaml` into one of its example directories. */
export interface FuzzWorkspace {
  dir: string;
  /** example directory name → original manifest text */
  bases: { name: string; dir: string; text: string }[];
  cleanup(): void;
}

export interface FuzzCase {
  index: number;
  /** the example the case starts from */
  base: string;
  /** mutation names applied, in order */
  mutations: string[];
  /** the manifest's directory (inside the workspace) */
  dir: string;
  /** the manifest text or bytes */
  content: string | Buffer;
  /** extra CLI args (e.g. --allow-outside-files) */
  args: string[];
}

export const OUTSIDE_SECRET = 'FUZZ-OUTSIDE-SECRET-4f1c';

/** Copies every example into a temp workspace and adds the traps. */
export function createFuzzWorkspace(): FuzzWorkspace {
  const dir = mkdtempSync(path.join(tmpdir(), 'galctl-fuzz-'));
  const bases: FuzzWorkspace['bases'] = [];
  writeFileSync(path.join(dir, 'outside-secret.txt'), `${OUTSIDE_SECRET}\n`);
  const examples = ['prompt-template', 'pre-generated-outputs', 'raw-traces', 'log-stream-monitoring'];
  for (const name of examples) {
    const target = path.join(dir, name);
    cpSync(path.join(ROOT, 'examples', name), target, { recursive: true });
    bases.push({ name, dir: target, text: readFileSync(path.join(target, 'galileo.yaml'), 'utf8') });
  }
  // the root example references examples/quickstart/...: keep that layout
  const rootDir = path.join(dir, 'root');
  mkdirSync(path.join(rootDir, 'examples'), { recursive: true });
  cpSync(path.join(ROOT, 'examples', 'quickstart'), path.join(rootDir, 'examples', 'quickstart'), { recursive: true });
  bases.push({ name: 'root', dir: rootDir, text: readFileSync(path.join(ROOT, 'galileo.yaml.example'), 'utf8') });
  for (const b of bases) {
    symlinkSync('../outside-secret.txt', path.join(b.dir, 'link-out.txt'));
    symlinkSync('/etc/passwd', path.join(b.dir, 'link-passwd.csv'));
    symlinkSync('/etc', path.join(b.dir, 'link-etc'));
    symlinkSync('..', path.join(b.dir, 'link-up'));
    symlinkSync('missing-target', path.join(b.dir, 'link-dangling.py'));
    execFileSync('mkfifo', [path.join(b.dir, 'pipe.jsonl')]);
    mkdirSync(path.join(b.dir, 'a-directory.csv'));
  }
  return { dir, bases, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** Paths a hostile or careless manifest may reference. */
export const HOSTILE_PATHS = [
  '../../etc/passwd', '../outside-secret.txt', '/etc/passwd', '/etc/shadow', '/root/.ssh/id_rsa', '/dev/zero',
  '/dev/urandom', '/dev/stdin', '/proc/self/environ', '/proc/self/mem', 'link-out.txt', 'link-passwd.csv',
  'link-etc/passwd', 'link-up/outside-secret.txt', 'link-dangling.py', 'pipe.jsonl', 'a-directory.csv', '.', '..',
  '/', 'scorers/../../outside-secret.txt', '~/.ssh/id_rsa', 'file:///etc/passwd', '%2e%2e/%2e%2e/etc/passwd',
  'C:\\Windows\\win.ini', '\\\\server\\share\\x.csv', 'x'.repeat(5000), 'dir/'.repeat(300) + 'x.py', 'a\u0000b.py',
  'datasets/\u202egnp.csv', '', ' ', './/..//..//etc/passwd', '/tmp/../etc/passwd',
];

const TYPE_SWAPS = ['[]', '{}', 'null', '~', '0', '-1', '1e309', '.nan', '-.inf', 'true', 'no', '"x"', "''", '[1, [2, [3]]]',
  '{a: {b: {c: d}}}', '!!binary AAAA', '!!python/object:os.system ls', '!custom x', '*undefined_alias', '&anchor x',
  '2024-01-01', '0x1F', '0o17', '12:30:00', '"${GALILEO_API_KEY}"', '${UNSET_VAR}', '${A:-${B}}', '${', '$${X}', '|', '>-'];

const HUGE = (r: Prng): string => {
  const n = [1_000, 100_000, 1_000_000][Math.floor(r.next() * 3)] ?? 1000;
  return ['x'.repeat(n), '9'.repeat(Math.min(n, 400)), `"${'é'.repeat(n / 2)}"`, '1e308', '-9007199254740993', '0.' + '1'.repeat(400)][Math.floor(r.next() * 6)] ?? 'x';
};

const UNICODE = ['\u202e', '\u0000', '\u200b', '\ufeff', '\u{1f600}', 'e\u0301', '\ud800', '\u2028', '\u0085', '\r', '\r\n', '\t', '\u001b[31m', 'Ω≈ç√', '日本語', '\u0007', '\\'];

type Mutation = (text: string, r: Prng) => string;

const pick = <T>(r: Prng, items: readonly T[]): T => items[Math.floor(r.next() * items.length)] as T;
const lines = (t: string): string[] => t.split('\n');
const lineIndex = (t: string, r: Prng): number => Math.floor(r.next() * lines(t).length);

/** Lines that hold a `key: value` scalar (the targets of value swaps). */
function valueLines(text: string): number[] {
  return lines(text).flatMap((l, i) => (/^\s*[-\w.:]+:\s+\S/.test(l) && !l.trim().startsWith('#') ? [i] : []));
}

function replaceValue(text: string, r: Prng, value: string): string {
  const ls = lines(text);
  const candidates = valueLines(text);
  if (candidates.length === 0) return text;
  const i = pick(r, candidates);
  ls[i] = (ls[i] ?? '').replace(/^(\s*[-\w.:]+:\s+).*$/, `$1${value}`);
  return ls.join('\n');
}

const FILE_KEY = /^(\s*(?:file|prompt_file|template_file|traces):\s+).*$/;

export const MUTATIONS: Record<string, Mutation> = {
  'byte-flip': (t, r) => {
    const chars = [...t];
    const n = 1 + Math.floor(r.next() * 8);
    for (let k = 0; k < n && chars.length > 0; k++) chars[Math.floor(r.next() * chars.length)] = String.fromCharCode(Math.floor(r.next() * 256));
    return chars.join('');
  },
  'delete-line': (t, r) => {
    const ls = lines(t);
    ls.splice(lineIndex(t, r), 1 + Math.floor(r.next() * 3));
    return ls.join('\n');
  },
  'duplicate-line': (t, r) => {
    const ls = lines(t);
    const i = lineIndex(t, r);
    ls.splice(i, 0, ...Array.from({ length: 1 + Math.floor(r.next() * 3) }, () => ls[i] ?? ''));
    return ls.join('\n');
  },
  'swap-lines': (t, r) => {
    const ls = lines(t);
    const a = lineIndex(t, r);
    const b = lineIndex(t, r);
    [ls[a], ls[b]] = [ls[b] ?? '', ls[a] ?? ''];
    return ls.join('\n');
  },
  'reindent-line': (t, r) => {
    const ls = lines(t);
    const i = lineIndex(t, r);
    ls[i] = ' '.repeat(Math.floor(r.next() * 12)) + (ls[i] ?? '').trimStart();
    return ls.join('\n');
  },
  'type-swap': (t, r) => replaceValue(t, r, pick(r, TYPE_SWAPS)),
  'huge-value': (t, r) => replaceValue(t, r, HUGE(r)),
  'huge-key': (t, r) => `${t}\n${'k'.repeat(1 + Math.floor(r.next() * 200_000))}: 1\n`,
  'deep-nesting': (t, r) => {
    const depth = [10, 70, 1000, 20_000][Math.floor(r.next() * 4)] ?? 10;
    const flow = r.next() < 0.5 ? `${'['.repeat(depth)}${']'.repeat(depth)}` : `${'{a: '.repeat(depth)}1${'}'.repeat(depth)}`;
    return replaceValue(t, r, flow);
  },
  'deep-block': (t, r) => {
    const depth = 5 + Math.floor(r.next() * 100);
    return `${t}\n${Array.from({ length: depth }, (_, i) => `${'  '.repeat(i)}k${i}:`).join('\n')} x\n`;
  },
  unicode: (t, r) => {
    const chars = [...t];
    const n = 1 + Math.floor(r.next() * 5);
    for (let k = 0; k < n; k++) chars.splice(Math.floor(r.next() * (chars.length + 1)), 0, pick(r, UNICODE));
    return chars.join('');
  },
  'unicode-value': (t, r) => replaceValue(t, r, JSON.stringify(Array.from({ length: 1 + Math.floor(r.next() * 6) }, () => pick(r, UNICODE)).join(''))),
  'random-key': (t, r) => {
    const ls = lines(t);
    const i = lineIndex(t, r);
    const indent = ((ls[i] ?? '').match(/^\s*/)?.[0] ?? '').length;
    const key = pick(r, ['bogus', 'nmae', 'scorer', 'type', '__proto__', 'constructor', 'prototype', 'version', '"a\\nb"', "'x: y'", '? complex', '<<', '"\\u0000"', '1', 'true', 'null']);
    ls.splice(i + 1, 0, `${' '.repeat(indent)}${key}: ${pick(r, TYPE_SWAPS)}`);
    return ls.join('\n');
  },
  'yaml-trick': (t, r) => {
    const tricks = [
      `${t}\n---\nversion: 1\n`, `%YAML 1.1\n---\n${t}`, `x: &a {b: *a}\n${t}`, `${t}\nmerge: {<<: [*a]}\n`, `!!map\n${t}`,
      `${t}\nversion: 2\n`, t.replace('version: 1', 'version: "1"'), t.replace('version: 1', 'version: 1.0'),
      t.replace(/\n/g, '\r\n'), t.replace(/\n/g, '\r'), `\ufeff${t}`, `${t}\n...\ngarbage: [\n`, `? [a, b]\n: c\n${t}`,
      t.replace(/: /g, ':\t'), `${t}\n${t}`,
    ];
    return pick(r, tricks);
  },
  'path-traversal': (t, r) => {
    const ls = lines(t);
    const targets = ls.flatMap((l, i) => (FILE_KEY.test(l) ? [i] : []));
    const value = JSON.stringify(pick(r, HOSTILE_PATHS));
    if (targets.length === 0) return `${t}\nscorers:\n  evil: {type: code, node_types: [trace], file: ${value}}\n`;
    const i = pick(r, targets);
    ls[i] = (ls[i] ?? '').replace(FILE_KEY, `$1${value}`);
    return ls.join('\n');
  },
  'add-file-ref': (t, r) => {
    const value = JSON.stringify(pick(r, HOSTILE_PATHS));
    const kind = pick(r, [
      `  evil-code: {type: code, node_types: [trace], file: ${value}}`,
      `  evil-prompt: {type: llm, node_types: [llm], output_type: boolean, model: GPT-4o mini, prompt_file: ${value}}`,
    ]);
    return t.includes('\nscorers:\n') ? t.replace('\nscorers:\n', `\nscorers:\n${kind}\n`) : `${t}\ndatasets:\n  evil: {file: ${value}}\n`;
  },
  truncate: (t, r) => t.slice(0, Math.floor(r.next() * t.length)),
};

const MUTATION_NAMES = Object.keys(MUTATIONS);

/** Case `index` of the run seeded with `seed`: always the same case for the same pair. */
export function fuzzCase(ws: FuzzWorkspace, seed: number, index: number): FuzzCase {
  const r = new Prng((seed * 1_000_003 + index * 7919) >>> 0);
  const base = pick(r, ws.bases);
  const count = 1 + Math.floor(r.next() * 3);
  const mutations: string[] = [];
  let text = base.text;
  for (let k = 0; k < count; k++) {
    const name = pick(r, MUTATION_NAMES);
    mutations.push(name);
    text = (MUTATIONS[name] as Mutation)(text, r);
  }
  // a few cases as raw bytes (invalid UTF-8 and all)
  let content: string | Buffer = text;
  if (r.next() < 0.05) {
    const buf = Buffer.from(text, 'utf8');
    for (let k = 0; k < 4 && buf.length > 0; k++) buf[Math.floor(r.next() * buf.length)] = 0x80 + Math.floor(r.next() * 0x80);
    content = buf;
    mutations.push('invalid-utf8');
  }
  const args = r.next() < 0.1 ? ['--allow-outside-files'] : [];
  return { index, base: base.name, mutations, dir: base.dir, content, args };
}

/** Writes the case's manifest as `fuzz.yaml` in its example directory and returns the argv for validate. */
export function writeCase(c: FuzzCase): string[] {
  writeFileSync(path.join(c.dir, 'fuzz.yaml'), c.content);
  return ['validate', '-f', 'fuzz.yaml', '--no-color', ...c.args];
}

const PROBLEM_LINE = /^[^\n]+:\d+:\d+: \S[^\n]*$/;
const HINT_LINE = /^ {2}hint: [^\n]*$/;
const SUMMARY_LINE = /^\d+ problems? in \S[^\n]*$/;
/** Output only an uncaught exception could produce. */
export const STACK = /\n\s+at .+[:(]\d+|node:internal|internal error|TypeError|RangeError|ReferenceError|SyntaxError: Unexpected/;

/** What is wrong with one validate result, or undefined when it is a clean OK or clean list of located problems. */
export function judgeValidate(r: { code: number; stdout: string; stderr: string }): string | undefined {
  if (STACK.test(r.stderr) || STACK.test(r.stdout)) return 'stack trace or internal error in the output';
  if (r.code === 0) return /^[^\n]+: OK \([^\n]*\)\n$/.test(r.stdout) && r.stderr === '' ? undefined : 'exit 0 without one OK line';
  if (r.code !== 1) return `exit code ${r.code}`;
  if (r.stdout !== '') return 'stdout on failure';
  const out = r.stderr.endsWith('\n') ? r.stderr.slice(0, -1) : r.stderr;
  const ls = out.split('\n');
  if (ls.length < 2 || !PROBLEM_LINE.test(ls[0] ?? '')) return 'first line is not FILE:LINE:COL: message';
  if (!SUMMARY_LINE.test(ls[ls.length - 1] ?? '')) return 'no "N problems in FILE" summary line';
  const bad = ls.slice(0, -1).find((l) => !PROBLEM_LINE.test(l) && !HINT_LINE.test(l));
  return bad === undefined ? undefined : `unlocated line: ${JSON.stringify(bad.slice(0, 200))}`;
}
