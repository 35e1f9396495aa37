/**
 * A resource kind is one unit: its knowledge lives in src/kinds/<kind>/ (with its entry of the type map, merged
 * into src/core/kind-map.ts) and one line of src/kinds/registry.ts; the generic code iterates the registry. These
 * checks keep it so.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { KINDS, KIND_LIST, kindRank } from '../../src/kinds/registry.js';

const SRC = path.resolve(import.meta.dirname, '../../src');
const IDS = Object.keys(KINDS);
const ID_ALT = IDS.join('|');

function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((e) => {
    const p = path.join(dir, e);
    return statSync(p).isDirectory() ? walk(p) : p.endsWith('.ts') ? [p] : [];
  });
}

const rel = (p: string): string => path.relative(SRC, p).split(path.sep).join('/');
/** Where a kind may be named: its own folder, the registry, the type map, and the simulator (which is Galileo). */
const mayNameKinds = (f: string): boolean => f.startsWith('kinds/') || f.startsWith('sim/') || f === 'core/kind-map.ts';
const files = walk(SRC).map((p) => ({ file: rel(p), text: readFileSync(p, 'utf8') }));

/**
 * Generic files that still name kinds other than `project` (the container every project kind lives in). The list
 * may only shrink: a file that no longer names a kind must leave it, and no file may join it. Left: the org kinds'
 * live read (a scorer matched by name and type, presets, a dataset's rows read only when its stored hash differs)
 * and `galctl export` (an experiment's inputs written as dataset and template keys); a new project kind needs neither.
 */
const PENDING = new Set(['engine/read/read-live-state.ts', 'engine/export/build-export.ts']);

describe('the kind registry', () => {
  it('registers every kind folder by one import line, under its own id', () => {
    const registry = readFileSync(path.join(SRC, 'kinds/registry.ts'), 'utf8');
    const folders = readdirSync(path.join(SRC, 'kinds')).filter((e) => statSync(path.join(SRC, 'kinds', e)).isDirectory());
    for (const folder of folders) {
      expect(registry.match(new RegExp(`from '\\./${folder}/kind\\.js'`, 'g'))?.length, folder).toBe(1);
    }
    expect(folders).toHaveLength(IDS.length);
    for (const [id, kind] of Object.entries(KINDS)) expect(kind.id).toBe(id);
  });

  it('orders kinds by the registry: projects first, a run before its scorer settings before its traces', () => {
    expect(KIND_LIST.map((k) => k.id)).toEqual(IDS);
    expect(kindRank('project')).toBe(0);
    expect(kindRank('scorer_settings')).toBeLessThan(kindRank('traces'));
  });
});

describe('no per-kind knowledge outside src/kinds', () => {
  it('has no static table keyed by kind ids (ranks, labels, executors) outside the registry', () => {
    const tables: string[] = [];
    for (const { file, text } of files) {
      if (mayNameKinds(file) || PENDING.has(file)) continue;
      // a declaration whose value names three or more kinds (as keys or as strings): a per-kind table
      for (const m of text.matchAll(/(?:const|let)\s+\w+[^=;]*=\s*([\s\S]*?);\n/g)) {
        // kinds as strings (`['project', 'scorer', …]`), or as keys of literal or executor values (`{ project: 0, … }`)
        const named = [...m[1]!.matchAll(new RegExp(`['"](${ID_ALT})['"]`, 'g'))].map((x) => x[1]);
        const keyed = [...m[1]!.matchAll(new RegExp(`(?:^|[\\s{,])(${ID_ALT})\\s*:\\s*(?:['"\\d{[]|apply\\w+|\\w+Kind\\b)`, 'g'))].map((x) => x[1]);
        const keys = new Set([...named, ...keyed]);
        if (keys.size >= 3) tables.push(`${file}: ${[...keys].join(', ')}`);
      }
    }
    expect(tables).toEqual([]);
  });

  it('has the generic engine branch on no kind id but `project` (the container), except the files still pending', () => {
    const branching = files
      .filter(({ file, text }) => (file.startsWith('engine/') || file.startsWith('pipeline/')) && new RegExp(`(kind\\s*[!=]==\\s*'(?!project')(${ID_ALT})'|case '(${ID_ALT})':)`).test(text))
      .map(({ file }) => file);
    expect(branching.filter((f) => !PENDING.has(f))).toEqual([]);
    // the pending list only shrinks
    expect([...PENDING].filter((f) => !branching.includes(f) && !files.some((x) => x.file === f && /'(template|log_stream|experiment|scorer|dataset)'/.test(x.text)))).toEqual([]);
  });

  it('keeps the kind boundary free of `as Desired…` casts: a step narrows by its kind', () => {
    const casts = files.filter(({ file, text }) => !file.startsWith('sim/') && /\bas Desired[A-Z]\w*/.test(text)).map(({ file }) => file);
    expect(casts).toEqual([]);
  });
});
