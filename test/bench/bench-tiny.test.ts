/**
 * `npm run bench` cannot rot: the whole bench pipeline (compile, generate an org, the simulator in its own process,
 * every row as its own process, the warm-up, the baselines, the null sink, the targets, the notes, the results
 * file) runs end to end at `--scale tiny`. Asserts the structure and the request counts, never a timing.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const run = promisify(execFile);
const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const RESULTS = join(ROOT, 'bench/RESULTS.md');

interface Measured {
  wallMs: number;
  requests: number;
  byRoute: Record<string, number>;
  peakRssMb: number;
  cpuMs: number;
}
interface Row {
  key: string;
  scenario: string;
  m: Measured;
  resources: number;
  bound?: { requests: number; ms: number; formula: string };
  tracesPerS?: number;
  wallsMs?: number[];
}
interface Target {
  id: string;
  target: string;
  measured: number;
  bound: number;
  met: boolean;
}
interface BenchJson {
  scale: string;
  counts: { declared: number; logStreams: number; experiments: number; datasets: number; codeScorers: number };
  rows: Row[];
  targets: Target[];
  notes: string[];
}

const int = (n: number): string => Math.round(n).toLocaleString('en-US');

describe('npm run bench -- --scale tiny', () => {
  let dir: string;
  let md: string;
  let json: BenchJson;
  let resultsBefore: { mtimeMs: number; text: string };

  beforeAll(async () => {
    resultsBefore = { mtimeMs: (await stat(RESULTS)).mtimeMs, text: await readFile(RESULTS, 'utf8') };
    dir = await mkdtemp(join(tmpdir(), 'galctl-bench-test-'));
    // what `npm run bench` does after `npm run build` (npm test builds dist/ first)
    await run(process.execPath, [join(ROOT, 'node_modules/typescript/bin/tsc'), '-p', join(ROOT, 'bench/tsconfig.json')], { cwd: ROOT });
    await run(process.execPath, [
      join(ROOT, 'bench/out/bench/run-bench.js'), '--scale', 'tiny', '--latency-ms', '5',
      '--out', join(dir, 'RESULTS.md'), '--json', join(dir, 'results.json'), '--profile-limit', '1', '--runs', '2',
    ], { cwd: ROOT, maxBuffer: 64 * 2 ** 20 });
    md = await readFile(join(dir, 'RESULTS.md'), 'utf8');
    json = JSON.parse(await readFile(join(dir, 'results.json'), 'utf8')) as BenchJson;
  }, 240_000);

  afterAll(async () => {
    if (dir !== undefined) await rm(dir, { recursive: true, force: true });
  });

  it('measures every row, each its own process, and leaves bench/RESULTS.md alone', async () => {
    expect(json.scale).toBe('tiny');
    expect(json.rows.map((r) => r.key)).toEqual(['apply', 'noop', 'changed', 'noop0', 'noopCold', 'gets', 'refresh', 'ingestSink', 'ingestSim']);
    for (const r of json.rows) {
      expect(r.m.peakRssMb, r.key).toBeGreaterThan(0);
      expect(r.m.requests, r.key).toBeGreaterThan(0);
      expect(md).toContain(`| ${r.scenario} |`);
    }
    for (const r of json.rows.filter((x) => x.key.startsWith('ingest'))) expect(r.tracesPerS, r.key).toBeGreaterThan(0);
    // --runs 2: every row but the apply (it needs an empty simulator) ran twice and shows its median (the slower) run
    for (const r of json.rows) {
      expect(r.wallsMs, r.key).toHaveLength(r.key === 'apply' ? 1 : 2);
      expect(r.m.wallMs, r.key).toBe(Math.max(...(r.wallsMs ?? [])));
      if (r.key !== 'apply') expect(md, r.key).toMatch(new RegExp(`\\| ${r.scenario.replace(/[.*+?^${}()|[\]\\`]/g, '\\$&')} \\| [^|]+\\| [^|]+\\| 2: [\\d.]+, [\\d.]+ s \\|`));
    }
    expect(md).toMatch(/^Machine: .+, \d+ cores, \d+ GB RAM, .+, Node v\d+/m);
    expect(md).toMatch(/^Load \(1 \/ 5 \/ 15-minute load averages\): [\d.]+ \/ [\d.]+ \/ [\d.]+ at the start/m);
    expect(await stat(RESULTS).then((s) => s.mtimeMs)).toBe(resultsBefore.mtimeMs);
    expect(await readFile(RESULTS, 'utf8')).toBe(resultsBefore.text);
  });

  it('counts every request: the baselines send exactly their bound, galctl at least its bound', () => {
    const row = (k: string): Row => json.rows.find((r) => r.key === k) as Row;
    expect(row('gets').m.requests).toBe(json.counts.declared);
    expect(row('refresh').m.requests).toBe(row('refresh').bound?.requests);
    for (const k of ['apply', 'noop', 'changed', 'noop0', 'noopCold']) expect(row(k).m.requests, k).toBeGreaterThanOrEqual(row(k).bound?.requests ?? Infinity);
    // the inventory is read by every plan and written by the apply, and counted
    expect(row('noop').m.byRoute['GET /datasets/:dataset_id/content']).toBeGreaterThanOrEqual(1);
    expect(row('apply').m.byRoute['PATCH /datasets/:dataset_id/content']).toBeGreaterThanOrEqual(1);
    // the apply's bound counts the writes Galileo cannot take in fewer requests: one POST per run tag written, and
    // the scorer settings of every run (the experiments are created without trigger)
    const tags = row('apply').m.byRoute['POST /projects/:project_id/experiments/:experiment_id/tags'] ?? 0;
    expect(tags).toBeGreaterThan(0);
    expect(row('apply').bound?.formula).toContain(`${int(tags)} run tags`);
    expect(row('apply').bound?.formula).toContain(`${int(json.counts.experiments)} experiment scorer settings`);
  });

  it('evaluates every target of issue 22, met or missed, in the file', () => {
    expect(json.targets.map((t) => t.id)).toEqual(['noop-ratio', 'noop-requests', 'apply-ratio', 'ingest-sink', 'ingest-sim', 'plan-rss', 'apply-rss', 'noop0-wall']);
    for (const t of json.targets) {
      expect(Number.isFinite(t.measured), t.id).toBe(true);
      expect(md).toContain(`| ${t.target} |`);
    }
    const lines = md.split('\n').filter((l) => json.targets.some((t) => l.startsWith(`| ${t.target} |`)));
    expect(lines).toHaveLength(json.targets.length);
    for (const l of lines) expect(l).toMatch(/\| (met|\*\*missed\*\*) \|$/);
  });

  it('computes the notes from the measured figures', () => {
    const row = (k: string): Row => json.rows.find((r) => r.key === k) as Row;
    const sideBySide = json.notes.find((n) => n.startsWith('Side by side'));
    expect(sideBySide).toContain(`no-op plan sent ${int(row('noop').m.requests)} requests in ${(row('noop').m.wallMs / 1000).toFixed(2)} s`);
    expect(sideBySide).toContain(`${int(row('refresh').m.requests)} in ${(row('refresh').m.wallMs / 1000).toFixed(2)} s`);
    expect(json.notes.find((n) => n.startsWith('Settled simulator'))).toMatch(/warm-up read \(\d+ requests/);
    // one note per missed target, naming it and its measured value
    const missed = json.targets.filter((t) => !t.met);
    for (const t of missed) expect(json.notes.some((n) => n.startsWith(`**Missed: ${t.target}**`)), t.id).toBe(true);
    // --profile-limit 1: the first missed timing target's row is run again under the CPU profiler
    if (missed.some((t) => t.id === 'noop-ratio')) {
      expect(json.notes.find((n) => n.startsWith('**Missed: no-op plan within'))).toMatch(/CPU profile of "`galctl plan`, no-op" \(run again under --cpu-prof, untimed; the whole process, start-up included\): [\d.]+ s sampled; by area: .+%; top functions by self time: .+%/);
    }
    expect(json.notes.filter((n) => n.startsWith('**Missed:'))).toHaveLength(missed.length);
    for (const n of json.notes) expect(md).toContain(n);
  });
});
