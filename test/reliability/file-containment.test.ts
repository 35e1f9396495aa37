import { execFileSync } from 'node:child_process';
import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/run-cli.js';
import { fixtureDir, GOOD_PY, yaml } from '../manifest/fixture-dir.js';

// File references that leave the manifest's directory, through validate and plan: refused (located, exit 1)
// unless --allow-outside-files; special files never block or stream forever.

const manifest = (ref: string): string =>
  yaml('version: 1', 'scorers:', '  s:', '    type: code', '    node_types: [trace]', `    file: ${JSON.stringify(ref)}`);

/** A workspace: `outside/secret.py` next to `m/` (the manifest's directory), with symlinks and a FIFO in `m/`. */
function workspace(ref: string): string {
  const root = fixtureDir({ 'outside/secret.py': GOOD_PY, 'm/galileo.yaml': manifest(ref), 'm/ok.py': GOOD_PY });
  const m = path.join(root, 'm');
  symlinkSync('../outside/secret.py', path.join(m, 'link-out.py'));
  symlinkSync(path.join(root, 'outside'), path.join(m, 'link-dir'));
  symlinkSync('ok.py', path.join(m, 'link-in.py'));
  execFileSync('mkfifo', [path.join(m, 'pipe.py')]);
  mkdirSync(path.join(m, 'sub'));
  writeFileSync(path.join(m, 'sub', 'x.py'), GOOD_PY);
  return m;
}

const OUTSIDE = ['../outside/secret.py', '../../etc/passwd', '/etc/passwd', 'link-out.py', 'link-dir/secret.py', 'sub/../../outside/secret.py'];

describe('file references outside the manifest directory', () => {
  it.each(OUTSIDE)('validate refuses %s with a located problem', async (ref) => {
    const dir = workspace(ref);
    const r = await runCli(['validate', '--no-color'], { cwd: dir });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`galileo.yaml:6:11: file ${JSON.stringify(ref)} is outside the manifest's directory\n  hint: move the file next to the manifest, or pass --allow-outside-files`);
  });

  it.each(OUTSIDE)('plan refuses %s before talking to any API', async (ref) => {
    const dir = workspace(ref);
    const r = await runCli(['plan', '--no-color', '--api-url', 'http://127.0.0.1:9'], { cwd: dir, env: { GALILEO_API_KEY: 'glk_test' } });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`galileo.yaml:6:11: file ${JSON.stringify(ref)} is outside the manifest's directory`);
    expect(r.stderr).not.toMatch(/cannot reach/);
  });

  it('--allow-outside-files lets validate read a file next to the directory', async () => {
    const dir = workspace('../outside/secret.py');
    const r = await runCli(['validate', '--allow-outside-files'], { cwd: dir });
    expect(r).toMatchObject({ code: 0, stderr: '' });
  });

  it('a symlink that stays inside is fine', async () => {
    const dir = workspace('link-in.py');
    expect((await runCli(['validate'], { cwd: dir })).code).toBe(0);
  });

  it('a FIFO is refused, not read (reading it would block forever)', async () => {
    const dir = workspace('pipe.py');
    const r = await runCli(['validate', '--no-color'], { cwd: dir });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('galileo.yaml:6:11: "pipe.py" is not a regular file (a pipe, socket or device)');
  });

  it.each(['/dev/zero', '/dev/urandom', '/dev/stdin'])('%s with --allow-outside-files is refused, not streamed', async (ref) => {
    const dir = workspace(ref);
    const r = await runCli(['validate', '--no-color', '--allow-outside-files'], { cwd: dir });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/galileo\.yaml:6:11: "\/dev\/\w+" is not a regular file|galileo\.yaml:6:11: file "\/dev\/stdin" (does not exist|not found|cannot be read)/);
  });
});
