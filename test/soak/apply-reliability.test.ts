import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { Prng } from '../../src/sim/prng.js';
import { applyDurationMs, applyStepCount, baselineCounts, concurrentRun, crashRun, faultRun, type RunReport, type Target } from '../reliability/apply-runs.js';
import { writeLargeManifest } from '../reliability/generate-manifest.js';

// The long runs of issue 10, each bounded by its test timeout, all against the simulator on 127.0.0.1:
// 30 seeded fault runs (the examples and a 200-resource manifest), 20 SIGKILLs at random points, 10 concurrent
// apply pairs. Figures are printed at the end of each test.

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const EXAMPLES: Target[] = ['galileo.yaml.example', 'examples/prompt-template/galileo.yaml', 'examples/pre-generated-outputs/galileo.yaml',
  'examples/raw-traces/galileo.yaml', 'examples/log-stream-monitoring/galileo.yaml'].map((manifest) => ({ manifest, cwd: ROOT }));
const work = mkdtempSync(path.join(tmpdir(), 'galctl-soak-'));
const LARGE: Target = { manifest: writeLargeManifest(work, 200), cwd: work };
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('soak: faults, crashes, concurrency', () => {
  it('30 seeded apply runs under faults converge with no duplicates', async () => {
    const baselines = new Map<Target, Record<string, number>>();
    for (const t of [...EXAMPLES, LARGE]) baselines.set(t, await baselineCounts(t));
    const runs: { target: string; seed: number; report: RunReport }[] = [];
    for (let i = 0; i < 30; i++) {
      const target = i < 15 ? (EXAMPLES[i % EXAMPLES.length] as Target) : LARGE;
      const report = await faultRun(target, 1000 + i, baselines.get(target) ?? {}, 8);
      runs.push({ target: path.basename(path.dirname(target.manifest)) || target.manifest, seed: 1000 + i, report });
    }
    const sum = (f: (r: RunReport) => number): number => runs.reduce((n, r) => n + f(r.report), 0);
    console.log(`faults soak: ${runs.length} runs, ${sum((r) => r.requests)} requests, faults injected: ${sum((r) => r.faults.injected)} 5xx, ${sum((r) => r.faults.rate_limited)} 429, ${sum((r) => r.faults.dropped)} dropped before processing, ${sum((r) => r.faults.after_5xx)} 5xx and ${sum((r) => r.faults.after_dropped)} dropped after processing; apply attempts ${sum((r) => r.attempts)} (max ${Math.max(...runs.map((r) => r.report.attempts))}); converged ${runs.filter((r) => r.report.converged && r.report.replanCode === 0).length}/${runs.length}; duplicates ${sum((r) => r.duplicates.length)}; missing ${sum((r) => r.missing.length)}`);
    for (const r of runs) {
      expect(r.report.duplicates, `seed ${r.seed} ${r.target}`).toEqual([]);
      expect(r.report.missing, `seed ${r.seed} ${r.target}`).toEqual([]);
      expect(r.report.converged && r.report.replanCode === 0, `seed ${r.seed} ${r.target}: ${r.report.failures.join(' / ')}`).toBe(true);
    }
  }, 30 * 60_000);

  it('20 SIGKILLs at random steps: each re-run converges with no duplicates', async () => {
    const rng = new Prng(2020);
    const targets = [EXAMPLES[0] as Target, LARGE];
    const baselines = new Map<Target, Record<string, number>>();
    const stepCounts = new Map<Target, number>();
    for (const t of targets) {
      baselines.set(t, await baselineCounts(t));
      stepCounts.set(t, await applyStepCount(t));
    }
    const results: { steps: number; target: string; killed: boolean; ok: boolean; duplicates: string[]; why: string }[] = [];
    for (let i = 0; i < 20; i++) {
      const target = i % 2 === 0 ? targets[0] as Target : LARGE;
      // a kill point inside the uninterrupted apply (counted above in finished steps), never after its last step
      const steps = 1 + Math.floor(rng.next() * Math.max(1, (stepCounts.get(target) ?? 2) - 1));
      const r = await crashRun(target, 3000 + i, steps, baselines.get(target) ?? {});
      results.push({ steps, target: target === LARGE ? 'large' : 'example', killed: r.killed, ok: r.resumed.code === 0 && r.replanCode === 0, duplicates: [...r.duplicates, ...r.missing], why: `${r.resumed.code}/${r.replanCode} ${r.resumed.stderr.slice(0, 300)} ${r.resumed.stdout.split('\n').filter((l) => /FAILED/.test(l)).slice(0, 3).join(' | ')}` });
    }
    console.log(`crash soak: ${results.length} runs, ${results.filter((r) => r.killed).length} killed mid-apply at ${results.map((r) => `${r.target}@${r.steps}steps${r.killed ? '' : '(finished first)'}`).join(', ')}; converged ${results.filter((r) => r.ok).length}; duplicates ${results.reduce((n, r) => n + r.duplicates.length, 0)}`);
    for (const r of results) {
      expect(r.duplicates, `${r.target} killed after ${r.steps} steps`).toEqual([]);
      expect(r.ok, `${r.target} killed after ${r.steps} steps: ${r.why}`).toBe(true);
    }
    expect(results.filter((r) => r.killed).length).toBeGreaterThanOrEqual(15);
  }, 30 * 60_000);

  it('10 pairs of concurrent applies leave no duplicate named resources', async () => {
    const targets = [EXAMPLES[0] as Target, EXAMPLES[1] as Target, LARGE];
    const baselines = new Map<Target, Record<string, number>>();
    const durations = new Map<Target, number>();
    for (const t of targets) {
      baselines.set(t, await baselineCounts(t));
      durations.set(t, await applyDurationMs(t));
    }
    const results: { target: string; codes: number[]; duplicates: string[]; extraVersions: string[]; ok: boolean }[] = [];
    for (let i = 0; i < 10; i++) {
      const target = targets[i % targets.length] as Target;
      const r = await concurrentRun(target, 4000 + i, baselines.get(target) ?? {});
      // the issue asks for no duplicate NAMED resources: two racing runs may each add an identical version to a
      // scorer the other just created (no lock in Galileo's API); those are counted and reported, not failed
      const named = (d: string): boolean => !d.split(':').slice(0, -1).join(':').includes('#');
      results.push({ target: target.manifest, codes: r.codes, duplicates: [...r.duplicates.filter(named), ...r.missing], extraVersions: r.duplicates.filter((d) => !named(d)), ok: r.settleCode === 0 && r.replanCode === 0 });
    }
    console.log(`concurrency soak: ${results.length} pairs, exit codes ${results.map((r) => r.codes.join('+')).join(', ')}; duplicate named resources ${results.reduce((n, r) => n + r.duplicates.length, 0)}; extra identical versions from racing runs: ${JSON.stringify(results.flatMap((r) => r.extraVersions))}`);
    for (const r of results) {
      expect(r.duplicates, r.target).toEqual([]);
      expect(r.ok, r.target).toBe(true);
    }
  }, 20 * 60_000);
});
