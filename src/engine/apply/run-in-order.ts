import type { PlanChange } from '../../core/plan-types.js';
import type { ApplyEvent, ApplyResult, StepOutcome } from './types.js';

export interface StepResult {
  /** what was done, as a verb phrase: `created`, `adopted`, `new version 3`, `ingested 500 traces` */
  summary: string;
  id?: string;
  /** traces step: how many traces were sent */
  ingested?: number;
  /** what apply records with the object's inventory row: a digest of what Galileo cannot read back */
  digest?: string;
}

export interface RunInOrderOptions {
  /** steps in flight at once, not counting those idle (the HTTP client has its own global limit of requests) */
  concurrency: number;
  /** abort: stop starting steps after the first failure; continue: run everything not blocked by a failure */
  onError: 'abort' | 'continue';
  signal?: AbortSignal;
  onEvent?: (event: ApplyEvent) => void;
  now?: () => number;
  /**
   * how long a change keeps the work going, in any unit: of the changes ready, those heading the heaviest chain of
   * dependents start first (critical path first), so a long chain (project → log stream → trace ingest) is not left
   * to the end while short ones fill the slots; ties (and every change, without `weight`) in plan order
   */
  weight?: (change: PlanChange) => number;
  /** changes of one kind of work that run at most `max` at once (trace ingests: each holds files and threads) */
  capped?: { is: (change: PlanChange) => boolean; max: number };
}

/**
 * Given to each step: runs `wait` (a sleep between polls, a wait for something else) without holding the step's
 * slot, so another step runs meanwhile; the step gets a slot back before `idle` returns.
 */
export type Idle = <T>(wait: () => Promise<T>) => Promise<T>;

/**
 * Runs plan changes in dependency order with bounded parallelism. A change starts when all of its
 * `depends_on` that are part of this run have succeeded; a failed change blocks its dependents (skipped).
 * Nothing here knows about Galileo: `runStep` does the work. A step that sleeps does it through `idle`.
 */
export async function runInOrder(
  changes: PlanChange[],
  runStep: (change: PlanChange, idle: Idle) => Promise<StepResult>,
  opts: RunInOrderOptions,
): Promise<ApplyResult> {
  const now = opts.now ?? (() => performance.now());
  const started = now();
  const byAddress = new Map(changes.map((c) => [c.address, c]));
  const pending = new Set(changes.map((c) => c.address));
  const outcomes = new Map<string, StepOutcome>();
  const failed = new Set<string>();
  let stop = false;
  let interrupted = false;

  const depsOf = (c: PlanChange): string[] => c.depends_on.filter((d) => byAddress.has(d));
  const finish = (o: StepOutcome): void => {
    outcomes.set(o.address, o);
    opts.onEvent?.({ type: 'finish', outcome: o });
  };
  // event-driven: each change counts its deps not yet succeeded; a success readies the dependents it completes, a
  // failure blocks its dependents (scanning every pending change per finished step was O(n²): 4 s of CPU at 4,350)
  const unmet = changes.map((c) => new Set(depsOf(c)).size);
  const dependents = new Map<string, number[]>();
  changes.forEach((c, i) => {
    for (const d of new Set(depsOf(c))) {
      const list = dependents.get(d);
      if (list === undefined) dependents.set(d, [i]);
      else list.push(i);
    }
  });
  const rank = opts.weight === undefined ? changes.map(() => 0) : chainWeights(changes, dependents, opts.weight);
  /** which of two ready changes starts first: the heavier chain, then the earlier in plan order */
  const before = (a: number, b: number): boolean => rank[a]! > rank[b]! || (rank[a] === rank[b] && a < b);
  /** ready changes, the one to start next on top (a heap of indexes) */
  const ready: number[] = [];
  const pushReady = (i: number): void => {
    ready.push(i);
    for (let k = ready.length - 1; k > 0; ) {
      const up = (k - 1) >> 1;
      if (!before(ready[k]!, ready[up]!)) break;
      [ready[up], ready[k]] = [ready[k]!, ready[up]!];
      k = up;
    }
  };
  const popReady = (): number | undefined => {
    const top = ready[0];
    const last = ready.pop();
    if (ready.length > 0 && last !== undefined) {
      ready[0] = last;
      for (let k = 0; ; ) {
        const l = 2 * k + 1;
        let min = k;
        if (l < ready.length && before(ready[l]!, ready[min]!)) min = l;
        if (l + 1 < ready.length && before(ready[l + 1]!, ready[min]!)) min = l + 1;
        if (min === k) break;
        [ready[min], ready[k]] = [ready[k]!, ready[min]!];
        k = min;
      }
    }
    return top;
  };
  unmet.forEach((n, i) => {
    if (n === 0) pushReady(i);
  });
  /** capped changes running, and those ready but waiting for one to end (they go back to `ready` then) */
  let cappedRunning = 0;
  const held: number[] = [];
  const isCapped = (c: PlanChange): boolean => opts.capped?.is(c) === true;
  /** failures whose dependents are not marked skipped yet */
  const newlyFailed: string[] = [];

  await new Promise<void>((resolve) => {
    let inFlight = 0;
    /** steps waiting in `idle`, and those whose wait is over, waiting for a slot back (they go before new steps) */
    let idling = 0;
    const resuming: (() => void)[] = [];
    const idle: Idle = async (wait) => {
      inFlight -= 1;
      idling += 1;
      pump();
      try {
        return await wait();
      } finally {
        await new Promise<void>((back) => {
          resuming.push(back);
          pump();
        });
      }
    };
    const pump = (): void => {
      while (inFlight < opts.concurrency && resuming.length > 0) {
        idling -= 1;
        inFlight += 1;
        resuming.shift()!();
      }
      if (opts.signal?.aborted && !interrupted) {
        interrupted = true;
        stop = true;
      }
      // mark dependents of failures as skipped (transitively), in plan order
      while (newlyFailed.length > 0) {
        const blocked = new Set<number>();
        const queue = newlyFailed.splice(0);
        while (queue.length > 0) {
          for (const j of dependents.get(queue.pop()!) ?? []) {
            const address = changes[j]!.address;
            if (!pending.has(address) || blocked.has(j)) continue;
            blocked.add(j);
            queue.push(address);
          }
        }
        for (const j of [...blocked].sort((a, b) => a - b)) {
          const c = changes[j]!;
          const bad = depsOf(c).find((d) => failed.has(d));
          if (bad === undefined) continue;
          pending.delete(c.address);
          failed.add(c.address);
          finish({ address: c.address, action: c.action, status: 'skipped', blockedBy: bad, ms: 0 });
        }
      }
      while (!stop && inFlight < opts.concurrency && ready.length > 0) {
        const i = popReady()!;
        const c = changes[i]!;
        const address = c.address;
        if (!pending.has(address)) continue;
        const capped = isCapped(c);
        if (capped && cappedRunning >= opts.capped!.max) {
          held.push(i);
          continue;
        }
        if (capped) cappedRunning += 1;
        pending.delete(address);
        inFlight += 1;
        const t0 = now();
        opts.onEvent?.({ type: 'start', address, action: c.action, at: t0 });
        runStep(c, idle).then(
          (r) => {
            finish({
              address,
              action: c.action,
              status: 'succeeded',
              summary: r.summary,
              ...(r.id ? { id: r.id } : {}),
              ...(r.ingested === undefined ? {} : { ingested: r.ingested }),
              ms: now() - t0,
            });
            for (const j of dependents.get(address) ?? []) {
              unmet[j] = unmet[j]! - 1;
              if (unmet[j] === 0) pushReady(j);
            }
          },
          (err: unknown) => {
            failed.add(address);
            newlyFailed.push(address);
            finish({ address, action: c.action, status: 'failed', error: messageOf(err), ms: now() - t0 });
            if (opts.onError === 'abort') stop = true;
          },
        ).finally(() => {
          inFlight -= 1;
          if (capped) {
            cappedRunning -= 1;
            for (const j of held.splice(0)) pushReady(j);
          }
          pump();
        });
      }
      if (inFlight === 0 && idling === 0) {
        // nothing running and nothing startable: what is left was not attempted
        for (const address of pending) {
          const c = byAddress.get(address)!;
          finish({ address, action: c.action, status: 'not-attempted', ms: 0 });
        }
        pending.clear();
        resolve();
      }
    };
    opts.signal?.addEventListener('abort', () => pump(), { once: true });
    pump();
  });

  const list = changes.map((c) => outcomes.get(c.address)!);
  return { outcomes: list, ok: list.every((o) => o.status === 'succeeded'), interrupted, ms: now() - started };
}

/**
 * Per change, the weight of the heaviest chain it heads: its own weight plus the heaviest of its dependents'
 * (iterative, each change once; a dependency cycle, which a plan never has, counts its back edge as nothing).
 */
function chainWeights(changes: readonly PlanChange[], dependents: ReadonlyMap<string, readonly number[]>, weight: (c: PlanChange) => number): number[] {
  const out = new Array<number>(changes.length).fill(-1);
  /** per change on the walk's stack, how many of its dependents were looked at */
  const seen = new Array<number>(changes.length).fill(0);
  const onStack = new Set<number>();
  const below = (i: number): readonly number[] => dependents.get(changes[i]!.address) ?? [];
  for (let root = 0; root < changes.length; root += 1) {
    if (out[root]! >= 0) continue;
    const stack = [root];
    onStack.add(root);
    while (stack.length > 0) {
      const i = stack[stack.length - 1]!;
      const deps = below(i);
      const j = deps[seen[i]!];
      if (j !== undefined) {
        seen[i] = seen[i]! + 1;
        if (out[j]! < 0 && !onStack.has(j)) {
          stack.push(j);
          onStack.add(j);
        }
        continue;
      }
      stack.pop();
      onStack.delete(i);
      out[i] = weight(changes[i]!) + deps.reduce((m, d) => Math.max(m, out[d]!), 0);
    }
  }
  return out;
}

function messageOf(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
