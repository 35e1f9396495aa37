import { describe, expect, it } from 'vitest';
import { canonicalTemplate, templateDisplayText } from '../../src/kinds/template/canonical-template.js';
import { diffState } from '../../src/core/diff-state.js';
import { lineDiff } from '../../src/core/line-diff.js';
import { normalizeCode } from '../../src/kinds/scorer/normalize-code.js';

describe('diffState', () => {
  it.each([
    { name: 'equal', desired: { name: 'a', n: 1 }, live: { name: 'a', n: 1 } },
    { name: 'unset desired fields are unmanaged', desired: { name: 'a', model: undefined }, live: { name: 'a', model: 'gpt-4.1-mini' } },
    { name: 'live-only fields are ignored', desired: { name: 'a' }, live: { name: 'a', created_at: 'x' } },
    { name: 'sets in another order', desired: { tags: ['a', 'b'] }, live: { tags: ['b', 'a'] }, opts: { sets: ['tags'] } },
    { name: 'empty vs null', desired: { description: '', tags: [] }, live: { description: null, tags: null } },
    { name: 'partial settings', desired: { settings: { temperature: 0 } }, live: { settings: { temperature: 0, max_tokens: 4096 } }, opts: { partial: ['settings'] } },
    { name: 'ignored keys', desired: { version: 0 }, live: { version: 3 }, opts: { ignore: ['version'] } },
  ])('no change: $name', ({ desired, live, opts }) => {
    expect(diffState(desired, live, opts)).toEqual([]);
  });

  it('reports dotted snake_case paths with before and after, arrays as a whole', () => {
    expect(diffState({ nodeTypes: ['llm'], settings: { temperature: 1 } }, { nodeTypes: ['chat', 'llm'], settings: { temperature: 0 } })).toEqual([
      { path: 'node_types', before: ['chat', 'llm'], after: ['llm'] },
      { path: 'settings.temperature', before: 0, after: 1 },
    ]);
  });

  it('lists every managed field as after-only against nothing', () => {
    expect(diffState({ name: 'a', judges: 3, model: undefined }, undefined)).toEqual([
      { path: 'judges', after: 3 },
      { path: 'name', after: 'a' },
    ]);
  });

  it('adds a line diff to multi-line text', () => {
    const [change] = diffState({ prompt: 'a\nb\nc' }, { prompt: 'a\nB\nc' });
    expect(change!.diff).toBe('@@ -1,3 +1,3 @@\n a\n-B\n+b\n c');
  });
});

describe('lineDiff', () => {
  it('is empty for equal texts', () => expect(lineDiff('a\nb', 'a\nb')).toBe(''));

  it('splits far-apart changes into hunks with three lines of context', () => {
    const before = Array.from({ length: 20 }, (_, i) => `line ${i}`);
    const after = [...before];
    after[1] = 'changed 1';
    after[18] = 'changed 18';
    expect(lineDiff(before.join('\n'), after.join('\n'))).toMatchInlineSnapshot(`
      "@@ -1,5 +1,5 @@
       line 0
      -line 1
      +changed 1
       line 2
       line 3
       line 4
      @@ -16,5 +16,5 @@
       line 15
       line 16
       line 17
      -line 18
      +changed 18
       line 19"
    `);
  });

  it('handles pure additions', () => {
    expect(lineDiff('a', 'a\nb')).toBe('@@ -1,1 +1,2 @@\n a\n+b');
  });
});

describe('shared normalizations', () => {
  it('normalizeCode: CRLF and CR to LF, trailing whitespace of the file trimmed', () => {
    expect(normalizeCode('def f():\r\n    return 1\r\n\r\n  ')).toBe('def f():\n    return 1');
    expect(normalizeCode('a\rb\n')).toBe('a\nb');
  });

  it('canonicalTemplate: strings as-is; message lists and their JSON text alike', () => {
    const list = [{ role: 'system', content: 'Be brief.', extra: 1 }, { role: 'user', content: '{{input}}' }];
    const canonical = '[{"role":"system","content":"Be brief."},{"role":"user","content":"{{input}}"}]';
    expect(canonicalTemplate(list)).toBe(canonical);
    expect(canonicalTemplate(JSON.stringify(list))).toBe(canonical);
    expect(canonicalTemplate(' [not json')).toBe(' [not json');
    expect(canonicalTemplate('Question: {{input}}')).toBe('Question: {{input}}');
  });
});

describe('message-list templates', () => {
  it('get a line diff per message', () => {
    const before = canonicalTemplate([{ role: 'system', content: 'Be brief.' }, { role: 'user', content: '{{input}}' }]);
    const after = canonicalTemplate([{ role: 'system', content: 'Be very brief.' }, { role: 'user', content: '{{input}}' }]);
    expect(diffState({ template: after }, { template: before }, { displayText: templateDisplayText })[0]!.diff).toBe('@@ -1,4 +1,4 @@\n [system]\n-Be brief.\n+Be very brief.\n [user]\n {{input}}');
  });
});
