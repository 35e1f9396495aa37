import type { PlanChange } from '../../core/plan-types.js';

/** Measured progress of long work: `done` of `total` units (`traces`, `jobs`). */
export interface Counted {
  done: number;
  total: number;
  unit: string;
}

/** What happened to one plan change during apply. */
export type StepStatus = 'succeeded' | 'failed' | 'skipped' | 'not-attempted';

export interface StepOutcome {
  address: string;
  action: PlanChange['action'];
  status: StepStatus;
  /** e.g. `created`, `adopted`, `new version 3`, `ingested 500` */
  summary?: string;
  /** Galileo id of the object, when known */
  id?: string;
  /** traces step: how many traces Galileo acknowledged (also when the step failed or was interrupted part-way) */
  ingested?: number;
  /** the API's own message on failure */
  error?: string;
  /** for skipped: the failed dependency */
  blockedBy?: string;
  ms: number;
}

export interface ApplyResult {
  outcomes: StepOutcome[];
  /** true when every change succeeded */
  ok: boolean;
  interrupted: boolean;
  ms: number;
}

/** Progress events, rendered by the CLI (live view on a TTY, one line per finished step otherwise). */
export type ApplyEvent =
  | { type: 'start'; address: string; action: PlanChange['action']; at: number }
  | { type: 'progress'; address: string; message: string; counted?: Counted }
  | { type: 'finish'; outcome: StepOutcome };
