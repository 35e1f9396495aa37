import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLossyProxy } from '../helpers/lossy-proxy.js';
import type { CliResult } from '../helpers/run-cli.js';
import { startSimWorkspace, type SimWorkspace } from '../helpers/sim-workspace.js';

// Issue 23, item 2 through the CLI and the simulator: declared experiment tags (`tags: {key: value}`), written with
// galctl's own run tags and CI provenance, planned as a diff, idempotent, exported.

const EXP = 'project.tagged.experiment.nightly';
const CI = { GITHUB_ACTIONS: 'true', GITHUB_SHA: 'abc1234', GITHUB_REF: 'refs/heads/main', GITHUB_REF_NAME: 'main', GITHUB_REF_TYPE: 'branch' };

function manifest(tags: string): string {
  return [
    'version: 1',
    'stack: tags-test',
    'projects:',
    '  tagged:',
    '    experiments:',
    '      nightly:',
    '        traces: traces.jsonl',
    '        scorers: [preset:completeness]',
    ...(tags === '' ? [] : [`        tags: ${tags}`]),
    '',
  ].join('\n');
}

let ws: SimWorkspace;
const cli = (args: string[], url?: string, env?: Record<string, string>): Promise<CliResult> =>
  ws.cli(args, { ...(url === undefined ? {} : { url }), ...(env === undefined ? {} : { env }) });

/** The experiments of a project (by name) with their tags, key → value. */
async function runsOf(projectName: string): Promise<{ id: string; projectId: string; name: string; tags: Record<string, string> }[]> {
  const project = (await ws.api<{ id: string; name: string }[]>('GET', '/projects/all')).find((p) => p.name === projectName)!;
  const { experiments } = await ws.api<{ experiments: { id: string; name: string }[] }>('POST', `/projects/${project.id}/experiments/search`, {});
  return Promise.all(
    experiments.map(async (e) => {
      const tags = await ws.api<{ key: string; value: string }[]>('GET', `/projects/${project.id}/experiments/${e.id}/tags`);
      return { id: e.id, projectId: project.id, name: e.name, tags: Object.fromEntries(tags.map((t) => [t.key, t.value])) };
    }),
  );
}

beforeAll(async () => {
  ws = await startSimWorkspace();
  writeFileSync(path.join(ws.dir, 'traces.jsonl'), '{"input":"hi","output":"hello there"}\n');
});

afterAll(async () => {
  await ws?.close();
});

describe('declared experiment tags', () => {
  it("a new run gets them with galctl's run tags and the CI provenance; the re-plan is empty", async () => {
    writeFileSync(ws.file, manifest('{ team: search, tier: gold }'));
    const plan = await ws.planJson();
    const fields = plan.find((c) => c.address === EXP)!.fields;
    expect(fields).toEqual(
      expect.arrayContaining([
        { path: 'tags.team', after: 'search' },
        { path: 'tags.tier', after: 'gold' },
      ]),
    );
    const applied = await cli(['apply', '-f', ws.file, '--auto-approve'], undefined, CI);
    expect(applied.code, applied.stdout + applied.stderr).toBe(0);
    const [run] = await runsOf('tagged');
    expect(run!.tags).toMatchObject({ team: 'search', tier: 'gold', 'galctl:ci': 'github', 'galctl:commit': 'abc1234', 'galctl:branch': 'main' });
    expect(run!.tags['galctl:fingerprint']).toMatch(/^[0-9a-f]{10}$/);
    await ws.planIsEmpty();
  });

  it('a changed or added tag updates the current run in place (no new run); a hand-made or dropped tag is left alone', async () => {
    writeFileSync(ws.file, manifest('{ team: search, tier: platinum, owner: ana }'));
    const change = (await ws.planJson()).find((c) => c.address === EXP)!;
    expect(change.action).toBe('update');
    expect(change.fields).toEqual([
      { path: 'tags.owner', after: 'ana' },
      { path: 'tags.tier', before: 'gold', after: 'platinum' },
    ]);
    const text = await cli(['plan', '-f', ws.file, '--no-color']);
    expect(text.stdout).toContain('tags.tier');
    const applied = await cli(['apply', '-f', ws.file, '--auto-approve']);
    expect(applied.code, applied.stdout + applied.stderr).toBe(0);
    const runs = await runsOf('tagged');
    expect(runs).toHaveLength(1);
    expect(runs[0]!.tags).toMatchObject({ team: 'search', tier: 'platinum', owner: 'ana' });
    await ws.planIsEmpty();
    // a tag added by hand, and one the manifest stops declaring: galctl cannot prove it wrote them, so they stay
    await ws.api('POST', `/projects/${runs[0]!.projectId}/experiments/${runs[0]!.id}/tags`, { key: 'note', value: 'by hand', tag_type: 'generic' });
    writeFileSync(ws.file, manifest('{ team: search, tier: platinum }'));
    await ws.planIsEmpty();
    const again = await cli(['apply', '-f', ws.file, '--auto-approve']);
    expect(again.code).toBe(0);
    expect((await runsOf('tagged'))[0]!.tags).toMatchObject({ owner: 'ana', note: 'by hand' });
  });

  it('a tag POST whose answer is lost is done when re-sent (already exists with the same value)', async () => {
    writeFileSync(ws.file, manifest('{ team: search, tier: platinum, region: eu }'));
    let lost = 0;
    const proxy = await startLossyProxy(ws.sim.url, (method, p) => (method === 'POST' && p.endsWith('/tags') && lost++ === 0 ? 'drop-after' : 'pass'));
    const applied = await cli(['apply', '-f', ws.file, '--auto-approve'], proxy);
    expect(applied.code, applied.stdout + applied.stderr).toBe(0);
    expect(lost).toBeGreaterThan(1);
    expect((await runsOf('tagged'))[0]!.tags['region']).toBe('eu');
    await ws.planIsEmpty();
  });

  it('tags are no input of the run: changing them makes no new run', async () => {
    writeFileSync(ws.file, manifest('{ team: ranking }'));
    const change = (await ws.planJson()).find((c) => c.address === EXP)!;
    expect(change.action).toBe('update');
    expect((await cli(['apply', '-f', ws.file, '--auto-approve'])).code).toBe(0);
    expect(await runsOf('tagged')).toHaveLength(1);
  });

  it("export writes a hand-made experiment's tags (not galctl's) and the exported manifest plans empty", async () => {
    const project = await ws.api<{ id: string }>('POST', '/projects', { name: 'handmade tags' });
    const exp = await ws.api<{ id: string }>('POST', `/projects/${project.id}/experiments`, { name: 'weekly' });
    for (const [key, value] of [
      ['team', 'support'],
      ['galctl:ci', 'github'],
      ['tier', 'silver'],
    ]) {
      await ws.api('POST', `/projects/${project.id}/experiments/${exp.id}/tags`, { key, value, tag_type: 'generic' });
    }
    const text = await ws.exportRoundTrip('handmade tags', 'experiments');
    expect(text).toContain('tags:');
    expect(text).toContain('team: support');
    expect(text).not.toContain('galctl:ci');
  });

  it("refuses a tag in galctl's reserved namespace, located", async () => {
    writeFileSync(ws.file, manifest('{ "galctl:fingerprint": forged }'));
    const res = await cli(['validate', '-f', ws.file]);
    expect(res.code).not.toBe(0);
    expect(res.stdout + res.stderr).toMatch(/galileo\.yaml:9:\d+/);
  });
});
