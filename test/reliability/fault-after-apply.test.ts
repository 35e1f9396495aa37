import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { FaultKnobs } from '../../src/sim/start-simulator.js';
import { applyOnce, replan, startSoakSim, type Target } from './apply-runs.js';
import { compareCounts, countObjects } from './sim-audit.js';

// The server did the work, then the answer was lost: with the fault-after knob on one route (every request to it
// processed, then answered 502/503/504 or dropped), two applies (create, then new versions and row edits) must
// each succeed at once, leave exactly what a fault-free run leaves (no duplicate object, version or row edit),
// and the re-plan must be empty.

const work = mkdtempSync(path.join(tmpdir(), 'galctl-fault-after-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** v1 creates everything; v2 changes the LLM prompt, the code, the template text and a dataset row. */
function manifest(v: 1 | 2): Target {
  const dir = path.join(work, `v${v}`);
  mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(dir, 'len.py'), `def scorer_fn(step_object, **kwargs) -> float:\n    return ${v === 1 ? '1.0' : '0.5'}\n`);
  writeFileSync(path.join(dir, 'galileo.yaml'), `version: 1
scorers:
  judge:
    type: llm
    node_types: [llm]
    output_type: percentage
    model: GPT-4o mini
    prompt: "Rate it (v${v}). Input: {input} Output: {output}"
  len:
    type: code
    node_types: [trace]
    file: len.py
datasets:
  qa:
    rows:
      - { input: "q1", output: "a1" }
      - { input: "q2", output: "${v === 1 ? 'a2' : 'a2 changed'}" }
projects:
  lost-answers:
    templates:
      t:
        template: "Answer (v${v}): {{input}}"
        settings: { model_alias: GPT-4o mini, temperature: 0 }
    log_streams:
      prod:
        scorers: [judge, len]
    experiments:
      eval:
        dataset: qa
        template: t
        scorers: [judge]
`);
  return { manifest: path.join(dir, 'galileo.yaml'), cwd: dir };
}

const V1 = manifest(1);
const V2 = manifest(2);

/** v1 then v2 on a fresh simulator with `faults` on; the counts left, the exit codes and the faults fired. */
async function run(faults: Partial<FaultKnobs>): Promise<{ counts: Record<string, number>; codes: number[]; replan: number; output: string; lost: number; statuses: Record<string, number> }> {
  const sim = await startSoakSim(7);
  try {
    sim.setFaults(faults);
    const codes: number[] = [];
    let output = '';
    for (const t of [V1, V2]) {
      const r = await applyOnce(t, sim);
      codes.push(r.code);
      output += r.stdout + r.stderr;
    }
    const re = await replan(V2, sim, 1);
    const stats = sim.stats();
    return { counts: countObjects(sim.state()), codes, replan: re.code, output: output + re.stdout + re.stderr, lost: stats.faults.after_5xx + stats.faults.after_dropped, statuses: stats.by_status };
  } finally {
    await sim.close();
  }
}

/** Every create and non-idempotent write galctl sends: every answer on the route is lost, until the test ends. */
const VERSIONS_AND_EDITS = ['POST /scorers/{id}/version/llm', 'POST /scorers/{id}/version/code', 'POST /templates/{id}/versions', 'PATCH /datasets/{id}/content'];
const CREATES = ['POST /projects', 'POST /scorers', 'POST /datasets', 'POST /projects/{id}/templates', 'POST /projects/{id}/log_streams', 'POST /projects/{id}/experiments'];
type Kind = FaultKnobs['faultAfterKinds'][number];
const ALL_KINDS: Kind[] = [503, 502, 504, 'drop'];
const CASES: [string, Kind, number][] = [
  ...VERSIONS_AND_EDITS.flatMap((route) => ALL_KINDS.map((kind): [string, Kind, number] => [route, kind, 0])),
  ...CREATES.flatMap((route) => ([503, 'drop'] as Kind[]).map((kind): [string, Kind, number] => [route, kind, 0])),
  // an upsert is re-sent as it is (idempotent): only its first answer is lost, or it could never succeed
  ['POST /projects/{id}/runs/{id}/scorer-settings', 503, 1],
  ['POST /projects/{id}/runs/{id}/scorer-settings', 'drop', 1],
  // a run's tag: the re-send finds its key taken ("already exists"), which is done when the run holds that tag
  ['POST /projects/{id}/experiments/{id}/tags', 503, 1],
  ['POST /projects/{id}/experiments/{id}/tags', 'drop', 1],
];

describe('a create or edit processed, then its answer lost', () => {
  let baseline: Record<string, number> | undefined;
  const expected = async (): Promise<Record<string, number>> => {
    if (baseline === undefined) {
      const clean = await run({});
      expect(clean.codes).toEqual([0, 0]);
      baseline = clean.counts;
    }
    return baseline;
  };

  it.each(CASES)('%s answered %s after processing (limit %i): no duplicate, empty re-plan', async (route, kind, limit) => {
    const want = await expected();
    const r = await run({ faultAfterRate: 1, faultAfterRoutes: [route], faultAfterKinds: [kind], faultAfterLimit: limit });
    expect(r.lost, `the knob never fired on ${route}`).toBeGreaterThan(0);
    if (kind !== 'drop') expect(r.statuses[String(kind)]).toBeGreaterThan(0);
    const audit = compareCounts(r.counts, want);
    expect(audit.duplicates, r.output).toEqual([]);
    expect(audit.missing, r.output).toEqual([]);
    expect(r.codes, r.output).toEqual([0, 0]);
    expect(r.replan, r.output).toBe(0);
  }, 60_000);
});
