import { loadManifest } from '../../manifest/load-manifest.js';
import { UsageError } from '../../errors.js';
import { renderCounts, renderProblems, renderProblemsJson, renderProblemSummary } from '../../render/render-problems.js';
import { displayPath } from '../../manifest/read-referenced-file.js';
import type { Command } from '../command.js';
import { useColor } from '../io.js';
import path from 'node:path';

const HELP = `Usage: galctl validate [-f FILE] [--format text|json] [--allow-outside-files]

Checks a manifest and everything it references (datasets, code scorers, prompt and template files, trace files)
without talking to Galileo. Reports every problem at once as FILE:LINE:COL: message, with a hint, and exits 1;
prints one OK line with the resources per kind and exits 0 when the manifest is valid.

Options:
  -f, --file FILE          the manifest (default ./galileo.yaml)
      --format text|json   output format (default text)
      --allow-outside-files
                           allow file references outside the manifest's directory
      --no-color           no colour in the output

Environment: \${VAR} and \${VAR:-default} in the manifest are read from the environment.
`;

export const validateCommand: Command = {
  name: 'validate',
  summary: 'check a manifest and report every problem with its location',
  help: HELP,
  options: {
    file: { type: 'string', short: 'f' },
    format: { type: 'string' },
    'allow-outside-files': { type: 'boolean' },
    'no-color': { type: 'boolean' },
  },
  run: async (args, io) => {
    const format = (args.values['format'] as string | undefined) ?? 'text';
    if (format !== 'text' && format !== 'json') throw new UsageError(`unknown format "${format}"`, 'use --format text or --format json');
    const file = (args.values['file'] as string | undefined) ?? 'galileo.yaml';
    const result = await loadManifest(file, {
      env: io.env,
      cwd: io.cwd,
      allowOutsideFiles: args.values['allow-outside-files'] === true,
    });
    io.secrets.add(result.secrets ?? []);
    const shown = displayPath(path.resolve(io.cwd, file), io.cwd);
    if (format === 'json') {
      io.stdout(renderProblemsJson(result.problems, { file: shown, counts: result.counts }));
      return result.problems.length === 0 ? 0 : 1;
    }
    if (result.problems.length > 0) {
      io.stderr(renderProblems(result.problems, { color: useColor(io, args.values['no-color'] === true) }));
      io.stderr(renderProblemSummary(result.problems, shown));
      return 1;
    }
    io.stdout(`${shown}: OK (${renderCounts(result.counts)})\n`);
    return 0;
  },
};
