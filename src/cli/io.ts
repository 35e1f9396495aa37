import { isSecretName } from '../manifest/interpolate.js';
import { createSecretMask, type SecretMask } from '../core/mask-secrets.js';
import { escapeForeignControl } from '../render/escape-control.js';

/** Everything a command may touch of the outside world. Tests pass their own; `run()` passes the process's. */
export interface Io {
  stdout(text: string): void;
  stderr(text: string): void;
  /** stdout is a terminal (live progress, colour) */
  isTTY: boolean;
  /** stdout's width in columns when it is a terminal */
  columns?: number;
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

/**
 * The width to lay out tables in: the terminal's when stdout is one, else \`COLUMNS\` when set (CI logs, pipes);
 * undefined when neither says (the renderer's default).
 */
export function terminalWidth(io: Io): number | undefined {
  if (io.isTTY && io.columns !== undefined && io.columns > 0) return io.columns;
  const fromEnv = Number(io.env['COLUMNS']);
  return Number.isInteger(fromEnv) && fromEnv > 0 ? fromEnv : undefined;
}

/** The Io a command runs with (main makes it with maskIo): what it prints to stdout and stderr is masked. */
export interface CommandIo extends Io {
  /**
   * The API key and the manifest's secret values (`${…TOKEN}`…): a command adds the manifest's as soon as it has
   * loaded it, and masks with it everything it writes to a file. The values sent to Galileo stay real.
   */
  secrets: SecretMask;
}

/**
 * The output edge: stdout and stderr with the control characters galctl never writes escaped (C1, bidi overrides:
 * escapeForeignControl; the renderers escape ESC in what they quote) and every secret masked, in every encoding (mask-secrets.ts), starting with
 * GALILEO_API_KEY and every environment variable named like a secret (isSecretName: what `${…TOKEN}` in a
 * manifest would be masked for), so commands that read no manifest (export) mask them too. Whatever the
 * renderers, errors or progress lines carry, a secret never reaches the terminal.
 */
export function maskIo(io: Io): CommandIo {
  const fromEnv = Object.entries(io.env).flatMap(([name, value]) => (value !== undefined && isSecretName(name) ? [value] : []));
  const secrets = createSecretMask(fromEnv);
  const safe = (t: string): string => escapeForeignControl(secrets.text(t));
  return { ...io, stdout: (t) => io.stdout(safe(t)), stderr: (t) => io.stderr(safe(t)), secrets };
}
