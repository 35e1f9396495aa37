import { describe, expect, it } from 'vitest';
import { GalctlError } from '../../src/core/errors.js';
import { contentHashOfVersionName, normalizeDataset, normalizeProject, normalizeScorer } from '../../src/engine/normalize-live.js';
import {
  addressIndex,
  claimEdits,
  legacyScorerOwnership,
  datasetVersionName,
  indexInventory,
  parseInventoryRow,
  planClaims,
  PROTECTED_MARKER,
  releaseEdits,
  withMarkers,
  OWNERSHIP_TAG,
} from '../../src/engine/ownership.js';
import type { Desired, DesiredResource } from '../../src/core/desired-types.js';
import type { LiveState } from '../../src/core/plan-types.js';
import {
  planOf,
  desiredDataset,
  desiredExperiment,
  desiredOf,
  desiredProject,
  desiredScorer,
  desiredTemplate,
  liveMatching,
} from '../helpers/builders.js';

const plan = planOf;

/** Live state matching `desired`, every object carrying the given ownership/protection flags. */
function liveWith(desired: Desired, flags: { owned: boolean; protected?: boolean }): LiveState {
  const live = liveMatching(desired);
  for (const r of Object.values(live.resources)) {
    if (r.kind === 'scorer_settings' || r.kind === 'traces') continue;
    r.owned = flags.owned;
    r.protected = flags.protected ?? false;
  }
  return live;
}

const withLoc = <R extends DesiredResource>(r: R, line: number): R => ({ ...r, loc: { file: 'galileo.yaml', line, col: 3 } });

describe('markers', () => {
  it('reads the content hash from dataset version names', () => {
    expect(contentHashOfVersionName(datasetVersionName('ab12', { protect: true }))).toBe('ab12');
    expect(contentHashOfVersionName('galctl:sha256:ab12')).toBe('ab12');
    expect(contentHashOfVersionName('sha256:ab12')).toBeNull();
  });

  it('hides every galctl marker (legacy project labels and scorer tags included); no object carries ownership of its own', () => {
    const p = normalizeProject({ id: 'p', name: 'demo', labels: ['sample', 'galctl:managed', PROTECTED_MARKER, 'galctl:template:t'] } as never);
    expect(p.state.labels).toEqual(['sample']);
    expect([p.owned, p.protected]).toEqual([undefined, undefined]);
    const s = normalizeScorer({ id: 's', name: 'q', scorer_type: 'llm', tags: ['x', OWNERSHIP_TAG] } as never);
    expect(s.state.tags).toEqual(['x']);
    expect([s.owned, s.protected]).toEqual([undefined, undefined]); // tags are editable in the UI: never ownership
    const d = normalizeDataset({ id: 'd', name: 'd', current_version_index: 1 } as never, { version_index: 1, name: datasetVersionName('aa', { protect: false }) } as never);
    expect(d.owned).toBeUndefined();
  });

  it('withMarkers keeps the user values, keeps other galctl markers, sets and unsets its own', () => {
    const live = ['a', OWNERSHIP_TAG, PROTECTED_MARKER, 'galctl:other'];
    expect(withMarkers(['b'], live, { unset: [PROTECTED_MARKER] }).sort()).toEqual(['b', OWNERSHIP_TAG, 'galctl:other'].sort());
    expect(withMarkers(undefined, live, {}).sort()).toEqual(live.sort());
    expect(withMarkers(['x'], undefined, { set: [OWNERSHIP_TAG] })).toEqual(['x', OWNERSHIP_TAG]);
  });
});

describe('inventory rows', () => {
  const row = (rowId: string, kind: string, project: string, name: string, prot: string, stack: string, id: string) => ({ row_id: rowId, values_dict: { kind, project, name, protected: prot, stack, id } });
  const columns = ['kind', 'project', 'name', 'protected', 'stack', 'id'];
  const rows = [
    row('r1', 'project', '', 'demo', 'false', 'a', 'p1'),
    row('r2', 'template', 'demo', 'concise', 'false', 'a', 't1'),
    row('r3', 'template', 'demo', 'concise', 'true', 'a', 't1'), // a duplicate: harmless, and any protected row protects
    row('r4', 'dataset', 'ignored', 'capitals', 'false', 'b', 'd1'),
    row('r5', 'widget', '', 'x', 'false', 'a', 'w1'), // not galctl's shape: skipped
    row('r6', 'scorer', '', 'q', 'false', 'a', ''), // a claim whose create never confirmed
  ].flatMap((r) => parseInventoryRow(r, columns) ?? []);
  const inventory = { id: 'inv', etag: 'e1', rows };

  it('parses rows (values_dict or positional values), skipping rows that are not galctl\'s', () => {
    expect(rows.map((r) => `${r.rowId} ${r.kind} ${r.project}/${r.name} ${r.protected} ${r.stack}:${r.id}`)).toEqual([
      'r1 project /demo false a:p1',
      'r2 template demo/concise false a:t1',
      'r3 template demo/concise true a:t1',
      'r4 dataset /capitals false b:d1',
      'r6 scorer /q false a:',
    ]);
    expect(parseInventoryRow({ row_id: 'x', values: ['log_stream', 'demo', 'prod', true] }, columns)).toEqual({ rowId: 'x', kind: 'log_stream', project: 'demo', name: 'prod', protected: true, stack: '', id: '' });
  });

  it("answers who owns what by kind and id: the stack's confirmed rows only; another stack is named", () => {
    const ownerOf = indexInventory(rows, 'a');
    expect(ownerOf('project', { id: 'p1', name: 'renamed in the UI' })).toEqual({ owned: true, protected: false });
    expect(ownerOf('template', { id: 't1', name: 'concise' }, 'demo')).toEqual({ owned: true, protected: true });
    expect(ownerOf('experiment', { id: 't1', name: 'concise' }, 'demo')).toEqual({ owned: false, protected: false });
    expect(ownerOf('project', { id: 'p2', name: 'demo' })).toEqual({ owned: false, protected: false }); // same name, another object
    expect(ownerOf('dataset', { id: 'd1', name: 'capitals' })).toEqual({ owned: false, protected: false, ownerStack: 'b' });
    expect(indexInventory(rows, 'b')('dataset', { id: 'd1', name: 'capitals' })).toEqual({ owned: true, protected: false });
    expect(indexInventory(rows, 'b')('project', { id: 'p1', name: 'demo' })).toEqual({ owned: false, protected: false, ownerStack: 'a' });
  });

  it('upgrading: the unnamed stack\'s rows are nobody\'s to a named stack; a legacy galctl:managed tag counts (unconfirmed) only for the unnamed stack', () => {
    const legacy = parseInventoryRow(row('l1', 'project', '', 'old', 'false', '', 'p7'), columns)!;
    expect(indexInventory([legacy], 'a')('project', { id: 'p7', name: 'old' })).toEqual({ owned: false, protected: false, fromUnnamed: true });
    expect(indexInventory([legacy], '')('project', { id: 'p7', name: 'old' })).toEqual({ owned: true, protected: false });
    const nobody = { owned: false, protected: false };
    expect(legacyScorerOwnership('', nobody, ['x', OWNERSHIP_TAG])).toEqual({ owned: true, protected: false, unconfirmed: true });
    expect(legacyScorerOwnership('', nobody, [OWNERSHIP_TAG, PROTECTED_MARKER]).protected).toBe(true);
    expect(legacyScorerOwnership('team-a', nobody, [OWNERSHIP_TAG])).toEqual(nobody);
    expect(legacyScorerOwnership('', { owned: false, protected: false, ownerStack: 'b' }, [OWNERSHIP_TAG]).owned).toBe(false);
    expect(legacyScorerOwnership('', nobody, ['x'])).toEqual(nobody);
  });

  it('an unconfirmed claim means an object made within the window after it (a killed apply), never one made before or much later', () => {
    const claim = parseInventoryRow({ ...row('c1', 'dataset', '', 'shared', 'false', 'a', ''), metadata: { created_at: '2026-01-01T10:00:00Z' } }, columns)!;
    const ownerOf = indexInventory([claim], 'a');
    const at = (t: string) => ownerOf('dataset', { id: 'x', name: 'shared', created_at: t });
    expect(at('2026-01-01T10:00:01Z')).toEqual({ owned: true, protected: false, unconfirmed: true });
    expect(at('2026-01-01T09:59:59Z')).toEqual({ owned: false, protected: false });
    expect(at('2026-01-01T10:30:00Z')).toEqual({ owned: false, protected: false });
    expect(indexInventory([claim], 'b')('dataset', { id: 'x', name: 'shared', created_at: '2026-01-01T10:00:01Z' }).owned).toBe(false);
  });

  it('claims append what is missing, update flags that differ, reuse an unconfirmed claim, and never duplicate a row', () => {
    const edits = claimEdits(inventory, [
      { kind: 'project', project: '', name: 'demo', protected: false, stack: 'a', id: 'p1' }, // already there
      { kind: 'template', project: 'demo', name: 'concise', protected: false, stack: 'a', id: 't1' }, // r3 says protected
      { kind: 'scorer', project: '', name: 'q', protected: false, stack: 'a', id: '' }, // r6 already claims it
      { kind: 'experiment', project: 'demo', name: 'e', protected: true, stack: 'a', id: '' },
      { kind: 'experiment', project: 'demo', name: 'e', protected: true, stack: 'a', id: '' }, // twice in one claim
    ]);
    expect(edits).toEqual([
      { edit_type: 'update_row', row_id: 'r3', values: { protected: 'false' } },
      { edit_type: 'update_row', row_id: 'r6', values: { protected: 'false' } }, // re-dated, not duplicated
      { edit_type: 'append_row', values: { kind: 'experiment', project: 'demo', name: 'e', protected: 'true', stack: 'a', id: '', address: '' } },
    ]);
    expect(claimEdits(undefined, [{ kind: 'dataset', project: '', name: 'd', protected: false, stack: 'a', id: '' }])).toHaveLength(1);
  });

  it("a tidy drops the stack's rows of deleted objects and its settled unconfirmed claims, never another stack's", () => {
    expect(releaseEdits(inventory, 'a', [{ kind: 'template', id: 't1' }, { kind: 'dataset', id: 'd1' }], [{ kind: 'scorer', project: '', name: 'q', stack: 'a' }])).toEqual([
      { edit_type: 'delete_row', row_id: 'r2' },
      { edit_type: 'delete_row', row_id: 'r3' },
      { edit_type: 'delete_row', row_id: 'r6' },
    ]);
  });

  it('the manifest address of a confirmed row finds a renamed object, following moved:', () => {
    const rows2 = [{ rowId: 'x', kind: 'project' as const, project: '', name: 'old', protected: false, stack: 'a', id: 'p1', address: 'project.old' }];
    expect(addressIndex(rows2, 'a')('project', 'project.old')).toEqual(['p1']);
    expect(addressIndex(rows2, 'a', [{ from: 'project.old', to: 'project.new' }])('project', 'project.new')).toEqual(['p1']);
    expect(addressIndex(rows2, 'b', [{ from: 'project.old', to: 'project.new' }])('project', 'project.new')).toEqual([]);
    // a child recorded under its project's old key
    const child = [{ rowId: 'y', kind: 'experiment' as const, project: 'old', name: 'e', protected: false, stack: 'a', id: 'e1', address: 'project.old.experiment.e' }];
    expect(addressIndex(child, 'a', [{ from: 'project.new.experiment.e', to: 'project.new.experiment.e2' }])('experiment', 'project.new.experiment.e2')).toEqual(['e1']);
  });

  it('a plan claims what it creates (no id yet) or changes (its id), never its no-ops, deletes or sub-steps', () => {
    const changes = [
      { kind: 'project', action: 'create', address: 'project.demo', name: 'Demo' },
      { kind: 'template', action: 'new-version', address: 'project.demo.template.t', name: 't', project: 'Demo', id: 't9' },
      { kind: 'experiment', action: 'no-op', address: 'project.demo.experiment.e', name: 'e', project: 'Demo' },
      { kind: 'log_stream', action: 'delete', address: 'project.demo.log_stream.l', name: 'l', project: 'Demo' },
      { kind: 'scorer', action: 'create', address: 'scorer.q', name: 'q' },
      { kind: 'scorer_settings', action: 'create', address: 'project.demo.log_stream.l.scorers', name: 'l' },
      { kind: 'dataset', action: 'update', address: 'dataset.d', name: 'd', id: 'd9' },
    ];
    expect(planClaims(changes, 's', (a) => a === 'dataset.d')).toEqual([
      { kind: 'project', project: '', name: 'Demo', protected: false, stack: 's', id: '', address: 'project.demo' },
      { kind: 'template', project: 'Demo', name: 't', protected: false, stack: 's', id: 't9', address: 'project.demo.template.t' },
      { kind: 'scorer', project: '', name: 'q', protected: false, stack: 's', id: '', address: 'scorer.q' },
      { kind: 'dataset', project: '', name: 'd', protected: true, stack: 's', id: 'd9', address: 'dataset.d' },
    ]);
  });
});

describe('adoption', () => {
  const desired = desiredOf(
    withLoc(desiredProject({ key: 'demo' }), 4),
    withLoc(desiredScorer({ key: 'quality' }), 9),
    withLoc(desiredDataset({ key: 'capitals' }), 14),
    withLoc(desiredTemplate({ key: 'concise', project: 'demo' }), 6),
  );

  it('refuses to take over what galctl did not create: one located line per resource, with the hint', () => {
    let err: unknown;
    try {
      plan(desired, liveWith(desired, { owned: false }));
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(GalctlError);
    const e = err as GalctlError;
    expect(e.code).toBe('not-owned');
    expect(e.message).toContain('4 resources in the manifest already exist in Galileo');
    expect(e.message).toContain('galileo.yaml:9:3: scorer.quality: a llm scorer named "quality" exists in Galileo but galctl did not create it');
    expect(e.message).toContain('galileo.yaml:6:3: project.demo.template.concise: a template named "concise" in project "demo"');
    expect(e.message).toContain('galileo.yaml:14:3: dataset.capitals');
    expect(e.hint).toBe('add adopt: true to manage it, or run galctl export to write a manifest for what exists');
  });

  it('adopt: true manages it, and adoption alone changes nothing (the plan stays empty)', () => {
    const adopted = desiredOf(...desired.resources.map((r) => ({ ...r, adopt: true })));
    const p = plan(adopted, liveWith(adopted, { owned: false }));
    expect(p.changes.filter((c) => c.action !== 'no-op')).toEqual([]);
  });

  it('owned objects and objects whose ownership was not read pass', () => {
    expect(() => plan(desired, liveWith(desired, { owned: true }))).not.toThrow();
    expect(() => plan(desired, liveMatching(desired))).not.toThrow();
  });
});

describe('protection', () => {
  it('writes the protection marker when protect: changes (an update of field protect)', () => {
    const desired = desiredOf(desiredScorer({ key: 'quality', protect: true }), desiredDataset({ key: 'capitals' }));
    const live = liveWith(desired, { owned: true, protected: false });
    live.resources['dataset.capitals']!.protected = true;
    const p = plan(desired, live);
    const byAddress = Object.fromEntries(p.changes.map((c) => [c.address, c]));
    expect(byAddress['scorer.quality']!.action).toBe('update');
    expect(byAddress['scorer.quality']!.fields).toEqual([{ path: 'protect', before: false, after: true }]);
    expect(byAddress['dataset.capitals']!.fields).toEqual([{ path: 'protect', before: true, after: false }]);
    expect(plan(desired, liveWith(desired, { owned: true, protected: true })).summary.update).toBe(1); // only the dataset now
  });

  it('an experiment whose inputs changed gets a new run: the protected earlier run is left as it is', () => {
    const desired = desiredOf(desiredProject({ key: 'p' }), desiredDataset({ key: 'd' }), desiredDataset({ key: 'd2' }), desiredExperiment({ key: 'e', project: 'p', dataset: 'd' }));
    const live = liveWith(desired, { owned: true, protected: false });
    const moved = desiredOf(...desired.resources.map((r) => (r.kind === 'experiment' ? { ...r, dataset: 'd2' } : r)));
    live.resources['project.p.experiment.e']!.protected = true;
    const p = plan(moved, live);
    const change = p.changes.find((c) => c.address === 'project.p.experiment.e')!;
    expect(change.action).toBe('create');
    expect(p.changes.filter((c) => c.action === 'delete' || c.action === 'replace')).toEqual([]);
  });
});

describe('--prune', () => {
  const desired = desiredOf(desiredProject({ key: 'demo' }));

  it('deletes owned, unprotected objects only; lists the rest with the reason', () => {
    const live = liveWith(desired, { owned: true });
    live.unmanaged = [
      { kind: 'experiment', name: 'mine', id: 'e1', project: 'demo', owned: true },
      { kind: 'experiment', name: 'alice', id: 'e2', project: 'demo', owned: false },
      { kind: 'template', name: 'kept', id: 't1', project: 'demo', owned: true, protected: true },
      { kind: 'scorer', name: 'guarded', id: 's1', owned: true, protected: true },
    ];
    const p = plan(desired, live, { prune: true });
    expect(p.changes.filter((c) => c.action === 'delete').map((c) => c.address)).toEqual(['project.demo.experiment.mine']);
    expect(p.unmanaged.map((u) => [u.name, u.owned, u.reason ?? null])).toEqual([
      ['alice', false, null],
      ['kept', true, 'protected'],
      ['guarded', true, 'protected'],
    ]);
    // without prune: the orphan is listed (and counts), the rest that is not the stack's is not
    const listed = plan(desired, live);
    expect(listed.changes.filter((c) => c.action === 'delete')).toEqual([]);
    expect(listed.unmanaged.map((u) => [u.name, u.orphan ?? false, u.reason ?? null])).toEqual([
      ['mine', true, 'no longer declared; `--prune` deletes it'],
      ['kept', false, 'protected'],
      ['guarded', false, 'protected'],
    ]);
  });

  it('another stack\'s object in the manifest is refused even with adopt: true', () => {
    const adopted = desiredOf(desiredProject({ key: 'demo', adopt: true }));
    const live = liveWith(adopted, { owned: false });
    live.resources['project.demo']!.ownerStack = 'team-b';
    expect(() => plan(adopted, live)).toThrow(/belongs to stack "team-b", which this manifest never changes/);
  });

  it('keeps an owned project that holds something galctl did not create, and deletes the rest of it', () => {
    const live = liveWith(desired, { owned: true });
    live.unmanaged = [
      { kind: 'project', name: 'old', id: 'p1', owned: true },
      { kind: 'template', name: 'mine', id: 't1', project: 'old', owned: true },
      { kind: 'log_stream', name: 'by-hand', id: 'l1', project: 'old', owned: false },
      { kind: 'project', name: 'gone', id: 'p2', owned: true },
      { kind: 'experiment', name: 'e', id: 'e2', project: 'gone', owned: true },
    ];
    const p = plan(desired, live, { prune: true });
    expect(p.changes.filter((c) => c.action === 'delete').map((c) => c.address)).toEqual(['project.gone.experiment.e', 'project.old.template.mine', 'project.gone']);
    expect(p.unmanaged.find((u) => u.name === 'old')!.reason).toBe('it holds resources galctl did not create or that are protected');
  });
});
