import { describe, expect, it } from 'vitest';
import { parseManifest } from '../../src/manifest/parse-manifest.js';
import { splitInterpolation } from '../../src/manifest/interpolate.js';

const parse = (value: string, env: Record<string, string>) =>
  parseManifest(`version: 1\nprojects:\n  p:\n    description: ${value}\n`, 'm.yaml', { env });

describe('interpolation', () => {
  it.each([
    ['${A}', { A: 'x' }, 'x'],
    ['"pre-${A}-post"', { A: 'x' }, 'pre-x-post'],
    ['${A:-fallback}', {}, 'fallback'],
    ['${A:-fallback}', { A: '' }, 'fallback'],
    ['${A:-}', {}, ''],
    ['"$${A} stays"', { A: 'x' }, '${A} stays'],
    ['"${A}${B:-2}"', { A: '1' }, '12'],
  ])('%s with %o → %s', (value, env, expected) => {
    const r = parse(value, env);
    expect(r.problems).toEqual([]);
    expect(r.manifest?.projects?.['p']?.description).toBe(expected);
  });

  it('locates an unset variable at the reference inside the string', () => {
    const r = parse('"abc ${MISSING} def"', {});
    expect(r.problems.map((p) => `${p.line}:${p.col} ${p.message}`)).toEqual(['4:23 environment variable MISSING is not set']);
  });

  it('reports malformed and unclosed references', () => {
    expect(parse('"${not valid}"', {}).problems.map((p) => p.message)).toEqual(['invalid variable reference "${not valid}"']);
    expect(parse('"${OPEN"', {}).problems.map((p) => p.message)).toEqual(['unclosed "${"']);
  });

  it('splits text and references', () => {
    expect(splitInterpolation('a${B:-c}d')).toEqual([{ text: 'a' }, { name: 'B', fallback: 'c', raw: '${B:-c}', offset: 1 }, { text: 'd' }]);
  });
});

describe('secret variables', () => {
  it('records the values of ${…KEY/TOKEN/SECRET/PASSWORD} (defaults too), not of MAX_TOKENS', () => {
    const r = parse('"${MY_TOKEN} ${DB_PASSWORD:-fallback-pw} ${MAX_TOKENS} ${PLAIN}"', { MY_TOKEN: 'tok-123456', MAX_TOKENS: '100000', PLAIN: 'plain-value' });
    expect(r.problems).toEqual([]);
    expect(r.secrets).toEqual(['tok-123456', 'fallback-pw']);
  });
});
