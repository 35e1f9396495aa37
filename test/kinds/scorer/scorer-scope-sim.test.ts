import { beforeEach, describe, expect, it } from 'vitest';
import { pending, useSimCli } from '../../helpers/sim-cli.js';

const KEY = 'sim-key-scope';

const MANIFEST = `version: 1
stack: scopes
scorers:
  tone:
    type: llm
    node_types: [llm, chat]
    prompt: "Is it polite? {output}"
    scope:
      projects: [support]
projects:
  support:
    name: Support Bot
  search: {}
`;

interface ScorerRecord {
  name: string;
  scope?: { is_global: boolean; project_ids: string[] };
}

describe('scorer scope against the simulator (CLI)', () => {
  const h = useSimCli(KEY, MANIFEST);
  const { cli, plan, apply } = h;
  const manifest = (text: string) => h.write('galileo.yaml', text);
  const scopeOf = (name: string): { global: boolean; projects: string[] } => {
    const state = h.sim.state();
    const s = (state.scorers as unknown as ScorerRecord[]).find((x) => x.name === name)!;
    const names = new Map((state.projects as unknown as { id: string; name: string }[]).map((p) => [p.id, p.name]));
    return { global: s.scope?.is_global ?? false, projects: (s.scope?.project_ids ?? []).map((id) => names.get(id)!).sort() };
  };

  beforeEach(async () => {
    h.sim.reset();
    await manifest(MANIFEST);
  });

  it('creates the scorer scoped to its projects (after them), then plans nothing', async () => {
    const changes = await plan();
    const tone = changes.find((c) => c.address === 'scorer.tone')!;
    expect(tone.depends_on).toContain('project.support');
    await apply();
    expect(scopeOf('tone')).toEqual({ global: false, projects: ['Support Bot'] });
    expect(pending(await plan())).toEqual([]);
  });

  it('a changed scope is a field diff, applied in place; global too', async () => {
    await apply();
    await manifest(MANIFEST.replace('projects: [support]', 'projects: [support, search]'));
    const tone = (await plan()).find((c) => c.address === 'scorer.tone')!;
    expect(tone.action).toBe('update');
    expect(tone.fields).toEqual([{ path: 'scope.projects', before: ['Support Bot'], after: ['Support Bot', 'search'] }]);
    await apply();
    expect(scopeOf('tone')).toEqual({ global: false, projects: ['Support Bot', 'search'] });
    expect(pending(await plan())).toEqual([]);

    await manifest(MANIFEST.replace('      projects: [support]', '      global: true'));
    const global = (await plan()).find((c) => c.address === 'scorer.tone')!;
    expect(global.fields.map((f) => f.path).sort()).toEqual(['scope.global', 'scope.projects']);
    await apply();
    expect(scopeOf('tone')).toEqual({ global: true, projects: [] });
    expect(pending(await plan())).toEqual([]);
  });

  it('a scope left out is left alone; an unknown project key is a located error', async () => {
    await apply();
    await manifest(MANIFEST.replace('    scope:\n      projects: [support]\n', ''));
    expect(pending(await plan())).toEqual([]);
    await manifest(MANIFEST.replace('projects: [support]', 'projects: [suport]'));
    const r = await cli(['plan']);
    expect(r.code).not.toBe(0);
    expect(r.stderr).toMatch(/galileo\.yaml:\d+:\d+: .*project "suport" is not defined/);
    expect(r.stderr).toContain('support');
  });

  it('export writes the scope as project keys, and the export plans empty', async () => {
    await apply();
    const r = await cli(['export', '-o', 'out', '--force', '--stack', 'scopes']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const exported = await h.read('out/galileo.yaml');
    expect(exported).toMatch(/  tone:\n(    .*\n)*    scope:\n      projects:\n        - support-bot\n/);
    expect(pending(await plan('out/galileo.yaml'))).toEqual([]);
  });
});
