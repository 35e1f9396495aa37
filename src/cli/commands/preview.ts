import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { consoleBaseUrl } from '../../check/console-link.js';
import { evaluateThresholds } from '../../check/evaluate-thresholds.js';
import type { CheckReport } from '../../check/types.js';
import { GalctlError, UsageError } from '../../core/errors.js';
import { parseDuration } from '../../core/parse-duration.js';
import { displayPath } from '../../manifest/read-referenced-file.js';
import { destroyPreview } from '../../preview/destroy-preview.js';
import { PREVIEW_ID } from '../../preview/preview-desired.js';
import { runPreview, type PreviewResult } from '../../preview/run-preview.js';
import { renderApplySummary } from '../../render/render-apply.js';
import { renderCheckJson } from '../../render/render-check-json.js';
import { renderCheckJunit } from '../../render/render-check-junit.js';
import { renderCheckText } from '../../render/render-check-text.js';
import { renderPreviewComment } from '../../render/preview-comment.js';
import { ciProvenance } from '../../runs/ci-provenance.js';
import { readCiEvent } from '../../runs/read-ci-event.js';
import type { Command } from '../command.js';
import { terminalWidth, useColor, type CommandIo } from '../io.js';
import { connectAfterLoad, loadDesired, makePlanLoaded, parseConcurrency } from '../make-plan.js';
import { REQUEST_TIMEOUT_HELP } from '../request-timeout-option.js';
import { checkOutputTarget, writeFileAtomic } from '../write-file-atomic.js';
import { CHECK_FAILED_EXIT } from './check.js';

const HELP = `Usage: galctl preview --id ID [-f FILE] [--commit SHA] [--wait] [--timeout DUR]
                      [--format text|markdown|json|junit] [--out FILE] [--max-judge-calls N]
       galctl preview --destroy --id ID [-f FILE]

Evaluates a pull request before it merges, without touching what production uses. It plans the manifest against
live state, takes the experiments whose inputs changed (their run would be new: directly, or through a changed
template, dataset or scorer; unchanged ones are not re-run) and evaluates them in a namespace owned by the stack
and the preview id:
  - a template main has whose text or settings changed gets a new version that is NOT selected;
  - a changed or new scorer or dataset (or a new template or project) gets a copy named "<name> [preview ID]",
    so main's objects and the live log streams that score with them stay as they are;
  - each changed experiment gets a run named "<experiment> [preview ID COMMIT] · <fingerprint>", tagged
    galctl:preview=ID and galctl:commit=SHA.
Everything it creates is recorded in galctl's inventory under the stack "<stack>/preview/ID", which --destroy
deletes. The same id and commit adopt what exists (nothing new is created); a new commit makes new runs. Then
(with --wait, once scoring finished) it compares each preview run with main's current run of the experiment (its
newest run), with the report and gates of galctl check.

Options:
  -f, --file FILE          the manifest (default ./galileo.yaml)
      --id ID              the preview's id: lowercase letters, digits and dashes, e.g. pr-7 (required)
      --commit SHA         the commit previewed (default: the CI's commit, else git rev-parse HEAD)
      --wait               wait until the preview runs are scored before reporting
      --timeout DUR        give up waiting after this long, exit 1 (default 30m; e.g. 90s, 5m, 1h)
      --format FORMAT      text (default), markdown (one complete pull request comment: its first line is
                           <!-- galctl-preview -->, then what will change on merge, then the results), json or
                           junit (as galctl check)
      --out FILE           write the report to FILE instead of stdout
      --max-judge-calls N  refuse, before creating anything, a preview whose new runs are estimated to make more
                           than N judge calls (rows x judges of each LLM-judged scorer)
      --destroy            delete everything the preview ID created (its inventory rows prove what), and print
                           what was deleted; template versions stay (Galileo cannot delete one; never selected)
      --no-color           no colour
      --concurrency N      requests in flight at once (default 8)
      --api-url URL        the Galileo API (default GALILEO_API_URL, else from GALILEO_CONSOLE_URL, else
                           https://api.galileo.ai)
      --insecure           allow plain http:// to a host that is not loopback
${REQUEST_TIMEOUT_HELP}

Exit codes: 0 every threshold passed (or nothing to preview), 3 a threshold or gate failed, 1 error (bad
manifest or id, API, over --max-judge-calls, not scored yet without --wait).
Environment: GALILEO_API_KEY (required), GALILEO_API_URL, GALILEO_CONSOLE_URL, NO_COLOR.
`;

const FORMATS = ['text', 'markdown', 'json', 'junit'] as const;
const COMMIT = /^[0-9a-fA-F]{7,40}$/;

/** --commit, else the CI's commit, else `git rev-parse HEAD` in the working directory. */
async function commitOf(given: string | undefined, io: CommandIo): Promise<string> {
  if (given !== undefined) {
    if (!COMMIT.test(given)) throw new UsageError(`--commit "${given}" is not a commit`, 'pass 7 to 40 hex digits of a commit sha, e.g. --commit "$(git rev-parse HEAD)"');
    return given.toLowerCase();
  }
  const ci = ciProvenance(io.env, await readCiEvent(io.env))?.commit;
  if (ci !== undefined && COMMIT.test(ci)) return ci.toLowerCase();
  try {
    const { stdout } = await promisify(execFile)('git', ['rev-parse', 'HEAD'], { cwd: io.cwd, timeout: 10_000 });
    const sha = stdout.trim();
    if (COMMIT.test(sha)) return sha.toLowerCase();
  } catch {
    // not a git checkout, or no git: say what to pass
  }
  throw new UsageError('cannot tell which commit is previewed (no CI commit, and git rev-parse HEAD failed)', 'pass --commit SHA');
}

function parseMaxJudgeCalls(raw: unknown): number | undefined {
  if (raw === undefined) return undefined;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 0) throw new UsageError(`--max-judge-calls "${String(raw)}" is not a whole number`, 'e.g. --max-judge-calls 5000');
  return n;
}

/** The report in the asked format; `report` is an empty one when nothing was previewed. */
function renderReport(format: string, result: PreviewResult, ctx: { id: string; commit: string; plan: Parameters<typeof renderPreviewComment>[0]['plan']; color: boolean; io: CommandIo }): string {
  const report: CheckReport = result.report ?? evaluateThresholds([]);
  if (format === 'markdown') return renderPreviewComment({ id: ctx.id, commit: ctx.commit, plan: ctx.plan, experiments: result.experiments, ...(result.report === undefined ? {} : { report: result.report }), unscored: result.unscored });
  if (format === 'junit') return renderCheckJunit(report);
  if (format === 'json') {
    const body = JSON.parse(renderCheckJson(report)) as Record<string, unknown>;
    return `${JSON.stringify({ preview: { id: ctx.id, commit: ctx.commit, experiments: result.experiments, judge_calls: result.judgeCalls }, ...body }, null, 2)}\n`;
  }
  const width = terminalWidth(ctx.io);
  const head = result.experiments.length === 0 ? 'galctl preview: no experiment\'s inputs changed: nothing to preview\n' : `galctl preview ${ctx.id} at ${ctx.commit.slice(0, 12)}: ${result.experiments.join(', ')}\n\n`;
  return result.experiments.length === 0 ? head : `${head}${renderCheckText(report, { color: ctx.color, ...(width === undefined ? {} : { width }) })}`;
}

async function destroy(io: CommandIo, v: Record<string, unknown>, file: string, id: string): Promise<number> {
  const color = useColor(io, v['no-color'] === true);
  const loaded = await loadDesired(file, io, color);
  if (loaded === undefined) return 1;
  const connected = await connectAfterLoad(io, v as never, { concurrency: parseConcurrency(v['concurrency']), abortRequests: false }, loaded);
  if (connected === undefined) return 1;
  const { client } = connected;
  try {
    const stack = loaded.desired.stack ?? '';
    const { objects, applied } = await destroyPreview(client, { stack, id, signal: io.signal });
    if (objects.length === 0) {
      io.stdout(`preview ${id}: nothing to destroy (no object of it in galctl's inventory)\n`);
      return 0;
    }
    const failed = new Set((applied?.outcomes ?? []).filter((o) => o.status !== 'succeeded').map((o) => o.id ?? o.address));
    const gone = objects.filter((o) => !failed.has(o.id));
    io.stdout(`preview ${id}: deleted ${gone.length} of ${objects.length} object${objects.length === 1 ? '' : 's'}:\n`);
    for (const o of objects) io.stdout(`  ${failed.has(o.id) ? '! not deleted' : '- deleted'} ${o.kind.replace('_', ' ')} "${o.name}"${o.project === undefined ? '' : ` in project "${o.project}"`}\n`);
    io.stdout('Template versions the preview added to templates of main stay: Galileo cannot delete a template version (they were never selected).\n');
    if (applied !== undefined && !applied.ok) io.stderr(renderApplySummary(applied, { color }));
    return applied === undefined || applied.ok ? 0 : 1;
  } finally {
    await client.close();
  }
}

export const previewCommand: Command = {
  name: 'preview',
  summary: 'evaluate a pull request\'s changed experiments without touching production',
  help: HELP,
  options: {
    file: { type: 'string', short: 'f' },
    id: { type: 'string' },
    commit: { type: 'string' },
    wait: { type: 'boolean' },
    timeout: { type: 'string' },
    format: { type: 'string' },
    out: { type: 'string' },
    'max-judge-calls': { type: 'string' },
    destroy: { type: 'boolean' },
    'no-color': { type: 'boolean' },
    concurrency: { type: 'string' },
    'api-url': { type: 'string' },
    insecure: { type: 'boolean' },
    'request-timeout': { type: 'string' },
  },
  run: async (args, io) => {
    const v = args.values;
    const id = v['id'] as string | undefined;
    if (id === undefined) throw new UsageError('--id is required', 'name the preview, e.g. --id pr-7 (the pull request number)');
    if (!PREVIEW_ID.test(id)) throw new UsageError(`--id "${id}" is not a preview id`, 'use 1 to 40 lowercase letters, digits and dashes, starting with a letter or digit, e.g. --id pr-7');
    const file = (v['file'] as string | undefined) ?? 'galileo.yaml';
    if (v['destroy'] === true) {
      const extra = ['commit', 'wait', 'timeout', 'format', 'out', 'max-judge-calls'].filter((f) => v[f] !== undefined);
      if (extra.length > 0) throw new UsageError(`--destroy takes no ${extra.map((f) => `--${f}`).join(', ')}`, 'run galctl preview --destroy --id ID -f FILE');
      return destroy(io, v, file, id);
    }
    const format = (v['format'] as string | undefined) ?? 'text';
    if (!(FORMATS as readonly string[]).includes(format)) throw new UsageError(`unknown format "${format}"`, 'use --format text, markdown, json or junit');
    if (v['timeout'] !== undefined && v['wait'] !== true) throw new UsageError('--timeout only applies with --wait', 'add --wait, or drop --timeout');
    const timeoutMs = v['timeout'] === undefined ? 30 * 60_000 : parseDuration(String(v['timeout']), '--timeout');
    const maxJudgeCalls = parseMaxJudgeCalls(v['max-judge-calls']);
    const concurrency = parseConcurrency(v['concurrency']);
    const commit = await commitOf(v['commit'] as string | undefined, io);
    const out = v['out'] as string | undefined;
    const color = out === undefined && useColor(io, v['no-color'] === true);
    if (out !== undefined) await checkOutputTarget(path.resolve(io.cwd, out), displayPath(path.resolve(io.cwd, out), io.cwd));

    const loaded = await loadDesired(file, io, useColor(io, v['no-color'] === true));
    if (loaded === undefined) return 1;
    const connected = await connectAfterLoad(io, v, { concurrency, abortRequests: false }, loaded);
    if (connected === undefined) return 1;
    const { client, config } = connected;
    try {
      if (io.isTTY) io.stderr(`reading live state from ${config.apiUrl}…\n`);
      const main = await makePlanLoaded(client, loaded, { prune: false, targets: [], manifestPath: loaded.shown, apiUrl: config.apiUrl, signal: io.signal });
      if (main === undefined) return 1;
      const provenance = ciProvenance(io.env, await readCiEvent(io.env));
      const result = await runPreview(client, main, {
        id,
        commit,
        ...(maxJudgeCalls === undefined ? {} : { maxJudgeCalls }),
        wait: v['wait'] === true,
        timeoutMs,
        manifestPath: loaded.shown,
        apiUrl: config.apiUrl,
        consoleBase: consoleBaseUrl(io.env, config.apiUrl),
        signal: io.signal,
        ...(provenance === undefined ? {} : { provenance }),
        note: (line) => io.stderr(`${line}\n`),
      });
      if (result.applied !== undefined) io.stderr(renderApplySummary(result.applied, { color: false }));
      if (result.applied !== undefined && (!result.applied.ok || result.applied.interrupted)) {
        throw new GalctlError('preview-apply-failed', `the preview's objects were not all created`, { hint: 'run the preview again (it adopts what exists), or destroy it' });
      }
      const text = renderReport(format, result, { id, commit, plan: main.plan, color, io });
      if (out === undefined) io.stdout(text);
      else {
        const target = path.resolve(io.cwd, out);
        await writeFileAtomic(target, io.secrets.text(text), { mode: 0o644, shown: displayPath(target, io.cwd) });
        io.stderr(`preview ${result.report === undefined || result.report.ok ? 'passed' : 'failed'}; report written to ${displayPath(target, io.cwd)}\n`);
      }
      if (result.unscored.length > 0) {
        io.stderr(`error: not scored yet: ${result.unscored.join('; ')}\nhint: run the preview again with --wait (it adopts the runs it made)\n`);
        return 1;
      }
      const missing = (result.report?.experiments ?? []).filter((e) => e.status === 'not-found');
      if (missing.length > 0) {
        io.stderr(`error: no preview run found for ${missing.map((e) => e.address).join(', ')}\n`);
        return 1;
      }
      return result.report === undefined || result.report.ok ? 0 : CHECK_FAILED_EXIT;
    } finally {
      await client.close();
    }
  },
};
