import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../helpers/example-workspace.js';

const pages = [...readdirSync(path.join(ROOT, 'docs')).filter((f) => f.endsWith('.md')).map((f) => `docs/${f}`), 'README.md'];

/** What only the team has: its notes on the API, the guide's seed copy, question numbers, source identifiers. */
const INTERNAL = [/seed guide/i, /\bseeds?\//i, /question \d+/i, /open question/i, /galileo-api(\.md| §)/i, /\bsrc\/[\w/-]+\.ts\b/, /\[(GUIDE|SPEC|JS|PY|GEN)\](?!\()/, /[A-Z]{3,}_[A-Z_]{3,} in /];

describe('user docs name no internal material', () => {
  it.each(pages)('%s', (page) => {
    const text = readFileSync(path.join(ROOT, page), 'utf8');
    for (const pattern of INTERNAL) expect(text, `${page} matches ${pattern}`).not.toMatch(pattern);
  });

  it('they link to Galileo\'s public documentation instead', () => {
    const all = pages.map((p) => readFileSync(path.join(ROOT, p), 'utf8')).join('\n');
    expect(all).toContain('https://docs.galileo.ai/');
    expect(all).toContain('https://v2docs.galileo.ai/');
  });
});
