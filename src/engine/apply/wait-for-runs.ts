import { GalctlError } from '../../core/errors.js';
import type { GalileoClient } from '../../galileo/create-client.js';
import { getExperimentMetrics } from '../../kinds/experiment/api.js';
import { publicScorerName } from '../../galileo/preset-names.js';
import { isFailedJob, listJobs, scorerNameOfJob, TERMINAL_JOB_STATUS, type RunKind } from '../../galileo/runs.js';
import type { Job } from '../../galileo/types.js';

/** An experiment or log stream whose scoring to wait for. */
export interface RunToWait {
  /** e.g. `project.demo.experiment.nightly` */
  address: string;
  projectId: string;
  runId: string;
  /** default: from the address (`.experiment.` → experiment, else log stream) */
  kind?: RunKind;
}

/** A job that ended in `error` / `failed`, with Galileo's message. */
export interface JobFailure {
  jobId: string;
  jobName?: string;
  /** the scorer the job ran, when it names one */
  scorer?: string;
  status: string;
  message: string;
}

export interface RunWaitResult {
  address: string;
  projectId: string;
  runId: string;
  /** every job of the run, all terminal */
  jobs: Job[];
  errors: JobFailure[];
  /**
   * Experiments: scorers whose jobs completed but whose metrics were still absent from the aggregate when the
   * metrics lag ran out (empty when they all showed up; always empty for log streams).
   */
  metricsMissing: string[];
}

export interface WaitForRunsOptions {
  client: GalileoClient;
  runs: RunToWait[];
  /** overall limit; past it a GalctlError names the runs still going */
  timeoutMs: number;
  signal?: AbortSignal;
  /** between job polls; default 2 s */
  pollMs?: number;
  /** called when a run's count of terminal jobs changes (and once per run at the start) */
  onProgress?: (address: string, done: number, total: number) => void;
  /** after the jobs end, how long to wait at most for the scorers to appear in the aggregate metrics; default 15 s */
  metricsLagMs?: number;
  /** a run with no job at all counts as done after this long (jobs may be created a moment after a trigger); default 10 s */
  noJobsGraceMs?: number;
}

/** Job statuses that mean "still running": anything not terminal (`unstarted`, `in_progress`, `pending`, …). */
function isTerminal(job: Job): boolean {
  return TERMINAL_JOB_STATUS.has(job.status);
}

interface RunProgress {
  run: RunToWait;
  jobs: Job[];
  done: boolean;
  /** last (done, total) reported */
  shown: string;
}

/**
 * Polls each run's jobs (`GET …/runs/{id}/jobs`, never filtered by status) until every job is terminal, then, for
 * experiments, polls the aggregate metrics until every scorer whose job completed is there or `metricsLagMs` has
 * passed (Galileo's metrics lag the jobs by a few seconds). Returns per run its jobs and the failed ones.
 */
export async function waitForRuns(opts: WaitForRunsOptions): Promise<RunWaitResult[]> {
  const pollMs = opts.pollMs ?? 2000;
  const lagMs = opts.metricsLagMs ?? 15_000;
  const graceMs = opts.noJobsGraceMs ?? 10_000;
  const started = Date.now();
  const deadline = started + opts.timeoutMs;
  const states: RunProgress[] = opts.runs.map((run) => ({ run, jobs: [], done: false, shown: '' }));

  for (;;) {
    throwIfAborted(opts.signal);
    const open = states.filter((s) => !s.done);
    if (open.length === 0) break;
    await Promise.all(
      open.map(async (s) => {
        s.jobs = await listJobs(opts.client, s.run.projectId, s.run.runId);
        const total = s.jobs.length;
        const finished = s.jobs.filter(isTerminal).length;
        const shown = `${finished}/${total}`;
        if (shown !== s.shown) {
          s.shown = shown;
          opts.onProgress?.(s.run.address, finished, total);
        }
        s.done = total > 0 ? finished === total : Date.now() - started >= graceMs;
      }),
    );
    if (states.every((s) => s.done)) break;
    if (Date.now() >= deadline) throw timeoutError(opts.timeoutMs, states.filter((s) => !s.done));
    await sleep(Math.min(pollMs, Math.max(0, deadline - Date.now())), opts.signal);
  }

  const lagDeadline = Math.min(deadline, Date.now() + lagMs);
  return Promise.all(
    states.map(async (s): Promise<RunWaitResult> => {
      const metricsMissing = kindOf(s.run) === 'experiment' ? await waitForMetrics(opts, s, lagDeadline, pollMs) : [];
      return {
        address: s.run.address,
        projectId: s.run.projectId,
        runId: s.run.runId,
        jobs: s.jobs,
        errors: s.jobs.filter(isFailedJob).map(failureOf),
        metricsMissing,
      };
    }),
  );
}

/** Scorers of completed jobs not yet in the aggregate metrics once `until` passes (empty as soon as all are there). */
async function waitForMetrics(opts: WaitForRunsOptions, s: RunProgress, until: number, pollMs: number): Promise<string[]> {
  const expected = new Set(s.jobs.filter((j) => j.status === 'completed' || j.status === 'processed').flatMap((j) => scorerNameOfJob(j) ?? []));
  if (expected.size === 0) return [];
  for (;;) {
    throwIfAborted(opts.signal);
    const { metrics } = await getExperimentMetrics(opts.client, s.run.projectId, s.run.runId);
    // scorerNameOfJob gives public names; the metrics may name a preset either way
    const present = new Set((metrics ?? []).map((m) => publicScorerName(m.name)));
    const missing = [...expected].filter((n) => !present.has(n)).sort();
    if (missing.length === 0 || Date.now() >= until) return missing;
    await sleep(Math.min(pollMs, Math.max(0, until - Date.now())), opts.signal);
  }
}

function kindOf(run: RunToWait): RunKind {
  return run.kind ?? (run.address.includes('.experiment.') ? 'experiment' : 'log_stream');
}

function failureOf(job: Job): JobFailure {
  const scorer = scorerNameOfJob(job);
  return {
    jobId: job.id,
    ...(job.job_name === undefined ? {} : { jobName: job.job_name }),
    ...(scorer === undefined ? {} : { scorer }),
    status: job.status,
    message: job.error_message ?? `job ${job.status} without a message`,
  };
}

function timeoutError(timeoutMs: number, open: RunProgress[]): GalctlError {
  const where = open.map((s) => `${s.run.address} (jobs ${s.jobs.filter(isTerminal).length}/${s.jobs.length})`).join(', ');
  return new GalctlError('wait-timeout', `scoring did not finish within ${formatDuration(timeoutMs)}: ${where}`, {
    hint: 'the changes are applied; raise --timeout (e.g. --timeout 1h) or look at the run\'s jobs in the Galileo console, then run galctl check',
  });
}

/** `90s`, `5m`, `1h30m` style, for messages. */
export function formatDuration(ms: number): string {
  const s = Math.round(ms / 1000);
  if (s < 60) return `${s}s`;
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const rest = s % 60;
  return `${h > 0 ? `${h}h` : ''}${m > 0 ? `${m}m` : ''}${rest > 0 ? `${rest}s` : ''}`;
}

function throwIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw abortReason(signal);
}

function abortReason(signal: AbortSignal): Error {
  return signal.reason instanceof Error ? signal.reason : new GalctlError('interrupted', 'interrupted', { exitCode: 130 });
}

function sleep(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(abortReason(signal));
    const onAbort = (): void => {
      clearTimeout(t);
      reject(abortReason(signal as AbortSignal));
    };
    const t = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
