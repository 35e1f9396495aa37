import { readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PlanChange } from '../../src/core/plan-types.js';
import { startSimulator, type SimulatorHandle } from '../../src/sim/start-simulator.js';
import { writeManifestDir } from '../export/org-fixture.js';
import { runCli, type CliResult } from '../helpers/run-cli.js';

const KEY = 'sim-key-global-templates';

const manifest = (text: string): string => `version: 1
stack: shared
global_templates:
  answer:
    name: Answer Prompt
    template: "${text}"
    settings:
      temperature: 0.2
`;

interface TemplateDump {
  name: string;
  project_ids: string[];
  versions: { version: number }[];
  selected_version: number;
}

describe('global templates: versions, and the selected version moving as a visible plan change', () => {
  let sim: SimulatorHandle;
  let dir = '';
  const cli = (...argv: string[]): Promise<CliResult> => runCli(argv, { env: { GALILEO_API_KEY: KEY, GALILEO_API_URL: sim.url }, cwd: dir });
  const write = (text: string) => writeFile(path.join(dir, 'galileo.yaml'), text);
  const templates = (): string[] =>
    (sim.state() as unknown as { templates: TemplateDump[] }).templates.map(
      (t) => `${t.name} [${t.project_ids.join(',')}] v${t.versions.length} selected ${t.selected_version}`,
    );
  const changes = async (): Promise<[string, string, string[]][]> => {
    const r = await cli('plan', '--format', 'json');
    expect(r.stderr).toBe('');
    return (JSON.parse(r.stdout) as { changes: PlanChange[] }).changes.map((c) => [
      c.address,
      c.action,
      c.fields.map((f) => `${f.path}${f.path === 'selected_version' ? `: ${String(f.before)} → ${String(f.after)}` : ''}`),
    ]);
  };
  const applyOk = async (): Promise<string> => {
    const r = await cli('apply', '--auto-approve');
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    return r.stdout;
  };

  beforeAll(async () => {
    sim = await startSimulator({ port: 0, apiKey: KEY });
    dir = await writeManifestDir(manifest('Answer {{input}}.'), {});
  });
  afterAll(async () => {
    await sim?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('creates it org-wide (no project), then re-plans empty', async () => {
    expect(await changes()).toEqual([['global_template.answer', 'create', ['name', 'settings.temperature', 'template']]]);
    await applyOk();
    expect(templates()).toEqual(['Answer Prompt [] v1 selected 1']);
    expect((await cli('plan', '--detailed-exitcode')).code).toBe(0);
  });

  it('a changed text is a new version, and the plan shows the selection moving to it', async () => {
    await write(manifest('Answer {{input}} briefly.'));
    expect(await changes()).toEqual([['global_template.answer', 'new-version', ['template', 'selected_version: 1 → 2']]]);
    const text = await cli('plan');
    expect(text.stdout).toMatch(/selected_version: 1 → 2/);
    await applyOk();
    expect(templates()).toEqual(['Answer Prompt [] v2 selected 2']);
    expect((await cli('plan', '--detailed-exitcode')).code).toBe(0);
  });

  it('going back to an earlier text selects that version again: an update, no new version', async () => {
    await write(manifest('Answer {{input}}.'));
    expect(await changes()).toEqual([['global_template.answer', 'update', ['template', 'selected_version: 2 → 1']]]);
    expect(await applyOk()).toMatch(/selected version 1/);
    expect(templates()).toEqual(['Answer Prompt [] v2 selected 1']);
    expect((await cli('plan', '--detailed-exitcode')).code).toBe(0);
  });

  it('exports as an adopt: true entry that plans empty', async () => {
    const r = await cli('export', '-o', 'exported', '--stack', 'shared', '--kinds', 'global_templates');
    expect(r.stderr).toBe('');
    expect(r.stdout).toContain('exported 1 global template');
    const text = await readFile(path.join(dir, 'exported', 'galileo.yaml'), 'utf8');
    expect(text).toContain('global_templates:\n  answer-prompt:\n    name: Answer Prompt\n');
    expect((await cli('plan', '-f', 'exported/galileo.yaml', '--detailed-exitcode')).code).toBe(0);
  });

  it("prune deletes the stack's template once the manifest drops it", async () => {
    await write('version: 1\nstack: shared\n');
    const plan = await cli('plan', '--prune');
    expect(plan.stdout).toMatch(/- global_template\.Answer Prompt\s+delete/);
    expect((await cli('apply', '--auto-approve', '--prune')).code).toBe(0);
    expect(templates()).toEqual([]);
  });
});
