/** Everything a command may touch of the outside world. Tests pass their own; `run()` passes the process's. */
export interface Io {
  stdout(text: string): void;
  stderr(text: string): void;
  /** stdout is a terminal (live progress, colour) */
  isTTY: boolean;
  /** stdin is a terminal (confirmation prompts allowed) */
  stdinIsTTY: boolean;
  /** ask a yes/no question on the terminal; only called when stdinIsTTY */
  confirm(question: string): Promise<boolean>;
  env: Record<string, string | undefined>;
  cwd: string;
  /** an abort signal fired on SIGINT/SIGTERM, so long commands stop cleanly */
  signal: AbortSignal;
}

/** Colour is on for a TTY unless NO_COLOR is set or --no-color was given. */
export function useColor(io: Io, noColorFlag = false): boolean {
  return io.isTTY && !noColorFlag && (io.env['NO_COLOR'] ?? '') === '';
}
