import { parseArgs } from 'node:util';
import { GalctlError } from '../../core/errors.js';
import { createGalileoClient } from '../../galileo/create-client.js';
import { putIntegration } from '../../kinds/integration/api.js';
import { paint } from '../../render/symbols.js';
import { DEFAULT_SIM_API_KEY, startSimulator } from '../../sim/start-simulator.js';
import type { Command } from '../command.js';
import { useColor, type CommandIo } from '../io.js';
import { PACKAGE_ROOT } from '../package-root.js';
import { applyCommand } from './apply.js';
import { planCommand } from './plan.js';

const HELP = `Usage: galctl demo [--no-color]

Runs galctl end to end with no Galileo account: starts the Galileo simulator in this process (an org with
an OpenAI integration, as one that runs LLM judges has), applies galileo.yaml.example (scorers, a dataset, a
prompt template, a log stream, two experiments and their traces), plans again to show that nothing is left to
do, then says how to point galctl at your own Galileo.
`;

const EXAMPLE = 'galileo.yaml.example';

/** Runs another command with the same code path as the CLI (argv parsed against its options). */
async function runCommand(command: Command, argv: string[], io: CommandIo): Promise<number> {
  const parsed = parseArgs({ args: argv, options: command.options, allowPositionals: command.allowPositionals ?? false, strict: true });
  return command.run(parsed as never, io);
}

function nextSteps(color: boolean): string {
  const b = (t: string): string => paint(t, 'bold', color);
  return [
    '',
    b('That was galctl against a simulated Galileo. To use it with yours:'),
    '',
    '  export GALILEO_API_KEY=<your key>     # Galileo console → Settings → API Keys',
    '  export GALILEO_CONSOLE_URL=https://console.<your-galileo>   # or GALILEO_API_URL=https://api.<your-galileo>;',
    '                                        # neither: https://api.galileo.ai',
    '  galctl init                           # galileo.yaml, its data files, a CI workflow; then edit it',
    '  galctl validate -f galileo.yaml',
    '  galctl plan -f galileo.yaml           # changes nothing',
    '  galctl apply -f galileo.yaml',
    '',
    `To keep a simulator running for your own tries: galctl sim (then GALILEO_API_URL=<its url> GALILEO_API_KEY=${DEFAULT_SIM_API_KEY}).`,
    '',
  ].join('\n');
}

/**
 * An org that runs LLM judges has a provider integration; a bare simulator has none, and the plan would rightly warn
 * that the example's judges cannot run. The demo's org gets one, as its admin would have set it up.
 */
async function seedIntegration(apiUrl: string): Promise<void> {
  const client = createGalileoClient({ apiUrl, apiKey: DEFAULT_SIM_API_KEY });
  try {
    await putIntegration(client, 'openai', { token: 'sim-demo-openai-token' });
  } finally {
    await client.close();
  }
}

export const demoCommand: Command = {
  name: 'demo',
  summary: 'run galctl end to end against a built-in Galileo simulator',
  help: HELP,
  options: { 'no-color': { type: 'boolean' } },
  run: async (args, io) => {
    const color = useColor(io, args.values['no-color'] === true);
    const noColor = color ? [] : ['--no-color'];
    const sim = await startSimulator({ port: 0, jobStepMs: 50 });
    try {
      await seedIntegration(sim.url);
      const env: Record<string, string | undefined> = { ...io.env, GALILEO_API_KEY: DEFAULT_SIM_API_KEY, GALILEO_API_URL: sim.url, GALILEO_CONSOLE_URL: undefined };
      const demoIo: CommandIo = { ...io, env, cwd: PACKAGE_ROOT };
      io.stdout(`${paint(`Started a Galileo simulator at ${sim.url} with an OpenAI integration (in this process; it stops when the demo ends).`, 'bold', color)}\n\n`);
      io.stdout(`${paint(`$ galctl apply -f ${EXAMPLE} --auto-approve`, 'bold', color)}\n`);
      const applied = await runCommand(applyCommand, ['-f', EXAMPLE, '--auto-approve', ...noColor], demoIo);
      if (applied !== 0) return applied;
      io.stdout(`\n${paint(`$ galctl plan -f ${EXAMPLE}   # again: Galileo now matches the manifest`, 'bold', color)}\n`);
      const replanned = await runCommand(planCommand, ['-f', EXAMPLE, '--detailed-exitcode', ...noColor], demoIo);
      if (replanned === 2) throw new GalctlError('demo-not-converged', 'the plan after apply is not empty', { hint: 'this is a bug in galctl; please report it' });
      if (replanned !== 0) return replanned;
      io.stdout(nextSteps(color));
      return 0;
    } finally {
      await sim.close();
    }
  },
};
