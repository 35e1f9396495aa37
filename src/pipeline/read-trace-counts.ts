import { traceDestination } from '../kinds/run-sub-steps.js';
import type { GalileoClient } from '../galileo/create-client.js';
import type { Desired } from '../core/desired-types.js';
import { addressOf, tracesAddress } from '../core/address.js';
import { indexDesired } from '../core/desired-index.js';
import type { LiveResource, LiveState, TraceCounts } from '../core/plan-types.js';
import { countPresentTraces } from '../traces/count-present-traces.js';
import { postVia } from '../traces/post-via.js';
import { dirname } from 'node:path';
import { deriveTraceIdsCached } from '../traces/cached-trace-ids.js';
import { cacheDirFor, localCache } from '../traces/local-cache.js';
import { countIncompleteTraces } from '../traces/incomplete-traces.js';
import { countTraceRecords } from '../traces/read-trace-file.js';
import { traceIdScope } from '../traces/trace-id.js';
import { recordRunComplete, runRecordedComplete } from '../traces/completed-runs.js';

/** Trace counting started before the live state is known: the ids are being derived; `finish` counts them. */
export interface PendingTraceCounts {
  /** how many records each run's trace file has and how many the run already holds, keyed by `<run>.traces` */
  finish(live: LiveState, completed?: Desired): Promise<Record<string, TraceCounts>>;
  /** stops deriving (when the plan fails before `finish`) */
  cancel(): void;
  /** a run the live read found (in the project `projectId`): its traces are counted now, not after the whole read */
  found(run: LiveResource, projectId: string): void;
}

/**
 * Starts deriving the trace ids of every run's trace file now (CPU work: canonical JSON and sha256 per record; in a
 * worker thread for large files, deriveTraceIds; from galctl's local cache when the file is unchanged), so that it overlaps the live-state read; each run the
 * read finds (`found`) is then asked at once how many of its ids it holds, and `finish(live)` collects the counts (and
 * asks any run not counted yet). A failure to read a file surfaces from `finish`.
 */
export function startTraceCounts(client: GalileoClient, desired: Desired, signal?: AbortSignal): PendingTraceCounts {
  const index = indexDesired(desired);
  const traced = index.runs.flatMap((run) => {
    if (run.traces === undefined) return [];
    const project = index.projects.get(run.project);
    const projectName = project?.name ?? run.project;
    return [{ run, file: run.traces.file, projectName, idScope: traceIdScope(projectName, run.kind, run.name) }];
  });
  const cache = localCache(cacheDirFor(dirname(desired.file)));
  const derived = deriveTraceIdsCached(traced, cache, signal === undefined ? {} : { signal });
  // a count starts a chain (the incomplete traces next): it goes before the hundreds of settings reads queued
  const post = postVia(client, 'first');
  const opts = signal === undefined ? {} : { signal };
  /** a run that exists: how many of its file's ids it holds, and how many it holds incomplete */
  const countRun = async (i: number, projectId: string, runLive: LiveResource): Promise<TraceCounts> => {
    const { run, file, projectName, idScope: early } = traced[i]!;
    const destination = traceDestination(run, runLive.id);
    // the ids are scoped by the run's remote name; an experiment's run is named after its inputs' fingerprint
    // (issue 17), known only once the manifest is complete: its ids are derived again under that name
    const liveName = (runLive.state as { name?: unknown } | undefined)?.name;
    const idScope = typeof liveName === 'string' && liveName !== run.name ? traceIdScope(projectName, run.kind, liveName) : early;
    if (idScope !== early) derived.ids[i]!.catch(() => undefined); // not used: its failure is the new derivation's too
    const ids = idScope === early ? derived.ids[i]! : deriveTraceIdsCached([{ file, idScope }], cache, opts).ids[0]!;
    const counts = await countPresentTraces({ post, projectId, destination, file, idScope, ids: await ids, ...opts });
    // a run galctl recorded complete for this file's content, holding all of it, has none incomplete
    const whole = counts.present === counts.total;
    const recorded = whole && (await runRecordedComplete(cache, client.apiUrl, runLive.id, file, idScope));
    const incomplete = recorded ? 0 : await countIncompleteTraces(post, projectId, destination);
    if (whole && !recorded && incomplete === 0) await recordRunComplete(cache, client.apiUrl, runLive.id, file, idScope);
    return incomplete > 0 ? { ...counts, incomplete } : counts;
  };
  /** counts started when the live read found the run (found), by index in `traced` */
  const started = new Map<number, { runId: string; counts: Promise<TraceCounts> }>();
  return {
    cancel: derived.cancel,
    found(runLive, projectId) {
      const i = traced.findIndex(({ run }) => run.address === runLive.address);
      if (i < 0 || started.has(i)) return;
      const counts = countRun(i, projectId, runLive);
      counts.catch(() => undefined); // awaited by finish
      started.set(i, { runId: runLive.id, counts });
    },
    async finish(live, completed = desired) {
      // the record counts come with the manifest's second stage (loadManifestStaged), not with the names
      const records = new Map(indexDesired(completed).runs.map((r) => [r.address, r.traces?.records]));
      // a run that does not exist yet holds none of its file's traces: only the number of records is needed, so
      // the ids not derived yet are not (apply from empty waited seconds for 100,000 ids it did not use)
      const dropped = traced.map(({ run }, i) => live.resources[run.address] === undefined && derived.drop(i));
      const entries = await Promise.all(
        traced.map(async ({ run, file }, i) => {
          if (dropped[i] === true) {
            const total = records.get(run.address) ?? (await countTraceRecords(file, opts));
            return [tracesAddress(run.address), { total, present: 0 }] as const;
          }
          const projectLive = live.resources[addressOf('project', run.project)];
          const runLive = live.resources[run.address];
          const early = started.get(i);
          if (early !== undefined && early.runId === runLive?.id) return [tracesAddress(run.address), await early.counts] as const;
          if (projectLive === undefined || runLive === undefined) {
            const counts = await countPresentTraces({ post, projectId: null, destination: null, file, idScope: traced[i]!.idScope, ids: await derived.ids[i]!, ...opts });
            return [tracesAddress(run.address), counts] as const;
          }
          return [tracesAddress(run.address), await countRun(i, projectLive.id, runLive)] as const;
        }),
      );
      const counts: Record<string, TraceCounts> = {};
      for (const [address, c] of entries) counts[address] = c;
      return counts;
    },
  };
}
