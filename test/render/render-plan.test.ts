import { describe, expect, it } from 'vitest';
import type { Plan, PlanChange } from '../../src/plan/types.js';
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

describe('renderPlanText', () => {
  it('renders each action with field changes, the unmanaged list and the summary line', () => {
    expect(renderPlanText(mixedPlan(), { color: false })).toMatchInlineSnapshot(`
      "galctl plan: galileo.yaml against http://127.0.0.1:4000

        ~ project.p  update in place
            ~ description: "old" → "new"

        + scorer.fresh  create
            + model: "GPT-4o mini"
            + name: "fresh"
            + node_types: ["chat","llm"]
            + output_type: "percentage"
            + prompt: |
            +     Is it polite?
            +     {output}
            + scorer_type: "llm"

        ± scorer.q  new version
            ~ prompt:
                  @@ -1,4 +1,4 @@
            -     Rate the answer.
            +     Rate the answer strictly.
                  Input: {input}
                  Output: {output}


      -/+ project.p.experiment.e  replace (delete, then create)
            # dataset changed from "a" to "b": an experiment's inputs are fixed at creation
            ~ dataset: "a" → "b"

        + project.p.experiment.e.scorers  create
            + preset:correctness

        - scorer.legacy  delete
            # not in the manifest; created by galctl (--prune)

      Unmanaged (left alone):
        dataset "hand-made" (not created by galctl)

      Warning: this plan deletes 1 resource from Galileo.
      Plan: 2 to create, 1 new version, 1 to update, 1 to replace, 1 to delete, 0 to ingest.
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

        + scorer.response-length  create
            + code: |
            +     def scorer_fn(step_object, **kwargs) -> float:
            +         return 1.0
            + name: "response-length"
            + node_types: ["trace"]
            + scorer_type: "code"

        + scorer.response-quality  create
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

        + project.demo.experiment.prompt-eval  create
            + dataset: "capitals"
            + name: "prompt-eval"
            + template: "concise"
            + dataset_version: (known after apply)
            + template_version: (known after apply)

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
      'replace project.p.experiment.e',
      'create project.p.experiment.e.scorers',
      'delete scorer.legacy',
    ]);
    expect(Object.keys(parsed.changes[3]!)).toEqual(['address', 'kind', 'action', 'name', 'project', 'id', 'fields', 'depends_on', 'reason']);
    const ids = /"id": "[^"]+"|"[a-z0-9.:-]+": "[0-9a-f]{16}"/g; // live ids and fingerprints differ per build
    expect(renderPlanJson(mixedPlan()).replace(ids, 'x')).toBe(json.replace(ids, 'x'));
  });
});

describe('renderPlanMarkdown', () => {
  it('renders a summary, a destroy banner, a table and collapsible diffs', () => {
    expect(renderPlanMarkdown(mixedPlan())).toMatchInlineSnapshot(`
      "### galctl plan

      **Plan: 2 to create, 1 new version, 1 to update, 1 to replace, 1 to delete, 0 to ingest.**

      > [!CAUTION]
      > This plan **deletes 1 resource** from Galileo.

      | Action | Count |
      | --- | ---: |
      | + create | 2 |
      | ± new version | 1 |
      | ~ update in place | 1 |
      | -/+ replace (delete, then create) | 1 |
      | - delete | 1 |
      | unchanged | 2 |

      <details><summary><code>~ project.p</code> update in place</summary>

      \`\`\`diff
      ~ description: "old" → "new"
      \`\`\`

      </details>
      <details><summary><code>+ scorer.fresh</code> create</summary>

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
      <details><summary><code>± scorer.q</code> new version</summary>

      \`\`\`diff
      ~ prompt:
            @@ -1,4 +1,4 @@
      -     Rate the answer.
      +     Rate the answer strictly.
            Input: {input}
            Output: {output}

      \`\`\`

      </details>
      <details><summary><code>-/+ project.p.experiment.e</code> replace (delete, then create)</summary>

      \`\`\`diff
      # dataset changed from "a" to "b": an experiment's inputs are fixed at creation
      ~ dataset: "a" → "b"
      \`\`\`

      </details>
      <details><summary><code>+ project.p.experiment.e.scorers</code> create</summary>

      \`\`\`diff
      + preset:correctness
      \`\`\`

      </details>
      <details><summary><code>- scorer.legacy</code> delete</summary>

      \`\`\`diff
      # not in the manifest; created by galctl (--prune)
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
    const shown = (md.match(/<details>/g) ?? []).length;
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
