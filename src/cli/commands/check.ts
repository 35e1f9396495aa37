import path from 'node:path';
import { evaluateThresholds } from '../../check/evaluate-thresholds.js';
import { readCheckInputs } from '../../check/read-check-inputs.js';
import { UsageError } from '../../errors.js';
import { createGalileoClient } from '../../galileo/create-client.js';
import { httpDebugOption } from '../http-debug-option.js';
import { resolveApiConfig } from '../../galileo/resolve-api-config.js';
import { loadManifest } from '../../manifest/load-manifest.js';
import { displayPath } from '../../manifest/read-referenced-file.js';
import { renderCheckJson } from '../../render/render-check-json.js';
import { renderCheckJunit } from '../../render/render-check-junit.js';
import { renderCheckMarkdown } from '../../render/render-check-markdown.js';
import { renderCheckText } from '../../render/render-check-text.js';
import { renderProblemSummary, renderProblems } from '../../render/render-problems.js';
import type { Command } from '../command.js';
import { useColor } from '../io.js';
import { writeFileAtomic } from '../write-file-atomic.js';

const HELP = `Usage: galctl check [-f FILE] [--format text|json|markdown|junit] [--out FILE] [--no-color]
                    [--api-url URL] [--insecure]

Reads each experiment's aggregate metrics, jobs and scores from Galileo and evaluates the manifest's
thresholds: average (numeric scorers), share_true (boolean scorers), min / max, and per-category counts
(categorical scorers). A scorer whose job failed, whose metric is missing, or whose traces are still pending
after the jobs ended fails with the reason, never passes silently. Experiments without thresholds are skipped.
Run it after \`galctl apply --wait\`, so that scoring has finished.

Options:
  -f, --file FILE      the manifest (default ./galileo.yaml)
      --format FORMAT  text (default; a table), json, markdown (for a PR comment or job summary) or junit
                       (JUnit XML, one test case per threshold, for CI test reports)
      --out FILE       write the report to FILE instead of stdout (a one-line verdict still goes to stderr)
      --no-color       no colour (also off when stdout is not a terminal or NO_COLOR is set)
      --api-url URL    the Galileo API (default GALILEO_API_URL, else from GALILEO_CONSOLE_URL, else
                       https://api.galileo.ai)
      --insecure       allow plain http:// to a host that is not loopback

Exit codes: 0 every threshold passed (or there were none), 3 a threshold failed, 1 error (bad manifest, API).
Environment: GALILEO_API_KEY (required), GALILEO_API_URL, GALILEO_CONSOLE_URL, NO_COLOR.
`;

const FORMATS = ['text', 'json', 'markdown', 'junit'] as const;

/** Exit code when the check ran and a threshold failed. */
export const CHECK_FAILED_EXIT = 3;

export const checkCommand: Command = {
  name: 'check',
  summary: 'evaluate the manifest\'s thresholds against the experiments\' scores',
  help: HELP,
  options: {
    file: { type: 'string', short: 'f' },
    format: { type: 'string' },
    out: { type: 'string' },
    'no-color': { type: 'boolean' },
    'api-url': { type: 'string' },
    insecure: { type: 'boolean' },
  },
  run: async (args, io) => {
    const v = args.values;
    const format = (v['format'] as string | undefined) ?? 'text';
    if (!(FORMATS as readonly string[]).includes(format)) throw new UsageError(`unknown format "${format}"`, 'use --format text, json, markdown or junit');
    const file = (v['file'] as string | undefined) ?? 'galileo.yaml';
    const shown = displayPath(path.resolve(io.cwd, file), io.cwd);
    const out = v['out'] as string | undefined;
    const color = out === undefined && useColor(io, v['no-color'] === true);

    const loaded = await loadManifest(file, { env: io.env, cwd: io.cwd });
    io.secrets.add(loaded.secrets ?? []);
    if (loaded.desired === undefined) {
      io.stderr(renderProblems(loaded.problems, { color: useColor(io, v['no-color'] === true) }));
      io.stderr(renderProblemSummary(loaded.problems, shown));
      return 1;
    }
    const apiUrlFlag = v['api-url'] as string | undefined;
    const config = resolveApiConfig(io.env, { ...(apiUrlFlag === undefined ? {} : { apiUrl: apiUrlFlag }), insecure: v['insecure'] === true });
    const client = createGalileoClient({ apiUrl: config.apiUrl, apiKey: config.apiKey, signal: io.signal, ...httpDebugOption(io) });
    try {
      if (io.isTTY) io.stderr(`reading scores from ${config.apiUrl}…\n`);
      const report = evaluateThresholds(await readCheckInputs(client, loaded.desired));
      const text =
        format === 'json' ? renderCheckJson(report)
        : format === 'markdown' ? renderCheckMarkdown(report)
        : format === 'junit' ? renderCheckJunit(report)
        : renderCheckText(report, { color });
      if (out === undefined) io.stdout(text);
      else {
        const target = path.resolve(io.cwd, out);
        await writeFileAtomic(target, io.secrets.text(text), { mode: 0o644, shown: displayPath(target, io.cwd) });
        const { passed, thresholds } = report.summary;
        io.stderr(`${report.ok ? 'check passed' : 'check failed'}: ${passed}/${thresholds} thresholds passed; report written to ${displayPath(target, io.cwd)}\n`);
      }
      return report.ok ? 0 : CHECK_FAILED_EXIT;
    } finally {
      await client.close();
    }
  },
};
