import { mkdir, readdir, readFile, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { GalctlError, UsageError } from '../../core/errors.js';
import { DEFAULT_SIM_API_KEY } from '../../sim/start-simulator.js';
import type { Command } from '../command.js';
import { PACKAGE_ROOT } from '../package-root.js';

/** Each --flow and the example (examples/<dir>, shipped in the package) it scaffolds from. */
export const INIT_FLOWS: Record<string, string> = {
  'prompt-template': 'prompt-template',
  'pre-generated': 'pre-generated-outputs',
  'raw-traces': 'raw-traces',
  'log-stream': 'log-stream-monitoring',
};

/** Where the scaffolded manifest's editor comment points: the schema of galctl installed next to it (npm i -D galctl). */
export const SCAFFOLD_SCHEMA_PATH = './node_modules/galctl/schemas/galileo.schema.json';

const HELP = `Usage: galctl init [DIR] [--flow ${Object.keys(INIT_FLOWS).join('|')}]

Writes a working starting point into DIR (default: the current directory): galileo.yaml, the data files it
references (datasets, scorers, templates, traces) and .github/workflows/galctl.yml (validate and plan on pull
requests, apply and check on main). It never overwrites: when any of those files exists, it writes nothing,
lists them and exits 1.

Flows:
  prompt-template   Galileo runs a prompt template over a dataset, then scores the outputs (default)
  pre-generated     your application already produced the answers; Galileo only scores them
  raw-traces        you send traces (a replay, a batch job); galctl ingests them into an experiment
  log-stream        a log stream for production traffic, with its scorers

The manifest declares \`stack: <DIR's name>\` (docs/ownership.md): what it creates is recorded as that stack's, so
several manifests can share one Galileo org and pruning never touches another's objects. Rename it before the
first apply if you like; it must then stay the same.

The runner flow (experiments that call your own application) is not available yet, so init does not offer it.

The manifest's first line points editors at the schema of galctl installed in DIR's node_modules
(${SCAFFOLD_SCHEMA_PATH}); see docs/editor.md.
`;

const MANIFEST = 'galileo.yaml';
const WORKFLOW = '.github/workflows/galctl.yml';

async function filesBelow(dir: string, rel = ''): Promise<string[]> {
  const entries = await readdir(path.join(dir, rel), { withFileTypes: true });
  const nested = await Promise.all(
    entries.map((e) => (e.isDirectory() ? filesBelow(dir, path.posix.join(rel, e.name)) : Promise.resolve([path.posix.join(rel, e.name)]))),
  );
  return nested.flat().sort();
}

/** A stack name from the directory's name (docs/ownership.md): two scaffolds in one org do not share ownership. */
export function stackNameOf(dir: string): string {
  const name = path.basename(dir).replace(/[^A-Za-z0-9._-]+/g, '-').replace(/^[^A-Za-z0-9]+/, '').slice(0, 63);
  return name === '' ? 'galctl' : name;
}

/**
 * The example's manifest, made to stand on its own: the schema comment and the usage line name its new place, and
 * it declares its own `stack:` so that its objects are never another manifest's (and `--prune` works).
 */
export function scaffoldManifest(text: string, exampleDir: string, stack: string): string {
  const stacked = /^stack:/m.test(text) ? text : text.replace(/^version: 1$/m, `version: 1\nstack: ${stack}`);
  return stacked
    .replace(/^# yaml-language-server: \$schema=.*$/m, `# yaml-language-server: $schema=${SCAFFOLD_SCHEMA_PATH}`)
    .split(`examples/${exampleDir}/${MANIFEST}`)
    .join(MANIFEST);
}

/** Where the scaffolded workflow references galctl's action: the user pins it to a commit of galctl. */
export const SCAFFOLD_ACTION_REF = 'OWNER/galctl@FULL_40_CHARACTER_COMMIT_SHA';

/** The example workflow runs galctl's action as `./` (it lives in galctl's repository); a user's repository has it elsewhere. */
export function scaffoldWorkflow(text: string): string {
  return text.replace(/^(\s*(?:- )?uses: )\.\/\s*$/gm, `$1${SCAFFOLD_ACTION_REF}`);
}

/** Every file init writes for a flow: path relative to DIR → content. */
async function scaffoldFiles(flow: string, stack: string): Promise<Map<string, string>> {
  const exampleDir = INIT_FLOWS[flow] as string;
  const source = path.join(PACKAGE_ROOT, 'examples', exampleDir);
  const files = new Map<string, string>();
  for (const rel of await filesBelow(source)) {
    const text = await readFile(path.join(source, rel), 'utf8');
    files.set(rel, rel === MANIFEST ? scaffoldManifest(text, exampleDir, stack) : text);
  }
  files.set(WORKFLOW, scaffoldWorkflow(await readFile(path.join(PACKAGE_ROOT, 'examples', 'ci', 'github-actions.yml'), 'utf8')));
  return files;
}

async function exists(file: string): Promise<boolean> {
  return stat(file).then(
    () => true,
    () => false,
  );
}

export const initCommand: Command = {
  name: 'init',
  summary: 'write a starting manifest, its data files and a CI workflow',
  help: HELP,
  options: { flow: { type: 'string' } },
  allowPositionals: true,
  run: async (args, io) => {
    if (args.positionals.length > 1) throw new UsageError(`init takes one directory, got ${args.positionals.length}`, 'run `galctl init --help`');
    const flow = (args.values['flow'] as string | undefined) ?? 'prompt-template';
    if (!(flow in INIT_FLOWS)) {
      const hint = flow === 'runner' ? 'runner experiments are not available yet; ' : '';
      throw new UsageError(`unknown flow "${flow}"`, `${hint}use --flow ${Object.keys(INIT_FLOWS).join(', ')}`);
    }
    const dirArg = args.positionals[0] ?? '.';
    const dir = path.resolve(io.cwd, dirArg);
    const files = await scaffoldFiles(flow, stackNameOf(dir));
    const existing: string[] = [];
    for (const rel of files.keys()) if (await exists(path.join(dir, rel))) existing.push(rel);
    if (existing.length > 0) {
      throw new GalctlError('init-exists', `${existing.length} file(s) already exist in ${dirArg}, nothing was written:\n${existing.map((f) => `  ${f}`).join('\n')}`, {
        hint: 'run galctl init in an empty directory, or move those files away first',
      });
    }
    for (const [rel, text] of files) {
      const target = path.join(dir, rel);
      await mkdir(path.dirname(target), { recursive: true });
      await writeFile(target, text, { flag: 'wx' });
    }
    const cd = dirArg === '.' ? '' : `  cd ${dirArg}\n`;
    io.stdout(
      [
        `Wrote the ${flow} flow to ${dirArg}: ${[...files.keys()].join(', ')}`,
        '',
        'Next:',
        `${cd}  galctl validate -f ${MANIFEST}`,
        `  galctl plan -f ${MANIFEST}        # needs GALILEO_API_KEY; changes nothing`,
        `  galctl apply -f ${MANIFEST}`,
        `To try it without an account: galctl sim, then GALILEO_API_URL=<its url> GALILEO_API_KEY=${DEFAULT_SIM_API_KEY}.`,
        `For CI, add the repository secret GALILEO_API_KEY (${WORKFLOW} uses it), and replace ${SCAFFOLD_ACTION_REF}`,
        '  in that file with galctl\'s repository and a full commit SHA of it (never a branch or a tag).',
        '',
      ].join('\n'),
    );
    return 0;
  },
};
