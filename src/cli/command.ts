import type { ParseArgsConfig } from 'node:util';
import type { CommandIo } from './io.js';

export type OptionSpec = NonNullable<ParseArgsConfig['options']>;

export interface ParsedArgs {
  values: Record<string, string | boolean | string[] | boolean[] | undefined>;
  positionals: string[];
}

/** One `galctl <name>` subcommand. `run` returns the exit code; it never calls process.exit. */
export interface Command {
  name: string;
  /** one line for `galctl --help` */
  summary: string;
  /** the full `galctl <name> --help` text */
  help: string;
  options: OptionSpec;
  allowPositionals?: boolean;
  run(args: ParsedArgs, io: CommandIo): Promise<number>;
}
