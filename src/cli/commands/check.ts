import path from 'node:path';
import { addRegressionGates } from '../../check/add-regression-gates.js';
import { consoleBaseUrl } from '../../check/console-link.js';
import { evaluateThresholds } from '../../check/evaluate-thresholds.js';
import { readComparisons } from '../../check/read-comparisons.js';
import { unscoredExperiments } from '../../check/unscored-experiments.js';
import { readCheckInputs } from '../../check/read-check-inputs.js';
import { UsageError } from '../../core/errors.js';
import { createGalileoClient } from '../../galileo/create-client.js';
import { httpDebugOption } from '../http-debug-option.js';
import { requestTimeoutOption, REQUEST_TIMEOUT_HELP } from '../request-timeout-option.js';
import { describeApiUrlOrigin, resolveApiConfig } from '../../galileo/resolve-api-config.js';
import { loadManifest } from '../../manifest/load-manifest.js';
import { displayPath } from '../../manifest/read-referenced-file.js';
import { renderCheckJson } from '../../render/render-check-json.js';
import { renderCheckJunit } from '../../render/render-check-junit.js';
import { renderCheckMarkdown } from '../../render/render-check-markdown.js';
import { renderCheckText } from '../../render/render-check-text.js';
import { renderProblemSummary, renderProblems } from '../../render/render-problems.js';
import type { Command } from '../command.js';
import { terminalWidth, useColor, type Io } from '../io.js';
import type { Desired } from '../../core/desired-types.js';
import { checkOutputTarget, writeFileAtomic } from '../write-file-atomic.js';

const HELP = `Usage: galctl check [-f FILE] [--experiment ADDRESS]... [--baseline RUN | --baseline-ref SHA]
                    [--format text|json|markdown|junit] [--out FILE] [--no-color] [--api-url URL] [--insecure]

Reads each experiment's current run (the run of the manifest's inputs, named by their fingerprint; an earlier
run is never reported as current) and its aggregate metrics, jobs and scores from Galileo, and evaluates the manifest's
thresholds: average (numeric scorers), share_true (boolean scorers), min / max, and per-category counts
(categorical scorers). A scorer whose job failed, whose metric is missing, or whose traces are still pending
after the jobs ended fails with the reason, never passes silently. Experiments without thresholds are skipped.
Regression gates (max_drop, max_regressed_rows) compare the run with a baseline run, row by row, with a
seeded paired-bootstrap 95% interval of each change. The baseline is by default the experiment's previous run
(the newest other run); without one the gates pass ("no baseline yet").
Run it after \`galctl apply --wait\`, so that scoring has finished.

Options:
  -f, --file FILE      the manifest (default ./galileo.yaml)
      --experiment ADDRESS
                       check only this experiment (project.<p>.experiment.<key>); repeatable
      --baseline RUN   compare with the run (experiment) named RUN in the same project: baseline, candidate,
                       delta and its interval per scorer, regressed rows, and the max_drop /
                       max_regressed_rows gates
      --baseline-ref SHA
                       compare with the run of the same experiment made at commit SHA (7 or more hex digits,
                       a prefix of the run's galctl:commit tag), e.g. the main branch's last commit
      --format FORMAT  text (default; a table), json, markdown (for a PR comment or job summary) or junit
                       (JUnit XML, one test case per threshold, for CI test reports)
      --out FILE       write the report to FILE instead of stdout (a one-line verdict still goes to stderr)
      --no-color       no colour (also off when stdout is not a terminal or NO_COLOR is set)
      --api-url URL    the Galileo API (default GALILEO_API_URL, else from GALILEO_CONSOLE_URL, else
                       https://api.galileo.ai)
      --insecure       allow plain http:// to a host that is not loopback
${REQUEST_TIMEOUT_HELP}

Exit codes: 0 every threshold passed (or there were none), 3 a threshold failed, 1 error (bad manifest, API,
no run for the current inputs of an experiment with thresholds, or not scored yet, a baseline run not found
or not scored yet, an unknown --experiment).
The text table is as wide as the terminal (else COLUMNS, else 100 columns).
Environment: GALILEO_API_KEY (required), GALILEO_API_URL, GALILEO_CONSOLE_URL, NO_COLOR, COLUMNS.
`;

const FORMATS = ['text', 'json', 'markdown', 'junit'] as const;

/** The text table's width: the terminal's, else COLUMNS, else the renderer's default. */
function widthOf(io: Io): { width?: number } {
  const width = terminalWidth(io);
  return width === undefined ? {} : { width };
}

/** The manifest with only the experiments `--experiment` names (all of them without the flag); an unknown address is a usage error. */
function selectExperiments(desired: Desired, selected: string[] | undefined): Desired {
  if (selected === undefined || selected.length === 0) return desired;
  const known = desired.resources.filter((r) => r.kind === 'experiment').map((r) => r.address);
  const unknown = selected.filter((a) => !known.includes(a));
  if (unknown.length > 0) {
    throw new UsageError(`--experiment ${unknown.map((a) => `"${a}"`).join(', ')} names no experiment of the manifest`, `experiments: ${known.join(', ') || 'none'}`);
  }
  const keep = new Set(selected);
  return { ...desired, resources: desired.resources.filter((r) => r.kind !== 'experiment' || keep.has(r.address)) };
}

/** Exit code when the check ran and a threshold failed. */
export const CHECK_FAILED_EXIT = 3;

export const checkCommand: Command = {
  name: 'check',
  summary: 'evaluate the manifest\'s thresholds against the experiments\' scores',
  help: HELP,
  options: {
    file: { type: 'string', short: 'f' },
    experiment: { type: 'string', multiple: true },
    baseline: { type: 'string' },
    'baseline-ref': { type: 'string' },
    format: { type: 'string' },
    out: { type: 'string' },
    'no-color': { type: 'boolean' },
    'api-url': { type: 'string' },
    insecure: { type: 'boolean' },
    'request-timeout': { type: 'string' },
  },
  run: async (args, io) => {
    const v = args.values;
    const format = (v['format'] as string | undefined) ?? 'text';
    if (!(FORMATS as readonly string[]).includes(format)) throw new UsageError(`unknown format "${format}"`, 'use --format text, json, markdown or junit');
    const file = (v['file'] as string | undefined) ?? 'galileo.yaml';
    const shown = displayPath(path.resolve(io.cwd, file), io.cwd);
    const out = v['out'] as string | undefined;
    const color = out === undefined && useColor(io, v['no-color'] === true);
    if (out !== undefined) await checkOutputTarget(path.resolve(io.cwd, out), displayPath(path.resolve(io.cwd, out), io.cwd));

    const loaded = await loadManifest(file, { env: io.env, cwd: io.cwd });
    io.secrets.add(loaded.secrets ?? []);
    if (loaded.desired === undefined) {
      io.stderr(renderProblems(loaded.problems, { color: useColor(io, v['no-color'] === true) }));
      io.stderr(renderProblemSummary(loaded.problems, shown));
      return 1;
    }
    const baselineName = v['baseline'] as string | undefined;
    if (baselineName !== undefined && baselineName.trim() === '') throw new UsageError('--baseline needs a run name', 'pass the name of an earlier run (experiment) of the project');
    const baselineRef = v['baseline-ref'] as string | undefined;
    if (baselineRef !== undefined && !/^[0-9a-fA-F]{7,40}$/.test(baselineRef)) throw new UsageError(`--baseline-ref "${baselineRef}" is not a commit`, 'pass 7 to 40 hex digits of a commit sha, e.g. --baseline-ref "$(git rev-parse origin/main)"');
    if (baselineRef !== undefined && baselineName !== undefined) throw new UsageError('--baseline and --baseline-ref both name a baseline', 'pass one of them');
    const desired = selectExperiments(loaded.desired, v['experiment'] as string[] | undefined);
    const apiUrlFlag = v['api-url'] as string | undefined;
    const config = resolveApiConfig(io.env, { ...(apiUrlFlag === undefined ? {} : { apiUrl: apiUrlFlag }), insecure: v['insecure'] === true });
    const client = createGalileoClient({ apiUrl: config.apiUrl, apiKey: config.apiKey, apiUrlOrigin: describeApiUrlOrigin(config.apiUrlOrigin), signal: io.signal, ...httpDebugOption(io), ...requestTimeoutOption(io, v) });
    try {
      if (io.isTTY) io.stderr(`reading scores from ${config.apiUrl}…\n`);
      const inputs = await readCheckInputs(client, desired);
      // a run still being scored has no numbers of its own yet: say so and stop, never report partial ones
      const unscored = unscoredExperiments(inputs);
      if (unscored.length > 0) {
        io.stderr(`error: not scored yet: ${unscored.join('; ')}\nhint: run galctl apply --wait, or check again once scoring has finished\n`);
        return 1;
      }
      const comparisons = await readComparisons(client, inputs, {
        ...(baselineName === undefined ? {} : { baseline: baselineName }),
        ...(baselineRef === undefined ? {} : { baselineRef }),
        consoleBase: consoleBaseUrl(io.env, config.apiUrl),
      });
      const report = addRegressionGates(evaluateThresholds(inputs), comparisons);
      const text =
        format === 'json' ? renderCheckJson(report)
        : format === 'markdown' ? renderCheckMarkdown(report)
        : format === 'junit' ? renderCheckJunit(report)
        : renderCheckText(report, { color, ...widthOf(io) });
      if (out === undefined) io.stdout(text);
      else {
        const target = path.resolve(io.cwd, out);
        await writeFileAtomic(target, io.secrets.text(text), { mode: 0o644, shown: displayPath(target, io.cwd) });
        const { passed, thresholds } = report.summary;
        io.stderr(`${report.ok ? 'check passed' : 'check failed'}: ${passed}/${thresholds} thresholds passed; report written to ${displayPath(target, io.cwd)}\n`);
      }
      // a missing experiment is not a failed threshold: nothing was measured, so it is an error (exit 1)
      const missing = report.experiments.filter((e) => e.status === 'not-found');
      if (missing.length > 0) {
        io.stderr(`error: no run for the current inputs of ${missing.map((e) => e.address).join(', ')}: run galctl apply\nhint: a run is named by its inputs' fingerprint; an earlier run is never reported as the current one\n`);
        return 1;
      }
      return report.ok ? 0 : CHECK_FAILED_EXIT;
    } finally {
      await client.close();
    }
  },
};
