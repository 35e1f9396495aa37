import { mkdir, readdir, writeFile } from 'node:fs/promises';
import { REDACTED } from '../../core/mask-secrets.js';
import { escapeControl } from '../../render/escape-control.js';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { GalctlError, UsageError } from '../../core/errors.js';
import { buildExport } from '../../engine/export/build-export.js';
import { EXPORT_KINDS, type ExportKind } from '../../engine/export/types.js';
import { createGalileoClient } from '../../galileo/create-client.js';
import { httpDebugOption } from '../http-debug-option.js';
import { requestTimeoutOption, REQUEST_TIMEOUT_HELP } from '../request-timeout-option.js';
import { readOrg } from '../../engine/export/read-org.js';
import { describeApiUrlOrigin, resolveApiConfig } from '../../galileo/resolve-api-config.js';
import { displayPath } from '../../manifest/read-referenced-file.js';
import { SCHEMA_URL } from '../../manifest/validate-schema.js';
import { DEFAULT_EXPORT_STACK, STACK_NAME } from '../../engine/ownership.js';
import type { Command } from '../command.js';

const HELP = `Usage: galctl export [--project NAME]... [--kinds KIND,...] [-o DIR] [--force] [--stack NAME] [--api-url URL]
                     [--insecure]

Writes a manifest (DIR/galileo.yaml) and its data files from what exists in Galileo, so that \`galctl plan\` on
the result is empty: code scorers to DIR/scorers/<key>.py, dataset rows to DIR/datasets/<key>.csv (or .jsonl when
a value is not a one-line string), long templates to DIR/templates/<project>/<key>.txt. Preset scorers are
referenced (preset:<name>), never copied; trace records are not exported. Every resource is written
\`adopt: true\` (it was made outside galctl), experiments \`trigger: false\` (applying the export re-runs nothing).

Options:
      --project NAME   export this project (repeatable; default: every project)
      --kinds LIST     comma-separated: ${EXPORT_KINDS.join(', ')} (default: all). What an exported
                       experiment or log stream uses (scorers, datasets, templates) is always written too
  -o, --out DIR        the directory to write (default ./galileo-export); refused when it exists and is not
                       empty, unless --force (then only galctl's files are overwritten)
      --force          write into a non-empty directory
      --stack NAME     the manifest's stack: (default ${DEFAULT_EXPORT_STACK}); galctl claims nothing for it until
                       the export is applied, and then only what apply changes (docs/ownership.md)
      --concurrency N  requests in flight at once (default 8)
      --api-url URL    the Galileo API (default GALILEO_API_URL, else from GALILEO_CONSOLE_URL, else
                       https://api.galileo.ai)
      --insecure       allow plain http:// to a host that is not loopback
${REQUEST_TIMEOUT_HELP}

Environment: GALILEO_API_KEY (required), GALILEO_API_URL, GALILEO_CONSOLE_URL.
`;

// the one schema location (validate-schema.ts), so it resolves from dist/ and from the action's bundle alike
const SCHEMA = fileURLToPath(SCHEMA_URL);

function parseKinds(value: string | undefined): Set<ExportKind> {
  if (value === undefined) return new Set(EXPORT_KINDS);
  const kinds = value.split(',').map((k) => k.trim()).filter((k) => k !== '');
  const bad = kinds.filter((k) => !(EXPORT_KINDS as readonly string[]).includes(k));
  if (bad.length > 0 || kinds.length === 0) {
    throw new UsageError(`--kinds "${value}": unknown kind${bad.length === 1 ? '' : 's'} ${bad.map((b) => `"${b}"`).join(', ')}`.trimEnd(), `use a comma-separated list of ${EXPORT_KINDS.join(', ')}`);
  }
  return new Set(kinds as ExportKind[]);
}

async function isNonEmptyDir(dir: string): Promise<boolean> {
  try {
    return (await readdir(dir)).length > 0;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return false;
    if ((err as NodeJS.ErrnoException).code === 'ENOTDIR') throw new UsageError(`-o ${dir} is a file, not a directory`, 'name a directory to write the export into');
    throw err;
  }
}

export const exportCommand: Command = {
  name: 'export',
  summary: 'write a manifest and its files from what exists in Galileo',
  help: HELP,
  options: {
    project: { type: 'string', multiple: true },
    kinds: { type: 'string' },
    out: { type: 'string', short: 'o' },
    force: { type: 'boolean' },
    stack: { type: 'string' },
    concurrency: { type: 'string' },
    'api-url': { type: 'string' },
    insecure: { type: 'boolean' },
    'request-timeout': { type: 'string' },
  },
  run: async (args, io) => {
    const v = args.values;
    const kinds = parseKinds(v['kinds'] as string | undefined);
    const concurrency = v['concurrency'] === undefined ? 8 : Number(v['concurrency']);
    if (!Number.isInteger(concurrency) || concurrency < 1 || concurrency > 64) {
      throw new UsageError(`--concurrency "${String(v['concurrency'])}" is not a whole number from 1 to 64`, 'e.g. --concurrency 8');
    }
    const dir = path.resolve(io.cwd, (v['out'] as string | undefined) ?? 'galileo-export');
    const shownDir = displayPath(dir, io.cwd);
    if (v['force'] !== true && (await isNonEmptyDir(dir))) {
      throw new UsageError(`${shownDir} exists and is not empty`, 'choose another directory with -o, or add --force to overwrite the files galctl writes there');
    }
    const projects = v['project'] as string[] | undefined;
    const stack = (v['stack'] as string | undefined) ?? DEFAULT_EXPORT_STACK;
    if (!STACK_NAME.test(stack)) throw new UsageError(`--stack "${stack}" is not a stack name`, 'letters, digits, ".", "_" and "-", e.g. --stack support-bot');
    const apiUrlFlag = v['api-url'] as string | undefined;
    const config = resolveApiConfig(io.env, { ...(apiUrlFlag === undefined ? {} : { apiUrl: apiUrlFlag }), insecure: v['insecure'] === true });
    const client = createGalileoClient({ apiUrl: config.apiUrl, apiKey: config.apiKey, apiUrlOrigin: describeApiUrlOrigin(config.apiUrlOrigin), concurrency, signal: io.signal, ...httpDebugOption(io), ...requestTimeoutOption(io, v) });
    try {
      if (io.isTTY) io.stderr(`reading ${config.apiUrl}…\n`);
      const org = await readOrg(client, { kinds, ...(projects === undefined ? {} : { projects }) });
      const missing = (projects ?? []).filter((name) => !org.projects.some((p) => p.project.name === name));
      if (missing.length > 0 && [...kinds].some((k) => k !== 'scorers' && k !== 'datasets')) {
        throw new GalctlError('unknown-project', `no project named ${missing.map((m) => `"${m}"`).join(', ')} in Galileo`, {
          hint: 'project names are exact and case-sensitive; leave out --project to export every project',
        });
      }
      const result = buildExport(org, { kinds, schemaPath: path.relative(dir, SCHEMA).split(path.sep).join('/'), source: config.apiUrl, stack });
      await mkdir(dir, { recursive: true });
      const manifest = path.join(dir, 'galileo.yaml');
      const masked: string[] = [];
      // a value in Galileo that holds the API key or a secret variable's value is written masked, and said so
      const writeMasked = async (target: string, text: string): Promise<void> => {
        const safe = io.secrets.text(text);
        if (safe !== text) masked.push(displayPath(target, io.cwd));
        await writeFile(target, safe);
      };
      for (const [rel, text] of result.files) {
        const target = path.join(dir, rel);
        await mkdir(path.dirname(target), { recursive: true });
        await writeMasked(target, text);
      }
      await writeMasked(manifest, result.manifest);
      for (const w of result.warnings) io.stderr(`warning: ${escapeControl(w)}\n`);
      for (const f of masked) io.stderr(`warning: ${f} has a secret value masked as ${REDACTED}: put the \${VAR} reference back before applying it\n`);
      const c = result.counts;
      const parts = Object.entries(c).filter(([, n]) => n > 0).map(([k, n]) => `${n} ${n === 1 ? k.replace(/s$/, '') : k}`.replace('_', ' '));
      io.stdout(`exported ${parts.length === 0 ? 'nothing' : parts.join(', ')} to ${displayPath(manifest, io.cwd)} (${result.files.size} data file${result.files.size === 1 ? '' : 's'})\n`);
      io.stdout(`next: galctl validate -f ${displayPath(manifest, io.cwd)} && galctl plan -f ${displayPath(manifest, io.cwd)}  (expect no changes)\n`);
      return 0;
    } finally {
      await client.close();
    }
  },
};
