import { rm, writeFile, mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { addressOf } from '../../core/address.js';
import { isStepOf } from '../../core/kind-map.js';
import type { DesiredExperiment } from '../../core/desired-types.js';
import type { PlanChange } from '../../core/plan-types.js';
import { need } from '../../engine/apply/id-registry.js';
import type { StepResult } from '../../engine/apply/run-in-order.js';
import type { StepContext } from '../../engine/apply/step-context.js';
import { formatRunProgress } from '../../runner/format-run-progress.js';
import { runRow } from '../../runner/run-row.js';
import { runRows } from '../../runner/run-rows.js';
import { runnerEnv } from '../../runner/runner-env.js';
import { runnerRows, runnerTraceIds } from '../../runner/runner-rows.js';
import { traceOfRow } from '../../runner/trace-of-row.js';
import { TRACE_ID_CHUNK } from '../../traces/count-present-traces.js';
import { presentTraceIds } from '../../traces/find-present-trace-ids.js';
import { ingestTraces } from '../../traces/ingest-traces.js';
import { postVia } from '../../traces/post-via.js';
import { traceIdScope } from '../../traces/trace-id.js';
import type { GalileoTrace } from '../../traces/types.js';

/** Answers sent to Galileo in one go as the rows finish (so an interrupted run keeps what was answered). */
export const RUNNER_FLUSH_ROWS = 100;

/** The rows of the dataset the run reads, from its plan step (the manifest's rows: the version the run pins). */
function datasetRows(run: DesiredExperiment, ctx: StepContext): readonly Record<string, unknown>[] {
  const step = run.dataset === undefined ? undefined : ctx.steps.get(addressOf('dataset', run.dataset));
  return step !== undefined && isStepOf(step, 'dataset') ? step.resource.rows : [];
}

/**
 * A runner experiment's `<run>.traces` (issue 19), after the run and its scorers: asks the run which rows it holds
 * (deterministic trace ids), calls the application for the others (at most --max-rows in all, `concurrency` at once,
 * with the user's environment minus the Galileo credentials), and ingests one trace per finished row, a failed row
 * too, in batches as rows finish. Ctrl-C stops the calls; what was answered is still sent, and the next apply calls
 * only the missing rows. A failed row never fails the step: the summary counts it.
 */
export async function applyRunnerTraces(change: PlanChange, ctx: StepContext, run: DesiredExperiment & { runner: NonNullable<DesiredExperiment['runner']> }, projectName: string): Promise<StepResult> {
  const { settings, dir } = run.runner;
  const { id, projectId, fresh } = need(ctx.ids.runs, run.address, 'experiment');
  const destination = { experiment_id: id };
  const post = postVia(ctx.client);
  const idScope = traceIdScope(projectName, 'experiment', run.name);
  const rows = runnerRows(datasetRows(run, ctx));
  const ids = runnerTraceIds(rows, idScope);
  const present = new Set<string>();
  // a run this apply created holds nothing yet
  if (fresh !== true) {
    for (let i = 0; i < ids.length; i += TRACE_ID_CHUNK) for (const p of await presentTraceIds(post, projectId, destination, ids.slice(i, i + TRACE_ID_CHUNK))) present.add(p);
  }
  const skipRowIds = new Set(rows.filter((_, i) => present.has(ids[i]!.toLowerCase())).map((r) => r.id));
  const env = runnerEnv(process.env, { galileoKey: settings.galileoKey, env: settings.env });

  const work = await mkdtemp(path.join(tmpdir(), 'galctl-runner-'));
  let pending: GalileoTrace[] = [];
  let sent = 0;
  let batch = 0;
  let flushing = Promise.resolve();
  // one batch at a time, in order; not stopped by Ctrl-C (those rows were answered: they are kept)
  const flush = (): Promise<void> => {
    const traces = pending;
    pending = [];
    flushing = flushing.then(async () => {
      if (traces.length === 0) return;
      const file = path.join(work, `answers-${(batch += 1)}.jsonl`);
      await writeFile(file, traces.map((t) => `${JSON.stringify(t)}\n`).join(''));
      const result = await ingestTraces({ post, projectId, destination, file, idScope, runIsEmpty: true, displayFile: `the answers of ${run.name}` });
      sent += result.sent;
      ctx.landed(change.address, sent);
    });
    return flushing;
  };
  try {
    const summary = await runRows(rows, (row, signal) => runRow(row.values, settings, { cwd: dir, env, signal }), {
      concurrency: settings.concurrency,
      skipRowIds,
      ...(ctx.maxRows === undefined ? {} : { maxRows: ctx.maxRows }),
      ...(ctx.signal === undefined ? {} : { signal: ctx.signal }),
      onResult: async (row, result) => {
        pending.push(traceOfRow(idScope, row, result, { name: run.run?.experiment ?? run.name }));
        if (pending.length >= RUNNER_FLUSH_ROWS) await flush();
      },
      onProgress: (p) => ctx.progress(change.address, formatRunProgress('application', p, { tty: false }), { done: p.done, total: p.total, unit: 'rows' }),
    });
    await flush();
    if (summary.aborted && ctx.signal?.reason !== undefined) throw ctx.signal.reason;
    const failed = summary.failures === 0 ? '' : `, ${summary.failures} failed`;
    const skipped = summary.skipped === 0 ? '' : `, ${summary.skipped} already in the run`;
    return { summary: `ingested ${sent} trace${sent === 1 ? '' : 's'} (${summary.done} row${summary.done === 1 ? '' : 's'} answered by the application${failed}${skipped})`, ingested: sent };
  } finally {
    await flushing.catch(() => undefined);
    await rm(work, { recursive: true, force: true });
  }
}
