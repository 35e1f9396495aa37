import type { GalileoSpan } from '../traces/types.js';

/** Why a row failed: the application exited non-zero (or by a signal), took too long, answered something galctl
 * cannot read, could not be started or reached, answered an HTTP error, or the run was stopped (Ctrl-C). */
export type RowFailureKind = 'exit' | 'timeout' | 'bad-answer' | 'too-large' | 'start' | 'http' | 'aborted';

/** The outcome of calling the application for one dataset row. */
export interface RowResult {
  ok: boolean;
  /** the answer ('' when the row failed) */
  output: string;
  /** the application's spans, already in Galileo's ingest shape (ids not set yet); [] when it reported none */
  spans: GalileoSpan[];
  /** the application's metadata, values as strings */
  metadata: Record<string, string>;
  /** when the call started */
  startedAt: Date;
  /** wall-clock time of the call, in nanoseconds */
  durationNs: number;
  error?: { kind: RowFailureKind; message: string };
}

/** A failed row's result. */
export function rowFailure(kind: RowFailureKind, message: string, startedAt: Date, durationNs: number): RowResult {
  return { ok: false, output: '', spans: [], metadata: {}, startedAt, durationNs, error: { kind, message } };
}
