import { loadManifest } from '../../manifest/load-manifest.js';
import { UsageError } from '../../core/errors.js';
import { renderCounts, renderProblems, renderProblemsJson, renderProblemSummary } from '../../render/render-problems.js';
import { renderProblemsGithub } from '../../render/render-problems-github.js';
import { renderProblemsGitlab } from '../../render/render-problems-gitlab.js';
import { checkOutputTarget, writeFileAtomic } from '../write-file-atomic.js';
import { displayPath } from '../../manifest/read-referenced-file.js';
import type { Command } from '../command.js';
import { useColor } from '../io.js';
import path from 'node:path';

const HELP = `Usage: galctl validate [-f FILE] [--format text|json|github|gitlab] [--out FILE] [--allow-outside-files]

Checks a manifest and everything it references (datasets, code scorers, prompt and template files, trace files)
without talking to Galileo. Reports every problem at once as FILE:LINE:COL: message, with a hint, and exits 1;
prints one OK line with the resources per kind and exits 0 when the manifest is valid.

Options:
  -f, --file FILE          the manifest (default ./galileo.yaml)
      --format FORMAT      text (default; github when GITHUB_ACTIONS=true), json, github (one ::error workflow
                           command per problem: annotations on the pull request's lines) or gitlab (a code-quality
                           JSON report, for artifacts:reports:codequality)
      --out FILE           write the json or gitlab report to FILE instead of stdout (the problems still go to
                           stderr as text)
      --allow-outside-files
                           allow file references outside the manifest's directory
      --no-color           no colour in the output

Environment: \${VAR} and \${VAR:-default} in the manifest are read from the environment. GITHUB_ACTIONS=true
makes github the default format.
`;

const FORMATS = ['text', 'json', 'github', 'gitlab'] as const;

export const validateCommand: Command = {
  name: 'validate',
  summary: 'check a manifest and report every problem with its location',
  help: HELP,
  options: {
    file: { type: 'string', short: 'f' },
    format: { type: 'string' },
    out: { type: 'string' },
    'allow-outside-files': { type: 'boolean' },
    'no-color': { type: 'boolean' },
  },
  run: async (args, io) => {
    const format = (args.values['format'] as string | undefined) ?? (io.env['GITHUB_ACTIONS'] === 'true' ? 'github' : 'text');
    if (!(FORMATS as readonly string[]).includes(format)) throw new UsageError(`unknown format "${format}"`, 'use --format text, json, github or gitlab');
    const out = args.values['out'] as string | undefined;
    if (out !== undefined && format !== 'json' && format !== 'gitlab') throw new UsageError('--out needs --format json or --format gitlab', 'text and github output go to the terminal');
    const target = out === undefined ? undefined : path.resolve(io.cwd, out);
    if (target !== undefined) await checkOutputTarget(target, displayPath(target, io.cwd));
    const file = (args.values['file'] as string | undefined) ?? 'galileo.yaml';
    const result = await loadManifest(file, {
      env: io.env,
      cwd: io.cwd,
      allowOutsideFiles: args.values['allow-outside-files'] === true,
    });
    io.secrets.add(result.secrets ?? []);
    const shown = displayPath(path.resolve(io.cwd, file), io.cwd);
    const code = result.problems.length === 0 ? 0 : 1;
    const color = useColor(io, args.values['no-color'] === true);
    if (format === 'json' || format === 'gitlab') {
      const report = format === 'json' ? renderProblemsJson(result.problems, { file: shown, counts: result.counts }) : renderProblemsGitlab(result.problems);
      if (target === undefined) {
        io.stdout(report);
        return code;
      }
      await writeFileAtomic(target, io.secrets.text(report), { mode: 0o644, shown: displayPath(target, io.cwd) });
      // the report is for the CI system; the log still shows what is wrong
      if (code === 0) io.stderr(`${shown}: OK (${renderCounts(result.counts)})\n`);
      else io.stderr(renderProblems(result.problems, { color }) + renderProblemSummary(result.problems, shown));
      return code;
    }
    if (result.problems.length > 0) {
      // workflow commands are read from stdout; the summary line stays on stderr as in text
      if (format === 'github') io.stdout(renderProblemsGithub(result.problems));
      else io.stderr(renderProblems(result.problems, { color }));
      io.stderr(renderProblemSummary(result.problems, shown));
      return 1;
    }
    io.stdout(`${shown}: OK (${renderCounts(result.counts)})\n`);
    return 0;
  },
};
