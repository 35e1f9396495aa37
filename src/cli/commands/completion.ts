import { UsageError } from '../../core/errors.js';
import type { Command } from '../command.js';
import { COMPLETION_SHELLS, completionScript, type CompletionCommand, type CompletionShell } from '../completion-script.js';
import { commands, summaries } from './index.js';
import { INIT_FLOWS } from './init.js';

const HELP = `Usage: galctl completion bash|zsh|fish

Prints a completion script for your shell: subcommands, their flags and the flow names of init.
  bash:  source <(galctl completion bash)        # in ~/.bashrc
  zsh:   source <(galctl completion zsh)         # in ~/.zshrc, after compinit
  fish:  galctl completion fish > ~/.config/fish/completions/galctl.fish
`;

/** The fixed values a flag (or, under '', the first positional) takes, per command. */
const VALUES: Record<string, Record<string, string[]>> = {
  init: { '--flow': Object.keys(INIT_FLOWS) },
  completion: { '': [...COMPLETION_SHELLS] },
};

async function describeCommands(): Promise<CompletionCommand[]> {
  return Promise.all(
    Object.entries(commands).map(async ([name, load]) => {
      const command = await load();
      const flags = Object.entries(command.options).flatMap(([long, spec]) => [`--${long}`, ...(spec.short === undefined ? [] : [`-${spec.short}`])]);
      return { name, summary: summaries[name] ?? command.summary, flags, values: VALUES[name] ?? {} };
    }),
  );
}

export const completionCommand: Command = {
  name: 'completion',
  summary: 'print a shell completion script (bash, zsh or fish)',
  help: HELP,
  options: {},
  allowPositionals: true,
  run: async (args, io) => {
    const shell = args.positionals[0];
    if (args.positionals.length !== 1 || !(COMPLETION_SHELLS as readonly string[]).includes(shell ?? '')) {
      throw new UsageError(shell === undefined ? 'name a shell' : `unknown shell "${args.positionals.join(' ')}"`, `use galctl completion ${COMPLETION_SHELLS.join('|')}`);
    }
    io.stdout(completionScript(shell as CompletionShell, await describeCommands()));
    return 0;
  },
};
