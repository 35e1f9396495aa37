import type { Command } from '../command.js';

/** Subcommands, loaded lazily so `galctl --help` stays fast. Order = order in `galctl --help`. */
export const commands: Record<string, () => Promise<Command>> = {
  validate: async () => (await import('./validate.js')).validateCommand,
  plan: async () => (await import('./plan.js')).planCommand,
  apply: async () => (await import('./apply.js')).applyCommand,
  export: async () => (await import('./export.js')).exportCommand,
  check: async () => (await import('./check.js')).checkCommand,
  preview: async () => (await import('./preview.js')).previewCommand,
  demo: async () => (await import('./demo.js')).demoCommand,
  sim: async () => (await import('./sim.js')).simCommand,
  init: async () => (await import('./init.js')).initCommand,
  schema: async () => (await import('./schema.js')).schemaCommand,
  completion: async () => (await import('./completion.js')).completionCommand,
};

/** One-line summaries for `galctl --help`, kept here so help does not import every command. */
export const summaries: Record<string, string> = {
  validate: 'check a manifest and report every problem with its location',
  plan: 'show what apply would change in Galileo',
  apply: 'make Galileo match the manifest',
  export: 'write a manifest and its files from what exists in Galileo',
  check: 'evaluate the manifest\'s thresholds against the experiments\' scores',
  preview: 'evaluate a pull request\'s changed experiments without touching production',
  demo: 'run galctl end to end against a built-in Galileo simulator',
  sim: 'start a local Galileo API simulator',
  init: 'write a starting manifest, its data files and a CI workflow',
  schema: 'print the manifest\'s JSON Schema (for editors)',
  completion: 'print a shell completion script (bash, zsh or fish)',
};
