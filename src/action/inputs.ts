import { UsageError } from '../core/errors.js';

export const ACTION_COMMANDS = ['validate', 'plan', 'apply', 'check', 'preview'] as const;
export type ActionCommand = (typeof ACTION_COMMANDS)[number];

/** The action's inputs (action.yml), as the runner hands them over: `INPUT_<NAME>` in the environment. */
export interface ActionInputs {
  command: ActionCommand;
  manifest: string;
  /** post or update the one sticky PR comment (plan, preview) */
  comment: boolean;
  /** write the job summary */
  summary: boolean;
  /** extra arguments for the command, split on whitespace (e.g. `--wait --timeout 30m`) */
  args: string[];
  /** check: also write the JUnit report to this path ('' = none) */
  junit: string;
  /** preview: the preview's id, as given ('' = `pr-<number>` of the pull request event) */
  previewId: string;
  /** preview: refuse a preview whose estimated judge calls exceed this (undefined = no cap) */
  maxJudgeCalls: number | undefined;
}

/**
 * `INPUT_FOO_BAR` for the input `foo-bar`: upper case, spaces and dashes to underscores (action.yml passes each
 * input under that name: a shell cannot name a variable with a dash).
 */
const input = (env: Record<string, string | undefined>, name: string): string => (env[`INPUT_${name.replace(/[ -]/g, '_').toUpperCase()}`] ?? '').trim();

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
  // galctl preview checks the id itself
  const previewId = input(env, 'preview-id');
  const maxJudgeCalls = input(env, 'max-judge-calls');
  if (maxJudgeCalls !== '' && !/^\d+$/.test(maxJudgeCalls)) {
    throw new UsageError(`input max-judge-calls must be a whole number, not "${maxJudgeCalls}"`, 'set max-judge-calls to the most judge calls one preview may make, e.g. 500');
  }
  return {
    command: command as ActionCommand,
    manifest: input(env, 'manifest') || 'galileo.yaml',
    comment: bool(env, 'comment', true),
    summary: bool(env, 'summary', true),
    args: args === '' ? [] : args.split(/\s+/),
    junit: input(env, 'junit'),
    previewId,
    maxJudgeCalls: maxJudgeCalls === '' ? undefined : Number(maxJudgeCalls),
  };
}
