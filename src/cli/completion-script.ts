/** What a completion script knows of one subcommand. */
export interface CompletionCommand {
  name: string;
  summary: string;
  /** every flag, long (`--file`) and short (`-f`) */
  flags: string[];
  /** the values a flag or the first positional (key `''`) takes, when they are a fixed list */
  values: Record<string, string[]>;
}

export const COMPLETION_SHELLS = ['bash', 'zsh', 'fish'] as const;
export type CompletionShell = (typeof COMPLETION_SHELLS)[number];

const TOP_FLAGS = ['--help', '--version'];

/** A word list for a shell's single-quoted string: every `'` closed, escaped, reopened (POSIX shells). */
const sq = (text: string): string => `'${text.replace(/'/g, `'\\''`)}'`;

function bash(cmds: readonly CompletionCommand[]): string {
  const flagCases = cmds.map((c) => `    ${c.name}) flags=${sq([...c.flags, '--help'].join(' '))} ;;`);
  const valueCases = cmds.flatMap((c) =>
    Object.entries(c.values).map(([flag, values]) => `    ${c.name}:${flag === '' ? c.name : flag}) COMPREPLY=($(compgen -W ${sq(values.join(' '))} -- "$cur")); return 0 ;;`),
  );
  return `# galctl completion for bash: source <(galctl completion bash), or save it as
# ~/.local/share/bash-completion/completions/galctl
_galctl() {
  local cur="\${COMP_WORDS[COMP_CWORD]}" prev="\${COMP_WORDS[COMP_CWORD-1]}" flags=''
  COMPREPLY=()
  if [ "$COMP_CWORD" -eq 1 ]; then
    COMPREPLY=($(compgen -W ${sq([...cmds.map((c) => c.name), ...TOP_FLAGS].join(' '))} -- "$cur"))
    return 0
  fi
  case "\${COMP_WORDS[1]}:$prev" in
${valueCases.join('\n')}
  esac
  case "\${COMP_WORDS[1]}" in
${flagCases.join('\n')}
  esac
  if [[ "$cur" == -* ]]; then
    COMPREPLY=($(compgen -W "$flags" -- "$cur"))
  fi
  return 0
}
complete -o default -F _galctl galctl
`;
}

function zsh(cmds: readonly CompletionCommand[]): string {
  const described = cmds.map((c) => `    ${sq(`${c.name}:${c.summary}`)}`);
  const flagCases = cmds.map((c) => `    ${c.name}) flags=(${[...c.flags, '--help'].join(' ')}) ;;`);
  const valueCases = cmds.flatMap((c) =>
    Object.entries(c.values).map(([flag, values]) => `    ${c.name}:${flag === '' ? c.name : flag}) compadd -- ${values.join(' ')}; return ;;`),
  );
  return `#compdef galctl
# galctl completion for zsh: source <(galctl completion zsh), or save it as _galctl in a directory of $fpath
_galctl() {
  local -a cmds flags
  cmds=(
${described.join('\n')}
  )
  if (( CURRENT == 2 )); then
    _describe 'galctl command' cmds
    compadd -- ${TOP_FLAGS.join(' ')}
    return
  fi
  case "$words[2]:$words[CURRENT-1]" in
${valueCases.join('\n')}
  esac
  case "$words[2]" in
${flagCases.join('\n')}
  esac
  if [[ "$PREFIX" == -* ]]; then
    compadd -- $flags
  else
    _files
  fi
}
if [ "$funcstack[1]" = "_galctl" ]; then
  _galctl "$@"
else
  compdef _galctl galctl
fi
`;
}

function fish(cmds: readonly CompletionCommand[]): string {
  const fq = (text: string): string => `'${text.replace(/[\\']/g, (c) => `\\${c}`)}'`;
  const lines = cmds.flatMap((c) => {
    const when = `-n '__fish_seen_subcommand_from ${c.name}'`;
    const flags = c.flags.map((f) => {
      const values = c.values[f];
      const spec = f.startsWith('--') ? `-l ${f.slice(2)}` : `-s ${f.slice(1)}`;
      return `complete -c galctl ${when} ${spec}${values === undefined ? '' : ` -x -a ${fq(values.join(' '))}`}`;
    });
    const positional = c.values[''];
    return [
      `complete -c galctl -n __fish_use_subcommand -f -a ${c.name} -d ${fq(c.summary)}`,
      ...flags,
      ...(positional === undefined ? [] : [`complete -c galctl ${when} -f -a ${fq(positional.join(' '))}`]),
    ];
  });
  return `# galctl completion for fish: galctl completion fish > ~/.config/fish/completions/galctl.fish
complete -c galctl -n __fish_use_subcommand -l help -d 'show help'
complete -c galctl -n __fish_use_subcommand -l version -d 'print the version'
${lines.join('\n')}
`;
}

/** The completion script for one shell: subcommands, each one's flags, and the fixed values some take. */
export function completionScript(shell: CompletionShell, cmds: readonly CompletionCommand[]): string {
  if (shell === 'bash') return bash(cmds);
  if (shell === 'zsh') return zsh(cmds);
  return fish(cmds);
}
