import { describe, expect, it } from 'vitest';
import { parseManifest } from '../../src/manifest/parse-manifest.js';
import { MAX_ALIAS_EXPANSION } from '../../src/manifest/find-alias-expansion.js';

const parse = (text: string) => parseManifest(text, 'galileo.yaml', { env: {} });

describe('YAML alias expansion is capped', () => {
  it('accepts anchors that share a settings block', () => {
    const text = [
      'version: 1',
      'projects:',
      '  demo:',
      '    templates:',
      '      a: { template: "A {{input}}", settings: &s { model_alias: GPT-4o mini, temperature: 0 } }',
      '      b: { template: "B {{input}}", settings: *s }',
      '      c: { template: "C {{input}}", settings: *s }',
    ].join('\n');
    expect(parse(text).problems).toEqual([]);
  });

  it('refuses many anchors each aliased under the per-anchor limit, located at the alias that passes the cap', () => {
    // 30 anchors of 4,000 characters, each aliased 10 times (the yaml package's maxAliasCount of 100 allows it):
    // 1.2 MB of expansion from a 120 kB text
    const block = 'x'.repeat(4000);
    const lines = ['version: 1', 'x-shared:'];
    for (let a = 0; a < 30; a += 1) lines.push(`  - &a${a} "${block}"`);
    for (let a = 0; a < 30; a += 1) for (let k = 0; k < 10; k += 1) lines.push(`  - *a${a}`);
    const problems = parse(lines.join('\n')).problems;
    expect(problems).toHaveLength(1);
    // 4,001 per alias: the cap of 1,000,000 is passed at the 250th alias, line 2 + 30 + 250
    expect(problems[0]).toMatchObject({ file: 'galileo.yaml', line: 282, col: 5, code: 'too-large' });
    expect(problems[0]!.message).toBe(`YAML aliases expand the manifest by more than ${MAX_ALIAS_EXPANSION.toLocaleString('en-US')} characters (passed at *a24)`);
  });

  it('counts nested anchors at their full expansion (billion laughs under the per-anchor limit)', () => {
    const lines = ['version: 1', 'x-laughs:', '  a: &a ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]'];
    for (const [name, prev] of [['b', 'a'], ['c', 'b'], ['d', 'c'], ['e', 'd'], ['f', 'e'], ['g', 'f']] as const) {
      lines.push(`  ${name}: &${name} [*${prev}, *${prev}, *${prev}, *${prev}, *${prev}, *${prev}, *${prev}, *${prev}, *${prev}]`);
    }
    const problems = parse(lines.join('\n')).problems;
    expect(problems.map((p) => [p.line, p.code])).toEqual([[8, 'too-large']]);
  });
});
