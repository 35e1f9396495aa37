import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { loadManifest } from '../../src/manifest/load-manifest.js';
import { MANIFEST_PARSE_CACHE } from '../../src/manifest/manifest-parse-cache.js';
import { ROOT } from '../helpers/example-workspace.js';
import { fixtureDir, yaml } from './fixture-dir.js';

/** A copy of an example workspace, removed when the test finishes. */
function copyOf(example: string): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'galctl-parse-cache-'));
  onTestFinished(() => rmSync(dir, { recursive: true, force: true }));
  cpSync(path.join(ROOT, 'examples', example), dir, { recursive: true });
  rmSync(path.join(dir, '.galctl'), { recursive: true, force: true });
  return dir;
}

const entriesIn = (cwd: string): string[] => {
  const dir = path.join(cwd, '.galctl', 'cache', MANIFEST_PARSE_CACHE);
  return readdirSync(dir).map((f) => path.join(dir, f));
};

const KEY = 'sk-parse-cache-secret-value';

describe('the parsed manifest from galctl\'s local cache', () => {
  it('loads the same desired state, locations and secrets as a parse, and holds no value from the environment', async () => {
    const cwd = copyOf('production');
    const first = await loadManifest('galileo.yaml', { cwd, env: { OPENAI_API_KEY: KEY } });
    expect(first.problems).toEqual([]);
    const [entry] = entriesIn(cwd);
    expect(readFileSync(entry!, 'utf8')).not.toContain(KEY);
    expect(readFileSync(entry!, 'utf8')).toContain('${OPENAI_API_KEY}');

    const again = await loadManifest('galileo.yaml', { cwd, env: { OPENAI_API_KEY: KEY } });
    expect(again).toEqual(first);
    expect(again.secrets).toEqual([KEY]);
    // the references are resolved on every load: another value of the variable is the one used
    const other = await loadManifest('galileo.yaml', { cwd, env: { OPENAI_API_KEY: 'sk-another' } });
    expect(other.secrets).toEqual(['sk-another']);
    expect(JSON.stringify(other.desired)).not.toContain(KEY);
  });

  it('is what a load of the same text uses: a key\'s line comes from the cache', async () => {
    const cwd = fixtureDir({ 'galileo.yaml': yaml('version: 1', 'projects:', '  support: {}') });
    const first = await loadManifest('galileo.yaml', { cwd, env: {} });
    expect(first.desired!.resources[0]!.loc.line).toBe(3);
    const [file] = entriesIn(cwd);
    const entry = JSON.parse(readFileSync(file!, 'utf8')) as { value: { positions: [string, { line: number; col: number }][] } };
    entry.value.positions = entry.value.positions.map(([k, p]) => [k, { ...p, line: p.line + 40 }]);
    writeFileSync(file!, JSON.stringify(entry));
    const again = await loadManifest('galileo.yaml', { cwd, env: {} });
    expect(again.desired!.resources[0]!.loc.line).toBe(43);
    // another text is parsed, not looked up
    writeFileSync(path.join(cwd, 'galileo.yaml'), yaml('version: 1', '', 'projects:', '  support: {}'));
    const changed = await loadManifest('galileo.yaml', { cwd, env: {} });
    expect(changed.desired!.resources[0]!.loc.line).toBe(4);
  });

  it('a problem the environment brings is located as a parse locates it', async () => {
    const cwd = copyOf('production');
    await loadManifest('galileo.yaml', { cwd, env: { OPENAI_API_KEY: KEY } });
    const fresh = copyOf('production');
    const expected = await loadManifest('galileo.yaml', { cwd: fresh, env: {} });
    const cached = await loadManifest('galileo.yaml', { cwd, env: {} });
    expect(cached.problems.map((p) => p.code)).toContain('unset-variable');
    expect(cached.problems).toEqual(expected.problems);
    expect(cached.problems.find((p) => p.code === 'unset-variable')).toMatchObject({ line: 17, col: 12 });
  });

  it('an unquoted reference that reads as a number becomes one on both paths', async () => {
    const plain = copyOf('production');
    const cwd = copyOf('production');
    const text = readFileSync(path.join(cwd, 'galileo.yaml'), 'utf8');
    expect(text).toContain('keep_runs: 10\n');
    writeFileSync(path.join(cwd, 'galileo.yaml'), text.replace('keep_runs: 10\n', 'keep_runs: ${KEEP_RUNS:-10}\n'));
    const env = { OPENAI_API_KEY: KEY };
    const nightly = (r: Awaited<ReturnType<typeof loadManifest>>) => r.desired!.resources.find((x) => x.kind === 'experiment' && x.name === 'nightly-regression');
    const expected = nightly(await loadManifest('galileo.yaml', { cwd: plain, env }));
    expect(expected).toMatchObject({ keepRuns: 10 });
    expect(nightly(await loadManifest('galileo.yaml', { cwd, env }))).toEqual(expected);
    expect(nightly(await loadManifest('galileo.yaml', { cwd, env }))).toEqual(expected);
  });

  it('a problem in a referenced file is located in the manifest as a parse locates it', async () => {
    const files = { 'galileo.yaml': yaml('version: 1', 'datasets:', '  golden:', '    file: golden.csv'), 'golden.csv': 'input\nq\n' };
    const cwd = fixtureDir(files);
    expect((await loadManifest('galileo.yaml', { cwd, env: {} })).problems).toEqual([]);
    rmSync(path.join(cwd, 'golden.csv'));
    const fresh = fixtureDir({ 'galileo.yaml': files['galileo.yaml'] });
    const expected = await loadManifest('galileo.yaml', { cwd: fresh, env: {} });
    expect(expected.problems).toHaveLength(1);
    expect(expected.problems[0]).toMatchObject({ line: 4, col: 11 });
    expect((await loadManifest('galileo.yaml', { cwd, env: {} })).problems).toEqual(expected.problems);
  });

  it('a manifest with YAML aliases is not cached (one node at many paths)', async () => {
    const cwd = fixtureDir({ 'galileo.yaml': yaml('version: 1', 'projects:', '  a: &p {}', '  b: *p') });
    const first = await loadManifest('galileo.yaml', { cwd, env: {} });
    expect(first.problems).toEqual([]);
    expect(() => entriesIn(cwd)).toThrow();
  });
});
