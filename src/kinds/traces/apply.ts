import { relative } from 'node:path';
import type { PlanChange } from '../../core/plan-types.js';
import { completeRun } from '../../traces/incomplete-traces.js';
import { ingestTraces } from '../../traces/ingest-traces.js';
import { postVia } from '../../traces/post-via.js';
import { cacheDirFor, localCache } from '../../traces/local-cache.js';
import { recordRunComplete } from '../../traces/completed-runs.js';
import { traceIdScope } from '../../traces/trace-id.js';
import { traceDestination } from '../run-sub-steps.js';
import { need } from '../../engine/apply/id-registry.js';
import type { StepResult } from '../../engine/apply/run-in-order.js';
import { desiredStepOf, type StepContext } from '../../engine/apply/step-context.js';
import { applyRunnerTraces } from '../experiment/apply-runner.js';

/** Where a `<run>.traces` step sends: the run's ids, its trace file, and the options every ingest request shares. */
function traceTarget(change: PlanChange, ctx: StepContext) {
  const step = desiredStepOf(change, ctx, 'traces');
  const run = step.resource;
  const file = step.traces?.file ?? run.traces!.file;
  const { id, projectId, fresh } = need(ctx.ids.runs, run.address, run.kind === 'experiment' ? 'experiment' : 'log stream');
  const shared = {
    post: postVia(ctx.client),
    projectId,
    destination: traceDestination(run, id),
    file,
    idScope: traceIdScope(step.project ?? run.project, run.kind, run.name),
    displayFile: relative(ctx.manifestDir, file) || file,
    ...(ctx.signal === undefined ? {} : { signal: ctx.signal }),
  };
  return { fresh, shared, runId: id };
}

/**
 * `<run>.traces`: sends the file's traces the run does not hold yet (after the run's scorers are registered); a
 * runner experiment's application answers the rows instead (apply-runner.ts).
 */
export async function applyTraces(change: PlanChange, ctx: StepContext): Promise<StepResult> {
  const { resource: run, project } = desiredStepOf(change, ctx, 'traces');
  if (run.kind === 'experiment' && run.runner !== undefined) return applyRunnerTraces(change, ctx, { ...run, runner: run.runner }, project ?? run.project);
  const { fresh, shared, runId } = traceTarget(change, ctx);
  const toSend = change.traces?.new ?? 0;
  const cache = localCache(cacheDirFor(ctx.manifestDir));
  const result = await ingestTraces({
    ...shared,
    ...(fresh === true ? { runIsEmpty: true } : {}),
    cache,
    ...(ctx.idle === undefined ? {} : { idle: ctx.idle }),
    ...(ctx.batchSize === undefined ? {} : { batchSize: ctx.batchSize }),
    ...(ctx.batchBytes === undefined ? {} : { maxBatchBytes: ctx.batchBytes }),
    ...(ctx.skipBadRecords === undefined ? {} : { skipBadRecords: ctx.skipBadRecords }),
    onProgress: (p) => {
      ctx.landed(change.address, p.sent);
      ctx.progress(change.address, `${p.sent} sent, ${p.present} already there, ${p.read} read`, { done: p.sent, total: Math.max(toSend, p.sent), unit: 'traces' });
    },
  });
  const skipped = result.skipped.length === 0 ? '' : ` (${result.skipped.length} bad record${result.skipped.length === 1 ? '' : 's'} skipped)`;
  const completed = result.sent === 0 ? await completeInterruptedIngest(change, shared) : '';
  // every trace sent and the last batch complete (or the interrupted ingest completed): the next plan need not count
  // incomplete traces (completed-runs.ts); not when bad records were skipped: the file still has something to say
  const whole = result.sent > 0 || (change.traces?.incomplete ?? 0) === 0 || completed !== '';
  if (whole && result.skipped.length === 0) await recordRunComplete(cache, ctx.client.apiUrl, runId, shared.file, shared.idScope);
  return { summary: `ingested ${result.sent} trace${result.sent === 1 ? '' : 's'}${skipped}${completed}`, ingested: result.sent };
}

/**
 * Nothing was sent, so no last batch with `is_complete: true`: traces an interrupted ingest left stored incomplete
 * (the plan counted them) get one now (completeRun). Returns the note for the step's summary.
 */
async function completeInterruptedIngest(change: PlanChange, shared: ReturnType<typeof traceTarget>['shared']): Promise<string> {
  const incomplete = change.traces?.incomplete ?? 0;
  if (incomplete === 0) return '';
  const done = await completeRun(shared);
  return done ? ` (and completed ${incomplete} left incomplete by an interrupted ingest)` : '';
}
