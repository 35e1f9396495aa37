import { describe, expect, it } from 'vitest';
import type { PlanChange } from '../../../src/core/plan-types.js';
import type { CliResult } from '../../helpers/run-cli.js';
import { useSimCli } from '../../helpers/sim-cli.js';

const KEY = 'sim-key-global-template-runs';

const manifest = (text: string, ref = 'answer'): string => `version: 1
stack: shared-prompts
global_templates:
  answer:
    name: Answer Prompt
    template: "${text}"
    settings:
      temperature: 0.2
datasets:
  capitals:
    file: capitals.csv
projects:
  demo:
    experiments:
      nightly:
        dataset: capitals
        template: { global: ${ref} }
        trigger: false
`;

interface TemplateDump {
  id: string;
  name: string;
  versions: { id: string; version: number }[];
  selected_version: number;
}
interface RunDump {
  name: string;
  prompt_template_version_id: string | null;
  prompt_settings: Record<string, unknown> | null;
}

describe('an experiment that runs a global template (template: {global: key}), through the CLI against the simulator', () => {
  const h = useSimCli(KEY, manifest('Capital of {{input}}?'), { 'capitals.csv': 'input,output\nFrance,Paris\nPeru,Lima\n' });
  const cli = (...argv: string[]): Promise<CliResult> => h.cli(argv);
  const write = (text: string) => h.write('galileo.yaml', text);
  /** the plan's changes that do something */
  const plan = async (file = 'galileo.yaml'): Promise<PlanChange[]> => (await h.plan(file)).filter((c) => c.action !== 'no-op');
  const state = () => h.sim.state() as unknown as { templates: TemplateDump[]; runs: RunDump[] };
  /** the nightly runs, each as the global template version it runs */
  const runVersions = (): number[] => {
    const t = state().templates.find((x) => x.name === 'Answer Prompt')!;
    return state()
      .runs.filter((r) => r.name.startsWith('nightly'))
      .map((r) => t.versions.find((v) => v.id === r.prompt_template_version_id)?.version ?? -1)
      .sort();
  };

  it('an unknown key is a located error at validate', async () => {
    await write(manifest('Capital of {{input}}?', 'answr'));
    const r = await cli('validate');
    expect(r.code).not.toBe(0);
    expect(r.stdout + r.stderr).toMatch(/galileo\.yaml:17:29: global template "answr" is not defined/);
    expect(r.stdout + r.stderr).toContain('did you mean "answer"?');
    await write(manifest('Capital of {{input}}?'));
    expect((await cli('validate')).code).toBe(0);
  });

  it('create: the run depends on the template and uses its selected version; then re-plans empty', async () => {
    const changes = await plan();
    const run = changes.find((c) => c.address === 'project.demo.experiment.nightly')!;
    expect(run.action).toBe('create');
    expect(run.depends_on).toContain('global_template.answer');
    expect(run.fields).toContainEqual({ path: 'template', after: 'Answer Prompt' });
    expect(run.fields).toContainEqual({ path: 'template_version', known_after_apply: true });
    await h.apply();
    expect(runVersions()).toEqual([1]);
    // generation runs with the template's settings (over the SDKs' defaults)
    expect(state().runs.find((r) => r.name.startsWith('nightly'))?.prompt_settings).toMatchObject({ temperature: 0.2 });
    expect((await cli('plan', '--detailed-exitcode')).code).toBe(0);
  });

  it('a promotion (new selected version) plans a new run with a reason, which runs the new version', async () => {
    await write(manifest('What is the capital of {{input}}?'));
    const changes = await plan();
    expect(changes.map((c) => `${c.action} ${c.address}`)).toEqual(['new-version global_template.answer', 'create project.demo.experiment.nightly']);
    const run = changes[1]!;
    expect(run.reason).toMatch(/new run: template Answer Prompt changed/);
    expect(run.fields).toContainEqual({ path: 'template_version', known_after_apply: true });
    await h.apply();
    expect(runVersions()).toEqual([1, 2]);
    expect((await cli('plan', '--detailed-exitcode')).code).toBe(0);
  });

  it('export writes the reference, and the export plans empty', async () => {
    const r = await cli('export', '-o', 'exported', '--stack', 'shared-prompts');
    expect(r.stderr).toBe('');
    const text = await h.read('exported/galileo.yaml');
    expect(text).toMatch(/global_templates:\n {2}answer-prompt:\n/);
    expect(text).toMatch(/template:\n\s+global: answer-prompt\n/);
    const exported = await plan('exported/galileo.yaml');
    expect(exported).toEqual([]);
  });
});
