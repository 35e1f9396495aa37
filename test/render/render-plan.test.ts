import { describe, expect, it } from 'vitest';
import type { Plan, PlanChange } from '../../src/core/plan-types.js';
import { renderPlanJson } from '../../src/render/render-plan-json.js';
import { renderPlanMarkdown } from '../../src/render/render-plan-markdown.js';
import { renderPlanText } from '../../src/render/render-plan-text.js';
import {
  planOf,
  desiredDataset,
  desiredExperiment,
  desiredOf,
  desiredProject,
  desiredScorer,
  emptyLive,
  liveMatching,
  preset,
  custom,
  sampleDesired,
} from '../helpers/builders.js';

const TRACES = 'project.demo.log_stream.production.traces';
const plan = planOf;

/** A plan with one of each action. */
function mixedPlan(): Plan {
  const before = desiredOf(
    desiredProject({ key: 'p', description: 'old' }),
    desiredScorer({ key: 'q' }),
    desiredDataset({ key: 'a' }),
    desiredDataset({ key: 'b' }),
    desiredExperiment({ key: 'e', project: 'p', dataset: 'a', scorers: [preset('correctness')] }),
  );
  const live = liveMatching(before);
  live.unmanaged = [
    { kind: 'scorer', name: 'legacy', id: 'id-legacy', owned: true },
    { kind: 'dataset', name: 'hand-made', id: 'id-hand', owned: false },
  ];
  const after = desiredOf(
    desiredProject({ key: 'p', description: 'new' }),
    desiredScorer({ key: 'q', prompt: 'Rate the answer strictly.\nInput: {input}\nOutput: {output}\n' }),
    desiredScorer({ key: 'fresh', prompt: 'Is it polite?\n{output}' }),
    desiredDataset({ key: 'a' }),
    desiredDataset({ key: 'b' }),
    desiredExperiment({ key: 'e', project: 'p', dataset: 'b', scorers: [preset('correctness')] }),
  );
  return plan(after, live, { prune: true });
}

/** What a reviewer must see: a new run of a changed experiment, a delete, a changed dataset row, a new run pinning versions, traces. */
function reviewPlan(): Plan {
  const before = desiredOf(
    desiredProject({ key: 'p' }),
    desiredDataset({ key: 'a' }),
    desiredDataset({ key: 'b' }),
    desiredDataset({ key: 'd' }),
    desiredExperiment({ key: 'e', project: 'p', dataset: 'a' }),
  );
  const live = liveMatching(before);
  live.resources['dataset.d']!.state = {
    ...live.resources['dataset.d']!.state,
    contentHash: 'old',
    rows: [
      { rowId: 'r1', values: { input: 'capital of France?', output: 'Paris' } },
      { rowId: 'r2', values: { input: 'capital of Japan?', output: 'Osaka' } },
    ],
  };
  live.unmanaged = [{ kind: 'experiment', name: 'old-run', id: 'id-old', project: 'p', owned: true }];
  const after = desiredOf(
    desiredProject({ key: 'p' }),
    desiredScorer({ key: 'judge', prompt: 'Is it right?\n{output}' }),
    desiredDataset({ key: 'a' }),
    desiredDataset({ key: 'b' }),
    desiredDataset({ key: 'd' }),
    desiredExperiment({ key: 'e', project: 'p', dataset: 'b' }),
    desiredExperiment({ key: 'nightly', project: 'p', dataset: 'd', scorers: [custom('judge')] }),
    desiredExperiment({ key: 'online', project: 'p', trigger: false, traces: { file: '/repo/traces/online.jsonl', loc: { file: '/repo/galileo.yaml', line: 1, col: 1 } } }),
  );
  const traceCounts = { 'project.p.experiment.online.traces': { total: 40, present: 0 } };
  return plan(after, live, { prune: true, traceCounts });
}

describe('the plan for a reviewer', () => {
  it('text: shows trigger, pinned versions, old → new rows, a new run with its reasons and estimate, and scorer types', () => {
    expect(renderPlanText(reviewPlan(), { color: false })).toMatchInlineSnapshot(`
      "galctl plan: galileo.yaml against http://127.0.0.1:4000

        + scorer.judge (llm)  create
            + model: "GPT-4o mini"
            + name: "judge"
            + node_types: ["chat","llm"]
            + output_type: "percentage"
            + prompt: |
            +     Is it right?
            +     {output}
            + scorer_type: "llm"

        ± dataset.d  new version
            ~ rows: +0 -0 ~1
            ~     {"input":"capital of Japan?","output":"Osaka"} → {"input":"capital of Japan?","output":"Tokyo"}

        + project.p.experiment.e  new run
            # new run: inputs changed (the previous run records no inputs galctl can read)
            # estimate: 2 rows, 0 judge calls, 0 generation calls
            + dataset: "b"
            + name: "e · acd8b81621"
            + trigger: true
            + dataset_version: 1

        + project.p.experiment.nightly  new run
            # new run: first run
            # estimate: 2 rows, 6 judge calls, 0 generation calls
            + dataset: "d"
            + name: "nightly · d5aa8b0a58"
            + trigger: true
            + dataset_version: (the version this apply makes)

        + project.p.experiment.online  new run
            # new run: first run
            # estimate: 0 rows, 0 judge calls, 0 generation calls
            + name: "online · 394ca26cbc"
            + trigger: false

        + project.p.experiment.nightly.scorers  create
            + llm:judge

        > project.p.experiment.online.traces  ingest
            > 40 new traces from traces/online.jsonl

        - project.p.experiment.old-run  delete
            # not in the manifest; created by galctl (--prune)

      Warning: this plan deletes 1 resource from Galileo.
      Plan: 5 to create, 1 new version, 0 to update, 0 to replace, 1 to delete, 1 to ingest.
      "
    `);
  });

  it('markdown: summary first, caution banners, then deletes, replaces and traces, then the rest by project', () => {
    expect(renderPlanMarkdown(reviewPlan())).toMatchInlineSnapshot(`
      "### galctl plan

      **Plan: 5 to create, 1 new version, 0 to update, 0 to replace, 1 to delete, 1 to ingest.**

      > [!CAUTION]
      > This plan **deletes 1 resource** from Galileo.

      | Action | Count |
      | --- | ---: |
      | + create | 5 |
      | ± new version | 1 |
      | - delete | 1 |
      | > ingest | 1 |
      | unchanged | 5 |

      #### Deletes, replaces and traces

      <details open><summary><code>> project.p.experiment.online.traces</code> ingest</summary>

      \`\`\`diff
      > 40 new traces from traces/online.jsonl
      \`\`\`

      </details>
      <details open><summary><code>- project.p.experiment.old-run</code> delete</summary>

      \`\`\`diff
      # not in the manifest; created by galctl (--prune)
      \`\`\`

      </details>

      #### Other changes

      **Scorers and datasets**

      <details><summary><code>+ scorer.judge (llm)</code> create</summary>

      \`\`\`diff
      + model: "GPT-4o mini"
      + name: "judge"
      + node_types: ["chat","llm"]
      + output_type: "percentage"
      + prompt: |
      +     Is it right?
      +     {output}
      + scorer_type: "llm"
      \`\`\`

      </details>
      <details><summary><code>± dataset.d</code> new version</summary>

      \`\`\`diff
      ~ rows: +0 -0 ~1
      ~     {"input":"capital of Japan?","output":"Osaka"} → {"input":"capital of Japan?","output":"Tokyo"}
      \`\`\`

      </details>

      <details><summary>Project <code>p</code>: 4 changes</summary>

      <details><summary><code>+ project.p.experiment.e</code> new run</summary>

      \`\`\`diff
      # new run: inputs changed (the previous run records no inputs galctl can read)
      # estimate: 2 rows, 0 judge calls, 0 generation calls
      + dataset: "b"
      + name: "e · acd8b81621"
      + trigger: true
      + dataset_version: 1
      \`\`\`

      </details>
      <details><summary><code>+ project.p.experiment.nightly</code> new run</summary>

      \`\`\`diff
      # new run: first run
      # estimate: 2 rows, 6 judge calls, 0 generation calls
      + dataset: "d"
      + name: "nightly · d5aa8b0a58"
      + trigger: true
      + dataset_version: (the version this apply makes)
      \`\`\`

      </details>
      <details><summary><code>+ project.p.experiment.online</code> new run</summary>

      \`\`\`diff
      # new run: first run
      # estimate: 0 rows, 0 judge calls, 0 generation calls
      + name: "online · 394ca26cbc"
      + trigger: false
      \`\`\`

      </details>
      <details><summary><code>+ project.p.experiment.nightly.scorers</code> create</summary>

      \`\`\`diff
      + llm:judge
      \`\`\`

      </details>

      </details>

      "
    `);
  });

  it('json: carries the scorer type, trigger and pinned versions', () => {
    const json = JSON.parse(renderPlanJson(reviewPlan())) as { changes: { address: string; scorer_type?: string; fields: { path: string; after?: unknown; known_after_apply?: boolean }[] }[] };
    const byAddress = new Map(json.changes.map((c) => [c.address, c]));
    expect(byAddress.get('scorer.judge')?.scorer_type).toBe('llm');
    expect(byAddress.get('project.p.experiment.nightly')?.fields).toEqual(expect.arrayContaining([{ path: 'trigger', after: true }, { path: 'dataset_version', known_after_apply: true }]));
    expect(byAddress.get('project.p.experiment.e')?.fields).toEqual(expect.arrayContaining([{ path: 'trigger', after: true }, { path: 'dataset_version', after: 1 }]));
  });
});

describe('renderPlanText', () => {
  it('renders each action with field changes, the unmanaged list and the summary line', () => {
    expect(renderPlanText(mixedPlan(), { color: false })).toMatchInlineSnapshot(`
      "galctl plan: galileo.yaml against http://127.0.0.1:4000

        ~ project.p  update in place
            ~ description: "old" → "new"

        + scorer.fresh (llm)  create
            + model: "GPT-4o mini"
            + name: "fresh"
            + node_types: ["chat","llm"]
            + output_type: "percentage"
            + prompt: |
            +     Is it polite?
            +     {output}
            + scorer_type: "llm"

        ± scorer.q (llm)  new version
            ~ prompt:
                  @@ -1,4 +1,4 @@
            -     Rate the answer.
            +     Rate the answer strictly.
                  Input: {input}
                  Output: {output}


        + project.p.experiment.e  new run
            # new run: inputs changed (the previous run records no inputs galctl can read)
            # estimate: 2 rows, 6 judge calls, 0 generation calls
            + dataset: "b"
            + name: "e · 40cb06f454"
            + trigger: true
            + dataset_version: 1

        + project.p.experiment.e.scorers  create
            + preset:correctness

        - scorer.legacy  delete
            # not in the manifest; created by galctl (--prune)

      Unmanaged (left alone):
        dataset "hand-made" (not created by galctl)

      Warning: this plan deletes 1 resource from Galileo.
      Plan: 3 to create, 1 new version, 1 to update, 0 to replace, 1 to delete, 0 to ingest.
      "
    `);
  });

  it('says so when nothing changes', () => {
    const desired = sampleDesired();
    const text = renderPlanText(plan(desired, liveMatching(desired), { traceCounts: { [TRACES]: { total: 2, present: 2 } } }), { color: false });
    expect(text).toMatchInlineSnapshot(`
      "galctl plan: galileo.yaml against http://127.0.0.1:4000

      No changes. Galileo matches the manifest.
      "
    `);
  });

  it('renders creates with multi-line values, rows, scorers and traces', () => {
    const text = renderPlanText(plan(sampleDesired(), emptyLive(), { traceCounts: { [TRACES]: { total: 3, present: 0 } } }), { color: false });
    expect(text).toMatchInlineSnapshot(`
      "galctl plan: galileo.yaml against http://127.0.0.1:4000

        + project.demo  create
            + description: "demo project"
            + name: "demo"

        + scorer.response-length (code)  create
            + code: |
            +     def scorer_fn(step_object, **kwargs) -> float:
            +         return 1.0
            + name: "response-length"
            + node_types: ["trace"]
            + scorer_type: "code"

        + scorer.response-quality (llm)  create
            + model: "GPT-4o mini"
            + name: "response-quality"
            + node_types: ["chat","llm"]
            + output_type: "percentage"
            + prompt: |
            +     Rate the answer.
            +     Input: {input}
            +     Output: {output}
            +
            + scorer_type: "llm"

        + dataset.capitals  create
            + columns: ["input","output"]
            + name: "capitals"
            + rows: +2 -0 ~0
            +     {"input":"capital of France?","output":"Paris"}
            +     {"input":"capital of Japan?","output":"Tokyo"}

        + project.demo.template.concise  create
            + name: "concise"
            + settings.model_alias: "GPT-4o mini"
            + settings.temperature: 0
            + template: |
            +     Answer concisely.
            +
            +     Question: {{input}}
            +
            +     Answer:

        + project.demo.log_stream.production  create
            + name: "production"

        + project.demo.experiment.prompt-eval  new run
            # new run: first run
            # estimate: 2 rows, 12 judge calls, 2 generation calls
            + dataset: "capitals"
            + name: "prompt-eval · ee94cd2c15"
            + template: "concise"
            + trigger: true
            + dataset_version: (the version this apply makes)
            + template_version: (the version this apply makes)

        + project.demo.experiment.prompt-eval.scorers  create
            + llm:response-quality
            + preset:correctness

        + project.demo.log_stream.production.scorers  create
            + code:response-length
            + llm:response-quality
            + preset:context_adherence

        > project.demo.log_stream.production.traces  ingest
            > 3 new traces from traces/prod.jsonl

      Plan: 9 to create, 0 new versions, 0 to update, 0 to replace, 0 to delete, 1 to ingest.
      "
    `);
  });

  it('colours only when asked', () => {
    const p = mixedPlan();
    expect(renderPlanText(p, { color: false })).not.toContain('\u001b[');
    expect(renderPlanText(p, { color: true })).toContain('\u001b[32m');
  });
});

describe('renderPlanJson', () => {
  it('prints format_version, summary and changes without no-ops, keys in a stable order', () => {
    const json = renderPlanJson(mixedPlan());
    const parsed = JSON.parse(json) as Record<string, unknown> & { changes: PlanChange[] };
    expect(Object.keys(parsed)).toEqual(['format_version', 'manifest', 'desired_hash', 'api_url', 'created_at', 'summary', 'changes', 'unmanaged', 'fingerprints']);
    expect(parsed['format_version']).toBe('1');
    expect(parsed.changes.map((c) => `${c.action} ${c.address}`)).toEqual([
      'update project.p',
      'create scorer.fresh',
      'new-version scorer.q',
      'create project.p.experiment.e',
      'create project.p.experiment.e.scorers',
      'delete scorer.legacy',
    ]);
    expect(Object.keys(parsed.changes[3]!)).toEqual(['address', 'kind', 'action', 'name', 'project', 'fields', 'depends_on', 'reason', 'run']);
    const ids = /"id": "[^"]+"|"[a-z0-9.:-]+": "[0-9a-f]{16}"/g; // live ids and fingerprints differ per build
    expect(renderPlanJson(mixedPlan()).replace(ids, 'x')).toBe(json.replace(ids, 'x'));
  });
});

describe('renderPlanMarkdown', () => {
  it('renders a summary, a destroy banner, a table and collapsible diffs', () => {
    expect(renderPlanMarkdown(mixedPlan())).toMatchInlineSnapshot(`
      "### galctl plan

      **Plan: 3 to create, 1 new version, 1 to update, 0 to replace, 1 to delete, 0 to ingest.**

      > [!CAUTION]
      > This plan **deletes 1 resource** from Galileo.

      | Action | Count |
      | --- | ---: |
      | + create | 3 |
      | ± new version | 1 |
      | ~ update in place | 1 |
      | - delete | 1 |
      | unchanged | 2 |

      #### Deletes, replaces and traces

      <details open><summary><code>- scorer.legacy</code> delete</summary>

      \`\`\`diff
      # not in the manifest; created by galctl (--prune)
      \`\`\`

      </details>

      #### Other changes

      **Scorers and datasets**

      <details><summary><code>+ scorer.fresh (llm)</code> create</summary>

      \`\`\`diff
      + model: "GPT-4o mini"
      + name: "fresh"
      + node_types: ["chat","llm"]
      + output_type: "percentage"
      + prompt: |
      +     Is it polite?
      +     {output}
      + scorer_type: "llm"
      \`\`\`

      </details>
      <details><summary><code>± scorer.q (llm)</code> new version</summary>

      \`\`\`diff
      ~ prompt:
            @@ -1,4 +1,4 @@
      -     Rate the answer.
      +     Rate the answer strictly.
            Input: {input}
            Output: {output}

      \`\`\`

      </details>

      **Project <code>p</code>**

      <details><summary><code>~ project.p</code> update in place</summary>

      \`\`\`diff
      ~ description: "old" → "new"
      \`\`\`

      </details>
      <details><summary><code>+ project.p.experiment.e</code> new run</summary>

      \`\`\`diff
      # new run: inputs changed (the previous run records no inputs galctl can read)
      # estimate: 2 rows, 6 judge calls, 0 generation calls
      + dataset: "b"
      + name: "e · 40cb06f454"
      + trigger: true
      + dataset_version: 1
      \`\`\`

      </details>
      <details><summary><code>+ project.p.experiment.e.scorers</code> create</summary>

      \`\`\`diff
      + preset:correctness
      \`\`\`

      </details>


      <details><summary>1 unmanaged (left alone)</summary>

      - dataset \`hand-made\`

      </details>
      "
    `);
  });

  it('stays under the limit on a huge plan and says how many changes it left out', () => {
    const scorers = Array.from({ length: 600 }, (_, i) => desiredScorer({ key: `s${String(i).padStart(3, '0')}`, prompt: `${'long prompt line\n'.repeat(20)}${i}` }));
    const md = renderPlanMarkdown(plan(desiredOf(...scorers), emptyLive()));
    expect(md.length).toBeLessThan(60_000);
    expect(md).toMatch(/\n… \d+ more changes not shown; run galctl plan locally for the full plan\n$/);
    const shown = (md.match(/<details><summary><code>/g) ?? []).length;
    expect(md).toContain(`… ${600 - shown} more changes`);
  });

  it('cannot be broken out of its code fence by backticks in a prompt', () => {
    const md = renderPlanMarkdown(plan(desiredOf(desiredScorer({ key: 's', prompt: 'use ```json\n{}\n```' })), emptyLive()));
    expect(md).toContain('````diff');
  });

  it('says no changes when there are none', () => {
    const desired = desiredOf(desiredProject({ key: 'p' }));
    expect(renderPlanMarkdown(plan(desired, liveMatching(desired)))).toBe('### galctl plan\n\n**No changes. Galileo matches the manifest.**\n\n');
  });
});
