import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { changedFiles, changedFilesText } from '../../src/runner/changed-files.js';
import { runnerInputsHash } from '../../src/runner/runner-inputs-hash.js';
import { tempDir } from '../traces/trace-files.js';

function app(files: Record<string, string>): string {
  const dir = tempDir();
  for (const [rel, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
    writeFileSync(path.join(dir, rel), text);
  }
  return dir;
}

const GLOBS = ['app/**/*.py', 'app/prompts/*.txt'];

describe('runnerInputsHash', () => {
  it('hashes the matched files by content, sorted, each once, whatever the order of the globs', async () => {
    const dir = app({ 'app/answer.py': 'print(1)\n', 'app/lib/util.py': 'x = 1\n', 'app/prompts/a.txt': 'Answer.', 'app/README.md': 'no' });
    const a = await runnerInputsHash(GLOBS, dir);
    expect(a.files.map((f) => f.path)).toEqual(['app/answer.py', 'app/lib/util.py', 'app/prompts/a.txt']);
    expect(a.hash).toMatch(/^[0-9a-f]{64}$/);
    expect(a.unmatched).toEqual([]);
    const b = await runnerInputsHash([...GLOBS].reverse().concat('app/answer.py'), dir);
    expect(b.hash).toBe(a.hash);
    expect(b.files).toEqual(a.files);
  });

  it('the same content in another directory, or with CRLF line endings, gives the same hash', async () => {
    const lf = await runnerInputsHash(GLOBS, app({ 'app/answer.py': 'a\nb\n', 'app/prompts/p.txt': 'x\n' }));
    const crlf = await runnerInputsHash(GLOBS, app({ 'app/answer.py': 'a\r\nb\r\n', 'app/prompts/p.txt': 'x\r\n' }));
    expect(crlf.hash).toBe(lf.hash);
  });

  it('an edited, added or removed file changes the hash, and changedFiles names it', async () => {
    const dir = app({ 'app/answer.py': 'v1', 'app/old.py': 'old', 'app/prompts/a.txt': 'A' });
    const before = await runnerInputsHash(GLOBS, dir);
    writeFileSync(path.join(dir, 'app/answer.py'), 'v2');
    writeFileSync(path.join(dir, 'app/prompts/x.txt'), 'X');
    rmSync(path.join(dir, 'app/old.py'));
    const after = await runnerInputsHash(GLOBS, dir);
    expect(after.hash).not.toBe(before.hash);
    const changes = changedFiles(before.files, after.files);
    expect(changes).toEqual({ changed: ['app/answer.py'], added: ['app/prompts/x.txt'], removed: ['app/old.py'] });
    expect(changedFilesText(changes)).toBe('app/answer.py changed, app/prompts/x.txt added, app/old.py removed');
  });

  it('reports globs that match nothing', async () => {
    const r = await runnerInputsHash(['app/*.py', 'src/**/*.ts'], app({ 'app/a.py': '' }));
    expect(r.unmatched).toEqual(['src/**/*.ts']);
  });
});

describe('changedFiles', () => {
  it('compares hashes cut to a common length (stored summaries keep 8 hex digits)', () => {
    const full = [{ path: 'a', hash: 'abcdef0123456789' }];
    expect(changedFiles([{ path: 'a', hash: 'abcdef01' }], full)).toEqual({ changed: [], added: [], removed: [] });
    expect(changedFilesText(changedFiles([{ path: 'a', hash: 'abcdef02' }], full))).toBe('a changed');
  });

  it('names five files and counts the rest', () => {
    const files = Array.from({ length: 8 }, (_, i) => ({ path: `f${i}.py`, hash: '1' }));
    expect(changedFilesText(changedFiles([], files))).toBe('f0.py added, f1.py added, f2.py added, f3.py added, f4.py added and 3 more files');
    expect(changedFilesText(changedFiles(files, files))).toBeUndefined();
  });
});
