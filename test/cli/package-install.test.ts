import { execFile } from 'node:child_process';
import { cp, mkdir, mkdtemp, readdir, readFile, rm, stat, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SCAFFOLD_SCHEMA_PATH } from '../../src/cli/commands/init.js';

const run = promisify(execFile);
const REPO = fileURLToPath(new URL('../../', import.meta.url));
const NPM = process.platform === 'win32' ? 'npm.cmd' : 'npm';
/** What `npm pack` needs of the repository: the package's files plus what prepack's build reads. */
const SOURCES = ['package.json', 'package-lock.json', 'tsconfig.json', 'tsconfig.build.json', 'LICENSE', 'README.md', 'galileo.yaml.example', 'bin', 'src', 'schemas', 'examples', 'docs', 'scripts'];

/**
 * The package as a user gets it: packed (prepack builds dist/ from a copy of the sources, so the worktree's own
 * dist/ is neither used nor rewritten while other tests run it), installed into an empty directory with no install
 * scripts, then run through its bin.
 */
describe('the npm package', () => {
  let work: string;
  let project: string;
  let version: string;
  const galctl = (args: string[], cwd = project) =>
    run(process.execPath, [path.join(project, 'node_modules/galctl/bin/galctl.js'), ...args], { cwd, env: { PATH: process.env['PATH'], NO_COLOR: '1' }, timeout: 60_000 });

  beforeAll(async () => {
    work = await mkdtemp(path.join(tmpdir(), 'galctl-pack-'));
    const source = path.join(work, 'source');
    await mkdir(source);
    for (const entry of SOURCES) await cp(path.join(REPO, entry), path.join(source, entry), { recursive: true });
    await symlink(path.join(REPO, 'node_modules'), path.join(source, 'node_modules'), 'dir');
    // a version no source file spells: --version must read it from package.json
    const manifest = JSON.parse(await readFile(path.join(source, 'package.json'), 'utf8')) as { version: string };
    version = `${manifest.version}-packtest.1`;
    await writeFile(path.join(source, 'package.json'), JSON.stringify({ ...manifest, version }, null, 2));
    const packed = await run(NPM, ['pack', '--silent', '--pack-destination', work], { cwd: source, timeout: 120_000 });
    const tarball = path.join(work, packed.stdout.trim().split('\n').pop() as string);
    project = path.join(work, 'project');
    await mkdir(project);
    await writeFile(path.join(project, 'package.json'), '{"name":"try-galctl","private":true}\n');
    const install = ['install', '--ignore-scripts', '--no-audit', '--no-fund', tarball];
    // dependencies come from the npm cache (`npm ci` filled it with their tarballs); when it lacks what npm needs to
    // resolve them (their registry documents), the registry fills the gap
    await run(NPM, [...install, '--offline'], { cwd: project, timeout: 120_000 }).catch(() =>
      run(NPM, [...install, '--prefer-offline'], { cwd: project, timeout: 120_000 }),
    );
  }, 240_000);

  afterAll(async () => {
    if (work) await rm(work, { recursive: true, force: true });
  });

  it('carries dist/, LICENSE (Apache-2.0) and the schema, and its main/types/exports exist', async () => {
    const pkgDir = path.join(project, 'node_modules/galctl');
    const pkg = JSON.parse(await readFile(path.join(pkgDir, 'package.json'), 'utf8')) as Record<string, unknown>;
    expect(await readFile(path.join(pkgDir, 'LICENSE'), 'utf8')).toContain('Apache License\n                           Version 2.0, January 2004');
    const scripts = (pkg['scripts'] ?? {}) as Record<string, string>;
    expect(Object.keys(scripts).filter((s) => ['preinstall', 'install', 'postinstall'].includes(s))).toEqual([]);
    for (const file of [pkg['main'], pkg['types'], 'schemas/galileo.schema.json']) expect((await stat(path.join(pkgDir, String(file)))).isFile()).toBe(true);
    const api = await run(process.execPath, ['--input-type=module', '-e', "const m = await import('galctl'); console.log(Object.keys(m).sort().join(' '))"], { cwd: project });
    expect(api.stdout.trim().split(' ')).toEqual(expect.arrayContaining(['buildPlan', 'loadManifest', 'main', 'startSimulator']));
  });

  it('runs --help and --version (the version of package.json)', async () => {
    expect((await galctl(['--help'])).stdout).toContain('Usage: galctl <command>');
    expect((await galctl(['--version'])).stdout).toBe(`galctl ${version}\n`);
  });

  it('runs the demo and galctl init, whose manifest validates and whose schema comment resolves', async () => {
    const demo = await galctl(['demo']);
    expect(demo.stdout).toContain('No changes');
    expect(demo.stdout).toContain('galctl init');
    await galctl(['init']);
    expect((await readdir(project)).sort()).toEqual(expect.arrayContaining(['.github', 'galileo.yaml', 'datasets']));
    expect((await galctl(['validate'])).stdout).toContain('galileo.yaml: OK');
    expect((await stat(path.join(project, SCAFFOLD_SCHEMA_PATH))).isFile()).toBe(true);
  });
});
