import { describe, expect, it } from 'vitest';
import { GalctlError } from '../../src/errors.js';
import { buildPlan } from '../../src/plan/build-plan.js';
import { contentHashOfVersionName, normalizeDataset, normalizeProject, normalizeScorer } from '../../src/plan/normalize-live.js';
import {
  childOwnershipLabel,
  childProtectionLabel,
  datasetVersionName,
  ownershipOfChild,
  ownershipOfDatasetVersion,
  PROTECTED_MARKER,
  withMarkers,
  OWNERSHIP_TAG,
} from '../../src/plan/ownership.js';
import type { Desired, DesiredResource } from '../../src/manifest/types.js';
import type { LiveState, Plan } from '../../src/plan/types.js';
import {
  PLAN_INPUT,
  desiredDataset,
  desiredExperiment,
  desiredOf,
  desiredProject,
  desiredScorer,
  desiredTemplate,
  liveMatching,
} from '../helpers/builders.js';

const plan = (desired: Desired, live: LiveState, extra: Partial<Parameters<typeof buildPlan>[0]> = {}): Plan =>
  buildPlan({ desired, live, ...PLAN_INPUT, ...extra });

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
  it('reads ownership and protection from tags, labels and dataset version names', () => {
    expect(ownershipOfChild([childOwnershipLabel('template', 'concise')], 'template', 'concise')).toEqual({ owned: true, protected: false });
    expect(ownershipOfChild([childOwnershipLabel('template', 'concise')], 'experiment', 'concise')).toEqual({ owned: false, protected: false });
    expect(ownershipOfChild([childProtectionLabel('log_stream', 'prod')], 'log_stream', 'prod')).toEqual({ owned: false, protected: true });
    expect(ownershipOfDatasetVersion(datasetVersionName('ab12', true))).toEqual({ owned: true, protected: true });
    expect(ownershipOfDatasetVersion(datasetVersionName('ab12', false))).toEqual({ owned: true, protected: false });
    expect(ownershipOfDatasetVersion('v2 by alice')).toEqual({ owned: false, protected: false });
    expect(contentHashOfVersionName('galctl:protected:sha256:ab12')).toBe('ab12');
    expect(contentHashOfVersionName('galctl:sha256:ab12')).toBe('ab12');
    expect(contentHashOfVersionName('sha256:ab12')).toBeNull();
  });

  it('hides every galctl marker from the compared state', () => {
    const p = normalizeProject({ id: 'p', name: 'demo', labels: ['team-a', 'galctl:managed', PROTECTED_MARKER, childOwnershipLabel('template', 't')] } as never);
    expect(p.state.labels).toEqual(['team-a']);
    expect([p.owned, p.protected]).toEqual([true, true]);
    const s = normalizeScorer({ id: 's', name: 'q', scorer_type: 'llm', tags: ['x', OWNERSHIP_TAG] } as never);
    expect(s.state.tags).toEqual(['x']);
    expect([s.owned, s.protected]).toEqual([true, false]);
    const d = normalizeDataset({ id: 'd', name: 'd', current_version_index: 2 } as never, { version_index: 1, name: 'galctl:sha256:aa' } as never);
    expect(d.owned).toBe(false); // a stored marker counts only on the current version
  });

  it('withMarkers keeps the user values, keeps other galctl markers, sets and unsets its own', () => {
    const live = ['a', OWNERSHIP_TAG, PROTECTED_MARKER, childOwnershipLabel('template', 't')];
    expect(withMarkers(['b'], live, { unset: [PROTECTED_MARKER] }).sort()).toEqual(['b', OWNERSHIP_TAG, childOwnershipLabel('template', 't')].sort());
    expect(withMarkers(undefined, live, {}).sort()).toEqual(live.sort());
    expect(withMarkers(['x'], undefined, { set: [OWNERSHIP_TAG] })).toEqual(['x', OWNERSHIP_TAG]);
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

  it('a live protection marker guards a replace even when the manifest dropped protect', () => {
    const desired = desiredOf(desiredProject({ key: 'p' }), desiredDataset({ key: 'd' }), desiredDataset({ key: 'd2' }), desiredExperiment({ key: 'e', project: 'p', dataset: 'd' }));
    const live = liveWith(desired, { owned: true, protected: false });
    const moved = desiredOf(...desired.resources.map((r) => (r.kind === 'experiment' ? { ...r, dataset: 'd2' } : r)));
    live.resources['project.p.experiment.e']!.protected = true;
    const change = plan(moved, live).changes.find((c) => c.address === 'project.p.experiment.e')!;
    expect(change.action).toBe('replace');
    expect(change.protect).toBe(true);
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
