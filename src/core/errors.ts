/**
 * One error base for everything galctl reports on purpose. The CLI prints `message` and `hint`
 * (never a stack trace) and exits with `exitCode`. Messages are lowercase, name the bad value,
 * and the hint says what to change.
 */
export class GalctlError extends Error {
  readonly code: string;
  readonly hint: string | undefined;
  readonly exitCode: number;

  constructor(code: string, message: string, opts: { hint?: string; cause?: unknown; exitCode?: number } = {}) {
    super(message, opts.cause === undefined ? undefined : { cause: opts.cause });
    this.name = 'GalctlError';
    this.code = code;
    this.hint = opts.hint;
    this.exitCode = opts.exitCode ?? 1;
  }
}

/** Bad command-line usage: unknown flag, missing argument. */
export class UsageError extends GalctlError {
  constructor(message: string, hint?: string) {
    super('usage', message, hint === undefined ? {} : { hint });
    this.name = 'UsageError';
  }
}
