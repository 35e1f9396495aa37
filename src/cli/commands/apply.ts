import path from 'node:path';
import { applyPlan, checkReplaces } from '../../engine/apply/apply-plan.js';
import { runsToWait } from '../../engine/apply/runs-to-wait.js';
import { formatDuration, waitForRuns } from '../../engine/apply/wait-for-runs.js';
import { GalctlError, UsageError } from '../../core/errors.js';
import { readRegularFile } from '../../read-regular-file.js';
import { hashManifestFile } from '../../manifest/load-manifest.js';
import { displayPath } from '../../manifest/read-referenced-file.js';
import { checkSavedPlan, parseSavedPlan } from '../../engine/check-saved-plan.js';
import type { Plan } from '../../core/plan-types.js';
import { escapeControl } from '../../render/escape-control.js';
import { renderApplySummary } from '../../render/render-apply.js';
import { renderPlanJson } from '../../render/render-plan-json.js';
import { renderPlanText } from '../../render/render-plan-text.js';
import { renderStats } from '../../render/render-stats.js';
import { hasChanges } from '../../render/summary-line.js';
import { DEFAULT_TRACE_BATCH_BYTES, DEFAULT_TRACE_BATCH_SIZE } from '../../traces/ingest-traces.js';
import { createProgressReporter, createWaitReporter, heartbeatMsFrom } from '../apply-progress.js';
import type { Command, ParsedArgs } from '../command.js';
import { useColor, type Io } from '../io.js';
import { connectAfterLoad, loadDesired, makePlanLoaded, parseConcurrency } from '../make-plan.js';
import { parseDuration } from '../../core/parse-duration.js';
import { ciProvenance, type CiProvenance } from '../../runs/ci-provenance.js';
import { readCiEvent } from '../../runs/read-ci-event.js';

const provenanceOf = (p: CiProvenance | undefined): { provenance?: CiProvenance } => (p === undefined ? {} : { provenance: p });
import { REQUEST_TIMEOUT_HELP } from '../request-timeout-option.js';

const HELP = `Usage: galctl apply [-f FILE | PLAN.json] [--auto-approve] [--concurrency N] [--on-error abort|continue]
                    [--allow-replace] [--target ADDRESS]... [--prune] [--batch-size N] [--batch-bytes N]
                    [--skip-bad-records] [--max-rows N]
                    [--api-url URL] [--insecure] [--stats] [--no-color] [--format text|json]
                    [--wait [--timeout 30m]] [--allow-outside-files]

Makes Galileo match the manifest: plans (or loads a plan saved with \`galctl plan --out\`), shows the plan, asks
for confirmation (not for a saved plan: it was reviewed when it was made), then makes the changes in dependency order, several at a time. Safe to run again at any time:
whatever exists already is adopted, never duplicated, so a re-run after a failure or Ctrl-C finishes the job.

Options:
  -f, --file FILE          the manifest (default ./galileo.yaml)
  PLAN.json                apply a saved plan without asking again; refused if the manifest or any object it
                           read changed since
      --auto-approve       do not ask (required when stdin is not a terminal, e.g. in CI, unless PLAN.json)
      --concurrency N      requests in flight at once (default 8; steps: twice as many)
      --on-error MODE      abort (default): start nothing new after a failure; continue: do everything a
                           failure does not block
      --allow-replace      allow deleting and re-creating experiments whose dataset or template changed, and
                           scorers whose type (llm, code) changed
                           (never one marked protect: true)
      --target ADDRESS     apply only this address (or prefix, e.g. project.demo) and what it depends on; repeatable
      --prune              also delete what this stack created and the manifest no longer declares (needs
                           stack: in the manifest; prune: true there does the same)
      --batch-size N       traces per ingest request (default 500)
      --batch-bytes N      bytes per ingest request, at most (default 8000000; a batch answered 413 is split)
      --skip-bad-records   send the good records of a trace file that has bad ones, and list the bad ones
      --max-rows N         runner experiments: call the application for the first N dataset rows only (a quick
                           try; the other rows run on a later apply)
      --format FORMAT      text (default) or json (the apply result as JSON on stdout)
      --no-color           no colour (also off when stdout is not a terminal or NO_COLOR is set)
      --api-url URL        the Galileo API (default GALILEO_API_URL, else from GALILEO_CONSOLE_URL)
      --insecure           allow plain http:// to a host that is not loopback
${REQUEST_TIMEOUT_HELP}
      --allow-outside-files
                           allow file references outside the manifest's directory
      --stats              print requests per route, retries and time to stderr
      --wait               then wait until every job of the experiments and log streams this apply touched has
                           ended and their metrics can be read (jobs done/total per run), e.g. before galctl check
      --timeout DURATION   give up waiting after this long, exit 1 (default 30m; e.g. 90s, 5m, 1h)

Exit status: 0 done (or nothing to do), 1 failed or refused, 130 interrupted (Ctrl-C; run again to finish).
Progress: on a terminal, the steps in flight, with a bar (done/total, rate, ETA) for trace ingests and --wait's
jobs; otherwise a line per finished step and, every 10 s (GALCTL_HEARTBEAT_MS), one per step or run still going.
Environment: GALILEO_API_KEY (required), GALILEO_API_URL, GALILEO_CONSOLE_URL, NO_COLOR, GALCTL_HEARTBEAT_MS.
`;

const POLL_INTERVAL_MS = 500;

function positiveInt(raw: unknown, flag: string, fallback: number): number {
  if (raw === undefined) return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1) throw new UsageError(`${flag} "${String(raw)}" is not a whole number of at least 1`, `e.g. ${flag} ${fallback}`);
  return n;
}

/** Largest saved plan read: plans carry row edits, so a large dataset makes a plan of tens of MB. */
const MAX_PLAN_FILE_BYTES = 512 * 1024 * 1024;

/** A `.json` file with a `format_version` is a saved plan; anything else is a manifest. */
async function readPlanFile(file: string, io: Io): Promise<Plan | undefined> {
  if (!file.toLowerCase().endsWith('.json')) return undefined;
  const abs = path.resolve(io.cwd, file);
  let text: string;
  try {
    text = (await readRegularFile(abs, MAX_PLAN_FILE_BYTES)).toString('utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOTREG') throw new GalctlError('plan-unreadable', `${file} is not a regular file (a pipe, socket or device)`, { hint: 'pass the plan file that `galctl plan --out` wrote' });
    if (code === 'EFBIG') throw new GalctlError('plan-unreadable', `${file} is larger than ${MAX_PLAN_FILE_BYTES / 1024 / 1024} MB: not a plan galctl wrote`, { hint: 'pass the plan file that `galctl plan --out` wrote' });
    throw new GalctlError('plan-unreadable', `cannot read ${file}: ${code ?? String(err)}`, { hint: 'check the path' });
  }
  const looksLikePlan = /"format_version"\s*:/.test(text);
  return looksLikePlan ? parseSavedPlan(text, displayPath(abs, io.cwd)) : undefined;
}

/**
 * A saved plan's `manifest` is a path written in a file anyone may have edited: nothing is read from it, nor reported
 * about it, until its text hashes to the plan's `manifest_hash` (else a crafted plan could have apply print the first
 * line of any file in a YAML error).
 */
async function checkSavedManifest(saved: Plan, io: Io): Promise<void> {
  const hint = 'make a new plan from the manifest (galctl plan --out PLAN.json), review it, and apply that';
  const named = JSON.stringify(saved.manifest); // quoted and escaped: the path is the plan file's word
  if (typeof saved.manifest_hash !== 'string') {
    throw new GalctlError('plan-invalid', `the plan does not carry the hash of its manifest ${named} (made by an older galctl?)`, { hint });
  }
  const hash = await hashManifestFile(saved.manifest, io.cwd);
  if (typeof hash !== 'string') throw new GalctlError('plan-stale', `the plan's manifest ${named} cannot be read (${hash.code})`, { hint });
  if (hash !== saved.manifest_hash) throw new GalctlError('plan-stale', `the manifest changed since the plan was made (${named}: its sha256 differs)`, { hint });
}

function options(values: ParsedArgs['values']) {
  const onError = (values['on-error'] as string | undefined) ?? 'abort';
  if (onError !== 'abort' && onError !== 'continue') throw new UsageError(`--on-error "${onError}" is not abort or continue`, 'use --on-error abort or --on-error continue');
  const format = (values['format'] as string | undefined) ?? 'text';
  if (format !== 'text' && format !== 'json') throw new UsageError(`unknown format "${format}"`, 'use --format text or json');
  return {
    onError: onError as 'abort' | 'continue',
    format,
    concurrency: parseConcurrency(values['concurrency']),
    batchSize: positiveInt(values['batch-size'], '--batch-size', DEFAULT_TRACE_BATCH_SIZE),
    batchBytes: positiveInt(values['batch-bytes'], '--batch-bytes', DEFAULT_TRACE_BATCH_BYTES),
    ...(values['max-rows'] === undefined ? {} : { maxRows: positiveInt(values['max-rows'], '--max-rows', 1) }),
    targets: (values['target'] as string[] | undefined) ?? [],
  };
}

export const applyCommand: Command = {
  name: 'apply',
  summary: 'make Galileo match the manifest',
  help: HELP,
  allowPositionals: true,
  options: {
    file: { type: 'string', short: 'f' },
    'auto-approve': { type: 'boolean' },
    concurrency: { type: 'string' },
    'on-error': { type: 'string' },
    'allow-replace': { type: 'boolean' },
    target: { type: 'string', multiple: true },
    prune: { type: 'boolean' },
    'batch-size': { type: 'string' },
    'batch-bytes': { type: 'string' },
    'skip-bad-records': { type: 'boolean' },
    'max-rows': { type: 'string' },
    'api-url': { type: 'string' },
    'allow-outside-files': { type: 'boolean' },
    insecure: { type: 'boolean' },
    'request-timeout': { type: 'string' },
    stats: { type: 'boolean' },
    'no-color': { type: 'boolean' },
    format: { type: 'string' },
    wait: { type: 'boolean' },
    timeout: { type: 'string' },
  },
  run: async (args, io) => {
    const v = args.values;
    const opts = options(v);
    if (v['timeout'] !== undefined && v['wait'] !== true) throw new UsageError('--timeout only applies with --wait', 'add --wait, or drop --timeout');
    const timeoutMs = v['timeout'] === undefined ? 30 * 60_000 : parseDuration(String(v['timeout']), '--timeout');
    if (args.positionals.length > 1) throw new UsageError(`apply takes one plan file, got ${args.positionals.length}: ${args.positionals.join(' ')}`);
    const given = args.positionals[0] ?? (v['file'] as string | undefined);
    if (args.positionals[0] !== undefined && v['file'] !== undefined) throw new UsageError('give either -f FILE or PLAN.json, not both');
    const saved = given === undefined ? undefined : await readPlanFile(given, io);
    if (saved !== undefined && opts.targets.length > 0) throw new UsageError('--target cannot narrow a saved plan', 'make the plan with --target instead');
    const color = useColor(io, v['no-color'] === true);
    const out = opts.format === 'json' ? io.stderr : io.stdout;

    if (saved !== undefined) await checkSavedManifest(saved, io);
    const loaded = await loadDesired(saved?.manifest ?? given ?? 'galileo.yaml', io, color, { allowOutsideFiles: v['allow-outside-files'] === true, connect: { values: v, options: { concurrency: opts.concurrency, abortRequests: false } } });
    if (loaded === undefined) return 1;
    const connected = await connectAfterLoad(io, v, { concurrency: opts.concurrency, abortRequests: false }, loaded);
    if (connected === undefined) return 1;
    const { client, config } = connected;
    try {
      if (io.isTTY) io.stderr(`reading live state from ${config.apiUrl}…\n`);
      const prune = saved === undefined ? v['prune'] === true : saved.changes.some((c) => c.action === 'delete');
      const fresh = await makePlanLoaded(client, loaded, {
        prune,
        targets: saved?.targets ?? opts.targets,
        manifestPath: loaded.shown,
        apiUrl: config.apiUrl,
        signal: io.signal,
      });
      if (fresh === undefined) return 1;
      if (io.signal.aborted) throw io.signal.reason;
      let plan = fresh.plan;
      if (saved !== undefined) {
        // compared with the fresh plan as plan --out would write it now: secrets masked alike on both sides
        checkSavedPlan(saved, parseSavedPlan(io.secrets.text(renderPlanJson(fresh.plan)), loaded.shown));
        const freshIds = new Map(fresh.plan.changes.map((c) => [c.address, c.id]));
        plan = { ...saved, changes: saved.changes.map((c) => ({ ...c, ...(freshIds.get(c.address) === undefined ? {} : { id: freshIds.get(c.address)! }) })) };
      }

      out(renderPlanText(plan, { color }));
      if (!hasChanges(plan.summary)) {
        if (opts.format === 'json') io.stdout(`${JSON.stringify({ outcomes: [], ok: true, interrupted: false, ms: 0 }, null, 2)}\n`);
        return 0;
      }
      checkReplaces(plan.changes, v['allow-replace'] === true);
      // a saved plan was reviewed when it was made (as terraform apply PLAN): not asked again; the stale checks above guard it
      if (v['auto-approve'] !== true && saved === undefined) {
        if (!io.stdinIsTTY) {
          throw new GalctlError('apply-not-approved', 'refusing to apply without confirmation: stdin is not a terminal', {
            hint: 'review the plan above, then run again with --auto-approve (as CI does)',
          });
        }
        if (!(await io.confirm('Apply these changes? (yes/no) '))) {
          io.stderr('Apply cancelled; nothing was changed.\n');
          return 1;
        }
      }

      const reporter = createProgressReporter(io, { live: io.isTTY && opts.format === 'text', color, heartbeatMs: heartbeatMsFrom(io.env) });
      const result = await applyPlan({
        plan,
        desired: fresh.desired,
        live: fresh.live,
        client,
        concurrency: opts.concurrency,
        onError: opts.onError,
        allowReplace: v['allow-replace'] === true,
        signal: io.signal,
        ...(opts.format === 'json' ? {} : { onEvent: reporter.onEvent }),
        batchSize: opts.batchSize,
        batchBytes: opts.batchBytes,
        skipBadRecords: v['skip-bad-records'] === true,
        ...(opts.maxRows === undefined ? {} : { maxRows: opts.maxRows }),
        pollIntervalMs: POLL_INTERVAL_MS,
        ...provenanceOf(ciProvenance(io.env, await readCiEvent(io.env))),
      });
      reporter.stop();
      if (opts.format === 'json') io.stdout(`${JSON.stringify(result, null, 2)}\n`);
      else io.stdout(`\n${renderApplySummary(result, { color })}`);
      if (v['wait'] === true && result.ok && !result.interrupted) {
        const runs = runsToWait(plan, result, fresh.desired, fresh.live);
        out(`\nwaiting for scoring of ${runs.length} run${runs.length === 1 ? '' : 's'} (timeout ${formatDuration(timeoutMs)})\n`);
        const waitReporter = createWaitReporter(out, { live: io.isTTY && opts.format === 'text', heartbeatMs: heartbeatMsFrom(io.env) });
        const waited = await waitForRuns({
          client,
          runs,
          timeoutMs,
          signal: io.signal,
          onProgress: waitReporter.onProgress,
        }).finally(() => waitReporter.stop());
        // job names, statuses and messages are Galileo's: control characters escaped
        for (const w of waited) {
          for (const e of w.errors) out(`${escapeControl(`  ${w.address}: job ${e.jobName ?? e.jobId}${e.scorer === undefined ? '' : ` (scorer ${e.scorer})`} ${e.status}: ${e.message}`)}\n`);
          if (w.metricsMissing.length > 0) out(`${escapeControl(`  ${w.address}: metrics not readable yet for ${w.metricsMissing.join(', ')}`)}\n`);
        }
        out('scoring finished\n');
      }
      if (v['stats'] === true) io.stderr(renderStats(client.stats()));
      return result.interrupted ? 130 : result.ok ? 0 : 1;
    } finally {
      await client.close();
    }
  },
};
