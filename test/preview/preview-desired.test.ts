import { describe, expect, it } from 'vitest';
import type { Action, InventoryRow, Plan } from '../../src/core/plan-types.js';
import { indexInventory, parsePreviewStack, previewStack } from '../../src/engine/ownership.js';
import { previewDesired } from '../../src/preview/preview-desired.js';
import { previewLeftovers } from '../../src/preview/preview-leftovers.js';
import { custom, desiredDataset, desiredExperiment, desiredLogStream, desiredOf, desiredProject, desiredScorer, desiredTemplate, preset } from '../helpers/builders.js';

/** A plan that only says which action each address gets (what previewDesired reads). */
function planWith(actions: Record<string, Action>): Plan {
  const changes = Object.entries(actions).map(([address, action]) => ({ address, action, kind: 'project' as const, name: address, fields: [], depends_on: [] }));
  return { format_version: '1', manifest: 'm', desired_hash: '', api_url: '', created_at: '', changes, summary: { create: 0, update: 0, 'new-version': 0, replace: 0, delete: 0, ingest: 0, 'no-op': 0 }, fingerprints: {}, unmanaged: [] };
}

const desired = {
  ...desiredOf(
    desiredProject({ key: 'demo', description: 'main project' }),
    desiredScorer({ key: 'judge' }),
    desiredScorer({ key: 'other' }),
    desiredDataset({ key: 'qa' }),
    desiredTemplate({ key: 'concise', project: 'demo' }),
    desiredTemplate({ key: 'fresh', project: 'demo' }),
    desiredLogStream({ key: 'production', project: 'demo', scorers: [custom('judge')] }),
    desiredExperiment({ key: 'changed', project: 'demo', dataset: 'qa', template: 'concise', scorers: [custom('judge'), preset('correctness')], keepRuns: 3 }),
    desiredExperiment({ key: 'uses-fresh', project: 'demo', template: 'fresh', scorers: [custom('other')] }),
    desiredExperiment({ key: 'same', project: 'demo', dataset: 'qa', scorers: [custom('other')] }),
  ),
  stack: 'demo',
};

describe('previewDesired', () => {
  const preview = previewDesired(
    desired,
    planWith({
      'scorer.judge': 'new-version',
      'dataset.qa': 'no-op',
      'project.demo': 'update',
      'project.demo.template.concise': 'new-version',
      'project.demo.template.fresh': 'create',
      'project.demo.experiment.changed': 'create',
      'project.demo.experiment.uses-fresh': 'create',
      'project.demo.experiment.same': 'no-op',
      'project.demo.log_stream.production': 'update',
    }),
    { id: 'pr-7', commit: 'abcdef1234567' },
  );
  const byAddress = new Map(preview.desired.resources.map((r) => [r.address, r]));

  it('takes the experiments with a new run and what they use; never a log stream or an unchanged experiment', () => {
    expect(preview.experiments).toEqual(['project.demo.experiment.changed', 'project.demo.experiment.uses-fresh']);
    expect([...byAddress.keys()].sort()).toEqual(
      ['dataset.qa', 'project.demo', 'project.demo.experiment.changed', 'project.demo.experiment.uses-fresh', 'project.demo.template.concise', 'project.demo.template.fresh', 'scorer.judge', 'scorer.other'].sort(),
    );
  });

  it('copies changed scorers and new templates, versions changed templates, keeps what did not change', () => {
    expect(byAddress.get('scorer.judge')?.name).toBe('judge [preview pr-7]');
    expect(byAddress.get('scorer.other')?.name).toBe('other');
    expect(byAddress.get('dataset.qa')?.name).toBe('qa');
    expect(byAddress.get('project.demo.template.fresh')?.name).toBe('fresh [preview pr-7]');
    expect(byAddress.get('project.demo.template.concise')?.name).toBe('concise');
    expect(preview.versioned).toEqual(['project.demo.template.concise']);
    expect(preview.owned.sort()).toEqual(['project.demo.experiment.changed', 'project.demo.experiment.uses-fresh', 'project.demo.template.fresh', 'scorer.judge']);
  });

  it('names the runs by id and commit, drops keep_runs, leaves the project fields unmanaged, uses the preview stack', () => {
    const e = byAddress.get('project.demo.experiment.changed');
    expect(e).toMatchObject({ name: 'changed [preview pr-7 abcdef1]', adopt: false, protect: false });
    expect(e).not.toHaveProperty('keepRuns');
    expect(byAddress.get('project.demo')).not.toHaveProperty('description');
    expect(preview.desired.stack).toBe('demo/preview/pr-7');
  });

  it('takes the global template an experiment runs: a copy when it changed, main\'s own when not', () => {
    const shared = { ...desiredTemplate({ key: 'shared', project: 'demo' }), kind: 'global_template' as const, address: 'global_template.shared', project: undefined };
    const withGlobal = { ...desiredOf(...desired.resources, shared, desiredExperiment({ key: 'global', project: 'demo', dataset: 'qa', globalTemplate: 'shared', scorers: [] })), stack: 'demo' };
    const run = (action: Action) => previewDesired(withGlobal, planWith({ 'global_template.shared': action, 'project.demo.experiment.global': 'create' }), { id: 'pr-8', commit: 'abcdef1' });
    const changed = run('new-version');
    expect(changed.desired.resources.find((r) => r.address === 'global_template.shared')?.name).toBe('shared [preview pr-8]');
    expect(changed.owned).toContain('global_template.shared');
    const same = run('no-op');
    expect(same.desired.resources.find((r) => r.address === 'global_template.shared')?.name).toBe('shared');
    expect(same.owned).not.toContain('global_template.shared');
  });

  it('has nothing to preview when no experiment gets a new run', () => {
    expect(previewDesired(desired, planWith({ 'scorer.judge': 'new-version' }), { id: 'pr-1', commit: 'abcdef1' }).experiments).toEqual([]);
  });
});

const row = (stack: string, id: string, writtenAt?: string): InventoryRow => ({ rowId: `r-${id}`, kind: 'experiment', project: 'demo', name: `x ${id}`, protected: false, stack, id, ...(writtenAt === undefined ? {} : { writtenAt }) });

describe('preview stacks in the inventory', () => {
  it('name the parent stack and the id; any other stack is none', () => {
    expect(parsePreviewStack(previewStack('demo', 'pr-7'))).toEqual({ stack: 'demo', id: 'pr-7' });
    expect(parsePreviewStack('demo')).toBeUndefined();
  });

  it("a preview owns its parent stack's objects and its own; the parent sees the preview's as another stack's", () => {
    const rows = [row('demo', 'main-1'), row('demo/preview/pr-7', 'prev-1'), row('other', 'o-1')];
    const asPreview = indexInventory(rows, 'demo/preview/pr-7');
    expect(asPreview('experiment', { id: 'main-1', name: 'x' }, 'demo').owned).toBe(true);
    expect(asPreview('experiment', { id: 'prev-1', name: 'x' }, 'demo').owned).toBe(true);
    expect(asPreview('experiment', { id: 'o-1', name: 'x' }, 'demo')).toMatchObject({ owned: false, ownerStack: 'other' });
    expect(indexInventory(rows, 'demo')('experiment', { id: 'prev-1', name: 'x' }, 'demo')).toMatchObject({ owned: false, ownerStack: 'demo/preview/pr-7' });
  });

  it('lists the previews whose newest row is older than the max age, with the destroy command', () => {
    const rows = [
      row('demo/preview/pr-7', 'a', '2026-01-01T00:00:00Z'),
      row('demo/preview/pr-7', 'b', '2026-01-05T00:00:00Z'),
      row('demo/preview/pr-8', 'c', '2026-01-09T12:00:00Z'),
      row('other/preview/pr-9', 'd', '2026-01-01T00:00:00Z'),
      row('demo', 'e', '2026-01-01T00:00:00Z'),
    ];
    const day = 86_400_000;
    expect(previewLeftovers(rows, 'demo', { now: new Date('2026-01-10T00:00:00Z'), maxAgeMs: 2 * day, manifest: 'galileo.yaml' })).toEqual([
      { id: 'pr-7', objects: 2, last_written: '2026-01-05T00:00:00.000Z', command: 'galctl preview --destroy --id pr-7 -f galileo.yaml' },
    ]);
    expect(previewLeftovers(rows, 'demo', { now: new Date('2026-01-10T00:00:00Z'), maxAgeMs: 7 * day, manifest: 'galileo.yaml' })).toEqual([]);
  });
});
