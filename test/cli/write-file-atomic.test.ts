import { execFileSync } from 'node:child_process';
import { lstatSync, mkdirSync, readFileSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { writeFileAtomic } from '../../src/cli/write-file-atomic.js';
import { runCli } from '../helpers/run-cli.js';
import { fixtureDir, yaml } from '../manifest/fixture-dir.js';

/** A directory with a FIFO, a directory, a symlink to a FIFO and a regular file, as output targets. */
function targets(): string {
  const dir = fixtureDir({ 'old.json': 'old', 'galileo.yaml': yaml('version: 1') });
  execFileSync('mkfifo', [path.join(dir, 'fifo')]);
  mkdirSync(path.join(dir, 'adir'));
  symlinkSync(path.join(dir, 'fifo'), path.join(dir, 'link-to-fifo'));
  return dir;
}

describe('writeFileAtomic', () => {
  it.each([
    ['fifo', 'not a regular file (a device, pipe or socket)'],
    ['link-to-fifo', 'not a regular file (a device, pipe or socket)'],
    ['adir', 'a directory'],
  ])('refuses %s and leaves it as it was (a rename would replace a device with a regular file)', async (name, what) => {
    const dir = targets();
    const target = path.join(dir, name);
    await expect(writeFileAtomic(target, '{}', { mode: 0o600, shown: name })).rejects.toThrow(`refusing to write ${name}: it exists and is ${what}`);
    expect(statSync(target).isFile()).toBe(false);
    expect(lstatSync(path.join(dir, 'link-to-fifo')).isSymbolicLink()).toBe(true);
  });

  it('replaces a regular file and creates a missing one', async () => {
    const dir = targets();
    await writeFileAtomic(path.join(dir, 'old.json'), 'new', { mode: 0o600, shown: 'old.json' });
    await writeFileAtomic(path.join(dir, 'fresh.json'), 'fresh', { mode: 0o600, shown: 'fresh.json' });
    expect(readFileSync(path.join(dir, 'old.json'), 'utf8')).toBe('new');
    expect(readFileSync(path.join(dir, 'fresh.json'), 'utf8')).toBe('fresh');
  });
});

describe('--out on something that is not a regular file', () => {
  it.each([
    [['plan', '--out', 'fifo'], 'fifo'],
    [['check', '--out', 'link-to-fifo'], 'link-to-fifo'],
    [['plan', '--out', 'adir'], 'adir'],
  ])('%j is refused before reading anything', async (argv, name) => {
    const dir = targets();
    writeFileSync(path.join(dir, 'galileo.yaml'), yaml('version: 1'));
    const r = await runCli([...argv, '--no-color', '--api-url', 'http://127.0.0.1:9'], { cwd: dir, env: { GALILEO_API_KEY: 'glk_test' } });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`refusing to write ${name}: it exists and is`);
    expect(r.stderr).not.toMatch(/cannot reach/);
    expect(statSync(path.join(dir, name)).isFile()).toBe(false);
  });
});
