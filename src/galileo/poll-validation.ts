import { requestObject } from './request-object.js';
import { GalctlError } from '../core/errors.js';
import type { GalileoClient } from './create-client.js';
import type { ValidationTask } from './types.js';
import { apiPath } from './api-path.js';

export interface ValidationOutcome {
  /** the poll's top-level `result` (`{"result": {...}}`), parsed; send it back as `validation_result` */
  result: { result: Record<string, unknown> };
  scoreType?: string;
  nodeTypes?: string[];
}

/**
 * Polls `GET /scorers/code/validate/{task_id}` until the task ends. Invalid code is `status: completed` with
 * `result.result.result_type: "invalid"` and an `error_message`: that becomes a GalctlError naming the scorer.
 * `result` may arrive as a JSON string. The first poll comes one interval after the task was made: a task is never
 * done the moment it is created (validation runs the code), so a poll right away only doubled the polls.
 */
export async function pollValidation(
  client: GalileoClient,
  taskId: string,
  opts: {
    scorer?: string;
    intervalMs?: number;
    timeoutMs?: number;
    signal?: AbortSignal;
    /** runs each sleep between polls (an apply step sleeps without holding its slot); default: just sleeps */
    idle?: (sleep: () => Promise<void>) => Promise<void>;
  } = {},
): Promise<ValidationOutcome> {
  const interval = opts.intervalMs ?? 1000;
  const deadline = Date.now() + (opts.timeoutMs ?? 120_000);
  const who = opts.scorer === undefined ? 'scorer code' : `code of scorer "${opts.scorer}"`;
  const sleep = (): Promise<void> =>
    new Promise<void>((resolve, reject) => {
      const signal = opts.signal;
      if (signal?.aborted === true) {
        reject(signal.reason instanceof Error ? signal.reason : new Error('aborted'));
        return;
      }
      const onAbort = (): void => {
        clearTimeout(t);
        reject(signal?.reason instanceof Error ? signal.reason : new Error('aborted'));
      };
      // the listener goes when the sleep ends: one left per sleep piled up on the apply's signal
      const t = setTimeout(() => {
        signal?.removeEventListener('abort', onAbort);
        resolve();
      }, interval);
      signal?.addEventListener('abort', onAbort, { once: true });
    });
  for (;;) {
    await (opts.idle === undefined ? sleep() : opts.idle(sleep));
    const task = await requestObject<ValidationTask>(client, 'GET', apiPath`/scorers/code/validate/${taskId}`, {}, null);
    if (task.status === 'completed' || task.status === 'failed') return interpret(task, who);
    if (Date.now() > deadline) {
      throw new GalctlError('code-validation-timeout', `validation of the ${who} did not finish (task ${taskId}, status ${task.status})`, {
        hint: 'run apply again later; Galileo validates code asynchronously',
      });
    }
  }
}

function interpret(task: ValidationTask, who: string): ValidationOutcome {
  let result: unknown = task.result;
  if (typeof result === 'string') {
    try {
      result = JSON.parse(result);
    } catch {
      // keep the string: reported below
    }
  }
  const inner = (result as { result?: Record<string, unknown> } | null | undefined)?.result;
  if (task.status === 'failed' || inner === undefined || inner['result_type'] !== 'valid') {
    const why = typeof inner?.['error_message'] === 'string' ? inner['error_message'] : typeof result === 'string' ? result : `task ${task.status}`;
    throw new GalctlError('code-invalid', `Galileo rejected the ${who}: ${why}`, {
      hint: 'the file must define scorer_fn(step_object, **kwargs) with a return annotation; fix it and run again',
    });
  }
  const out: ValidationOutcome = { result: { result: inner } };
  if (typeof inner['score_type'] === 'string') out.scoreType = inner['score_type'];
  if (Array.isArray(inner['scoreable_node_types'])) out.nodeTypes = inner['scoreable_node_types'] as string[];
  return out;
}
