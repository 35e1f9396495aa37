import { GalctlError } from '../core/errors.js';

/** An error as a worker thread posts it (a GalctlError keeps its code and hint). */
export interface WorkerError {
  message: string;
  code?: string;
  hint?: string;
}

export function toWorkerError(err: unknown): WorkerError {
  return err instanceof GalctlError
    ? { message: err.message, code: err.code, ...(err.hint === undefined ? {} : { hint: err.hint }) }
    : { message: err instanceof Error ? err.message : String(err) };
}

/** The GalctlError a worker's error stands for (`trace-file-unreadable` when it had no code). */
export function fromWorkerError(e: WorkerError): GalctlError {
  return new GalctlError(e.code ?? 'trace-file-unreadable', e.message, e.hint === undefined ? {} : { hint: e.hint });
}
