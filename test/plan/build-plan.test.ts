import { describe, expect, it } from 'vitest';
import { GalctlError } from '../../src/core/errors.js';
import type { DesiredLlmScorer } from '../../src/core/desired-types.js';
import type { ExperimentState, Plan, ScorerState } from '../../src/core/plan-types.js';
import {
  PLAN_INPUT,
  planOf,
  custom,
  desiredCodeScorer,
  desiredDataset,
  desiredExperiment,
  desiredLogStream,
  desiredOf,
  desiredProject,
  desiredScorer,
  desiredTemplate,
  emptyLive,
  liveMatching,
  preset,
  sampleDesired,
} from '../helpers/builders.js';

const plan = planOf;

const actionsOf = (p: Plan): Record<string, string> =>
  Object.fromEntries(p.changes.filter((c) => c.action !== 'no-op').map((c) => [c.address, c.action]));

const TRACES = 'project.demo.log_stream.production.traces';

describe('buildPlan', () => {
  it('plans every resource as create, in dependency order, against an empty org', () => {
    const p = plan(sampleDesired(), emptyLive(), { traceCounts: { [TRACES]: { total: 5, present: 0 } } });
    expect(p.changes.map((c) => `${c.action} ${c.address}`)).toEqual([
      'create project.demo',
      'create scorer.response-length',
      'create scorer.response-quality',
      'create dataset.capitals',
      'create project.demo.template.concise',
      'create project.demo.log_stream.production',
      'create project.demo.experiment.prompt-eval',
      'create project.demo.experiment.prompt-eval.scorers',
      'create project.demo.log_stream.production.scorers',
      'ingest project.demo.log_stream.production.traces',
    ]);
    expect(p.summary).toEqual({ create: 9, update: 0, 'new-version': 0, replace: 0, delete: 0, ingest: 1, 'no-op': 0 });
    const exp = p.changes.find((c) => c.address === 'project.demo.experiment.prompt-eval')!;
    expect(exp.depends_on).toEqual(['dataset.capitals', 'project.demo', 'project.demo.template.concise', 'scorer.response-quality']);
    expect(exp.fields).toContainEqual({ path: 'dataset_version', known_after_apply: true });
    const settings = p.changes.find((c) => c.address === 'project.demo.log_stream.production.scorers')!;
    expect(settings.scorers).toEqual({ added: ['code:response-length', 'llm:response-quality', 'preset:context_adherence'], removed: [] });
    expect(settings.depends_on).toEqual(['project.demo.log_stream.production', 'scorer.response-length', 'scorer.response-quality']);
    const traces = p.changes.find((c) => c.address === TRACES)!;
    expect(traces.traces).toEqual({ new: 5, present: 0, file: 'traces/prod.jsonl' });
    const dataset = p.changes.find((c) => c.address === 'dataset.capitals')!;
    expect(dataset.rows).toMatchObject({ added: 2, removed: 0, changed: 0 });
    expect(p.fingerprints).toEqual({});
    expect(p).toMatchObject({ format_version: '1', manifest: 'galileo.yaml', api_url: 'http://127.0.0.1:4000', created_at: PLAN_INPUT.now });
  });

  it('no change appears before something it depends on', () => {
    const p = plan(sampleDesired(), emptyLive());
    const seen = new Set<string>();
    for (const c of p.changes) {
      for (const d of c.depends_on) expect(seen.has(d), `${c.address} after ${d}`).toBe(true);
      seen.add(c.address);
    }
  });

  it('is all no-op when live matches, despite server defaults, placeholders and order', () => {
    const desired = sampleDesired();
    const p = plan(desired, liveMatching(desired), { traceCounts: { [TRACES]: { total: 5, present: 5 } } });
    expect(actionsOf(p)).toEqual({});
    expect(p.summary['no-op']).toBe(p.changes.length);
    expect(Object.keys(p.fingerprints)).toHaveLength(9);
  });

  it('is no-op for a message-list template read back as a JSON string, and for a code scorer with CRLF', () => {
    const desired = desiredOf(
      desiredProject({ key: 'p' }),
      desiredTemplate({ key: 't', project: 'p', template: [{ role: 'system', content: 'Be brief.' }, { role: 'user', content: '{{input}}' }], settings: undefined }),
      desiredCodeScorer({ key: 'c', code: 'def scorer_fn(s) -> int:\r\n    return 1   \r\n\r\n' }),
    );
    expect(actionsOf(plan(desired, liveMatching(desired)))).toEqual({});
  });

  it('turns an edited LLM prompt into exactly one new-version step with a line diff', () => {
    const desired = sampleDesired();
    const live = liveMatching(desired);
    const edited = desiredOf(
      ...desired.resources.map((r) =>
        r.kind === 'scorer' && r.scorerType === 'llm' ? { ...r, prompt: 'Rate the answer strictly.\nInput: {input}\nOutput: {output}\n' } : r,
      ),
    );
    const p = plan(edited, live, { traceCounts: { [TRACES]: { total: 5, present: 5 } } });
    // the experiment that uses the scorer gets a new run (issue 17); the log stream keeps its scorer set
    expect(actionsOf(p)).toEqual({
      'scorer.response-quality': 'new-version',
      'project.demo.experiment.prompt-eval': 'create',
      'project.demo.experiment.prompt-eval.scorers': 'create',
    });
    const change = p.changes.find((c) => c.action === 'new-version')!;
    expect(change.fields).toHaveLength(1);
    expect(change.fields[0]!.path).toBe('prompt');
    expect(change.fields[0]!.diff).toBe('@@ -1,4 +1,4 @@\n-Rate the answer.\n+Rate the answer strictly.\n Input: {input}\n Output: {output}\n ');
  });

  it.each<[string, Partial<DesiredLlmScorer>, string, string[]]>([
    ['a shell field → update', { description: 'new words' }, 'update', ['description']],
    ['tags in another order → no-op', { tags: ['b', 'a'] }, 'no-op', []],
    ['model → new-version', { model: 'GPT-4o' }, 'new-version', ['model']],
    ['judges and a shell field → one new-version listing both', { judges: 5, nodeTypes: ['llm'] }, 'new-version', ['judges', 'node_types']],
    ['chain of thought → new-version', { chainOfThought: true }, 'new-version', ['chain_of_thought']],
  ])('scorer: %s', (_name, change, action, paths) => {
    const before = desiredOf(desiredScorer({ key: 's', tags: ['a', 'b'], judges: 3, chainOfThought: false }));
    const after = desiredOf(desiredScorer({ key: 's', tags: ['a', 'b'], judges: 3, chainOfThought: false, ...change }));
    const p = plan(after, liveMatching(before));
    expect(p.changes[0]!.action).toBe(action);
    expect(p.changes[0]!.fields.map((f) => f.path)).toEqual(paths);
  });

  it('leaves unmanaged scorer fields alone: live model, judges, input type set by the server', () => {
    const desired = desiredOf(desiredScorer({ key: 's', model: undefined, judges: undefined }));
    const live = liveMatching(desired);
    (live.resources['scorer.s']!.state as ScorerState).model = 'gpt-4.1-mini';
    expect(actionsOf(plan(desired, live))).toEqual({});
  });

  it('reports a changed code scorer as new-version', () => {
    const before = desiredOf(desiredCodeScorer({ key: 'c' }));
    const after = desiredOf(desiredCodeScorer({ key: 'c', code: 'def scorer_fn(s) -> float:\n    return 0.5\n' }));
    const p = plan(after, liveMatching(before));
    expect(p.changes[0]).toMatchObject({ action: 'new-version', fields: [{ path: 'code' }] });
  });

  it('reports a template text or settings change as new-version, ignoring server-filled settings', () => {
    const before = desiredOf(desiredProject({ key: 'p' }), desiredTemplate({ key: 't', project: 'p' }));
    const after = desiredOf(desiredProject({ key: 'p' }), desiredTemplate({ key: 't', project: 'p', settings: { model_alias: 'GPT-4o mini', temperature: 0.5 } }));
    const p = plan(after, liveMatching(before));
    expect(actionsOf(p)).toEqual({ 'project.p.template.t': 'new-version' });
    expect(p.changes[1]!.fields).toEqual([{ path: 'settings.temperature', before: 0, after: 0.5 }]);
  });

  it('updates a project description', () => {
    const before = desiredOf(desiredProject({ key: 'p', description: 'a' }));
    const p = plan(desiredOf(desiredProject({ key: 'p', description: 'b' })), liveMatching(before));
    expect(p.changes[0]).toMatchObject({ action: 'update', fields: [{ path: 'description', before: 'a', after: 'b' }] });
  });

  it('settles a dataset by its stored hash without rows, and diffs rows when the hash differs', () => {
    const before = desiredOf(desiredDataset({ key: 'd' }));
    expect(actionsOf(plan(before, liveMatching(before)))).toEqual({});
    const after = desiredOf(
      desiredDataset({ key: 'd', rows: [{ input: 'capital of France?', output: 'Paris' }, { input: 'capital of Italy?', output: 'Rome' }, { input: 'x', output: 'y' }] }),
    );
    const live = liveMatching(before);
    live.resources['dataset.d']!.state = {
      ...live.resources['dataset.d']!.state,
      contentHash: 'old',
      rows: [
        { rowId: 'r1', values: { input: 'capital of France?', output: 'Paris' } },
        { rowId: 'r2', values: { input: 'capital of Japan?', output: 'Tokyo' } },
      ],
    };
    const p = plan(after, live);
    expect(p.changes[0]).toMatchObject({ action: 'new-version', rows: { added: 1, removed: 0, changed: 1 } });
    expect(p.changes[0]!.rows!.sample).toEqual(['~ {"input":"capital of Japan?","output":"Tokyo"} → {"input":"capital of Italy?","output":"Rome"}', '+ {"input":"x","output":"y"}']);
  });

  it('only names the version of a dataset whose rows match though no hash was stored (rows in another order, numbers as text)', () => {
    const desired = desiredOf(desiredDataset({ key: 'd', columns: ['input', 'n'], rows: [{ input: 'a', n: 1 }, { input: 'b', n: 2 }] }));
    const live = liveMatching(desired);
    live.resources['dataset.d']!.state = {
      ...live.resources['dataset.d']!.state,
      contentHash: null,
      rows: [
        { rowId: 'r2', values: { input: 'b', n: '2' } },
        { rowId: 'r1', values: { input: 'a', n: '1' } },
      ],
    };
    const p = plan(desired, live);
    expect(actionsOf(p)).toEqual({ 'dataset.d': 'update' });
    const r = desired.resources[0] as { contentHash: string };
    expect(p.changes[0]!.fields).toEqual([{ path: 'version_name', before: null, after: `galctl:sha256:${r.contentHash}` }]);
    expect(p.changes[0]!.rows).toBeUndefined();
  });

  it('plans a new run of an experiment whose dataset changed, with the reason; the earlier run stays', () => {
    const desired = desiredOf(
      desiredProject({ key: 'p' }),
      desiredDataset({ key: 'a' }),
      desiredDataset({ key: 'b' }),
      desiredExperiment({ key: 'e', project: 'p', dataset: 'a', scorers: [preset('correctness')] }),
    );
    const live = liveMatching(desired);
    const changed = desiredOf(...desired.resources.map((r) => (r.kind === 'experiment' ? { ...r, dataset: 'b' } : r)));
    const p = plan(changed, live, { traceCounts: {} });
    expect(actionsOf(p)).toEqual({ 'project.p.experiment.e': 'create', 'project.p.experiment.e.scorers': 'create' });
    const run = p.changes.find((c) => c.address === 'project.p.experiment.e')!;
    expect(run.name).toMatch(/^e · [0-9a-f]{10}$/);
    expect(run.id).toBeUndefined();
    expect(run.run?.reasons).toEqual(['inputs changed (the previous run records no inputs galctl can read)']);
    expect(run.reason).toBe('new run: inputs changed (the previous run records no inputs galctl can read)');
    expect(p.changes.filter((c) => c.action === 'delete' || c.action === 'replace')).toEqual([]);
  });

  it('updates a log stream whose scorer set changed, naming added and removed scorers; an experiment gets a new run', () => {
    const before = desiredOf(
      desiredProject({ key: 'p' }),
      desiredScorer({ key: 's' }),
      desiredLogStream({ key: 'l', project: 'p', scorers: [custom('s')] }),
      desiredExperiment({ key: 'e', project: 'p', scorers: [custom('s')] }),
    );
    const after = desiredOf(...before.resources.map((r) => (r.kind === 'log_stream' || r.kind === 'experiment' ? { ...r, scorers: [preset('completeness')] } : r)));
    const p = plan(after, liveMatching(before));
    expect(actionsOf(p)).toEqual({ 'project.p.log_stream.l.scorers': 'update', 'project.p.experiment.e': 'create', 'project.p.experiment.e.scorers': 'create' });
    expect(p.changes.find((c) => c.action === 'update')!.scorers).toEqual({ added: ['preset:completeness'], removed: ['llm:s'] });
  });

  it('ingests only the new traces, and nothing when all are present', () => {
    const desired = sampleDesired();
    const live = liveMatching(desired);
    expect(actionsOf(plan(desired, live, { traceCounts: { [TRACES]: { total: 7, present: 5 } } }))).toEqual({ [TRACES]: 'ingest' });
    const p = plan(desired, live, { traceCounts: { [TRACES]: { total: 7, present: 5 } } });
    expect(p.changes.find((c) => c.address === TRACES)!.traces).toEqual({ new: 2, present: 5, file: 'traces/prod.jsonl' });
  });

  it('throws a GalctlError naming a preset that Galileo does not have and where it is used', () => {
    const desired = desiredOf(desiredProject({ key: 'p' }), desiredExperiment({ key: 'e', project: 'p', scorers: [preset('corectness')] }));
    expect(() => plan(desired, emptyLive())).toThrow(GalctlError);
    expect(() => plan(desired, emptyLive())).toThrow('preset scorer "corectness" used by project.p.experiment.e does not exist in Galileo');
  });

  it('--target keeps the targeted addresses and what they depend on', () => {
    const p = plan(sampleDesired(), emptyLive(), { targets: ['project.demo.experiment.prompt-eval'] });
    expect(p.changes.map((c) => c.address)).toEqual([
      'project.demo',
      'scorer.response-quality',
      'dataset.capitals',
      'project.demo.template.concise',
      'project.demo.experiment.prompt-eval',
      'project.demo.experiment.prompt-eval.scorers',
    ]);
    expect(p.targets).toEqual(['project.demo.experiment.prompt-eval']);
    const q = plan(sampleDesired(), emptyLive(), { targets: ['scorer.response-quality'] });
    expect(q.changes.map((c) => c.address)).toEqual(['scorer.response-quality']);
    expect(() => plan(sampleDesired(), emptyLive(), { targets: ['scorer.nope'] })).toThrow('--target "scorer.nope" matches no address in the plan');
  });

  it('--prune deletes owned unmanaged objects children first, and leaves the others listed', () => {
    const desired = desiredOf(desiredProject({ key: 'demo' }));
    const live = liveMatching(desired);
    live.unmanaged = [
      { kind: 'project', name: 'old', id: 'id-old', owned: true },
      { kind: 'experiment', name: 'e1', id: 'id-e1', project: 'old', owned: true },
      { kind: 'scorer', name: 'legacy', id: 'id-s', owned: true },
      { kind: 'dataset', name: 'hand-made', id: 'id-d', owned: false },
    ];
    const p = plan(desired, live, { prune: true });
    expect(p.changes.filter((c) => c.action === 'delete').map((c) => c.address)).toEqual(['project.old.experiment.e1', 'project.old', 'scorer.legacy']);
    expect(p.changes.find((c) => c.address === 'project.old')!.depends_on).toEqual(['project.old.experiment.e1']);
    expect(p.unmanaged.map((u) => u.name)).toEqual(['hand-made']);
    expect(p.summary.delete).toBe(3);
    const noPrune = plan(desired, live);
    expect(noPrune.summary.delete).toBe(0);
    // without prune: the stack's orphans are listed (they count as changes), the hand-made dataset is not
    expect(noPrune.unmanaged.map((u) => [u.name, u.orphan])).toEqual([['old', true], ['e1', true], ['legacy', true]]);
  });

  it('hashes the desired state: equal manifests give equal hashes, any edit moves it', () => {
    const a = plan(sampleDesired(), emptyLive()).desired_hash;
    expect(plan(sampleDesired(), emptyLive()).desired_hash).toBe(a);
    const edited = desiredOf(...sampleDesired().resources.map((r) => (r.kind === 'dataset' ? desiredDataset({ key: r.key, rows: [] }) : r)));
    expect(plan(edited, emptyLive()).desired_hash).not.toBe(a);
  });

  it('never puts a key-like value from the environment in the plan', () => {
    const p = plan(sampleDesired(), emptyLive());
    expect(JSON.stringify(p)).not.toMatch(/api[_-]?key/i);
  });

  it('keeps the live experiment names it compares by remote name', () => {
    const desired = desiredOf(desiredProject({ key: 'p' }), desiredDataset({ key: 'd', name: 'Remote D' }), desiredExperiment({ key: 'e', project: 'p', dataset: 'd' }));
    const live = liveMatching(desired);
    expect((live.resources['project.p.experiment.e']!.state as ExperimentState).dataset).toBe('Remote D');
    expect(actionsOf(plan(desired, live))).toEqual({});
  });
});
