import { UsageError } from '../core/errors.js';

export const ACTION_COMMANDS = ['validate', 'plan', 'apply', 'check', 'preview'] as const;
export type ActionCommand = (typeof ACTION_COMMANDS)[number];

/** The action's inputs (action.yml), as the runner hands them over: `INPUT_<NAME>` in the environment. */
export interface ActionInputs {
  command: ActionCommand;
  manifest: string;
  /** post or update the one sticky PR comment (plan) */
  comment: boolean;
  /** write the job summary */
  summary: boolean;
  /** extra arguments for the command, split on whitespace (e.g. `--wait --timeout 30m`) */
  args: string[];
  /** check: also write the JUnit report to this path ('' = none) */
  junit: string;
}

/** `INPUT_FOO-BAR` the way the runner names `foo-bar`: upper case, spaces to underscores, dashes kept. */
const input = (env: Record<string, string | undefined>, name: string): string => (env[`INPUT_${name.replace(/ /g, '_').toUpperCase()}`] ?? '').trim();

function bool(env: Record<string, string | undefined>, name: string, fallback: boolean): boolean {
  const value = input(env, name).toLowerCase();
  if (value === '') return fallback;
  if (value === 'true') return true;
  if (value === 'false') return false;
  throw new UsageError(`input ${name} must be true or false, not "${value}"`, `set ${name}: true or ${name}: false`);
}

/** Reads and checks the inputs; a bad one is a UsageError naming it. Pure. */
export function readInputs(env: Record<string, string | undefined>): ActionInputs {
  const command = input(env, 'command') || 'plan';
  if (!(ACTION_COMMANDS as readonly string[]).includes(command)) {
    throw new UsageError(`unknown command "${command}"`, `set command to one of ${ACTION_COMMANDS.join(', ')}`);
  }
  const args = input(env, 'args');
  return {
    command: command as ActionCommand,
    manifest: input(env, 'manifest') || 'galileo.yaml',
    comment: bool(env, 'comment', true),
    summary: bool(env, 'summary', true),
    args: args === '' ? [] : args.split(/\s+/),
    junit: input(env, 'junit'),
  };
}
