/**
 * The notes of bench/RESULTS.md, every one computed from the figures of the same run: the baselines side by side,
 * the warm-up, the ingest against its null sink, the machine's load, and for each missed target where the time (or
 * memory, or the requests) went.
 */
import type { Row, RowKey, TargetCheck } from './targets.js';
import { formatValue, ratioOf } from './targets.js';

export interface NoteInputs {
  rows: readonly Row[];
  targets: readonly TargetCheck[];
  concurrency: number;
  cores: number;
  load: { start: number; end: number };
  warmUp: { requests: number; simCpuMs: number | undefined; idleWaitMs: number };
  /** the org's scale: the targets are set for `large` */
  scale: string;
  /** per row, its CPU profile (an untimed re-run under --cpu-prof), described */
  profiles: Partial<Record<RowKey, string>>;
}

const s = (ms: number): string => `${(ms / 1000).toFixed(2)} s`;
const int = (n: number): string => Math.round(n).toLocaleString('en-US');
const pct = (part: number, whole: number): string => `${Math.round((100 * part) / whole)}%`;
const x = (a: number, b: number): string => `${(a / b).toFixed(2)}×`;

function byKey(rows: readonly Row[]): (k: RowKey) => Row {
  return (k) => {
    const r = rows.find((y) => y.key === k);
    if (r === undefined) throw new Error(`no ${k} row`);
    return r;
  };
}

export function computeNotes(n: NoteInputs): string[] {
  const row = byKey(n.rows);
  const noop = row('noop');
  const gets = row('gets');
  const refresh = row('refresh');
  const sink = row('ingestSink');
  const sim = row('ingestSim');
  const notes: string[] = [];
  if (n.scale !== 'large') notes.push(`Scale \`${n.scale}\`: the targets are set for the large org; at this scale they are evaluated all the same and say little.`);
  notes.push(
    `Side by side against the same simulator: galctl's no-op plan sent ${int(noop.m.requests)} requests in ${s(noop.m.wallMs)}; ` +
      `the Terraform-style refresh with the same information ${int(refresh.m.requests)} in ${s(refresh.m.wallMs)} ` +
      `(galctl: ${x(refresh.m.requests, noop.m.requests)} fewer requests, ${x(noop.m.wallMs, refresh.m.wallMs)} its wall time); ` +
      `one GET per resource alone ${int(gets.m.requests)} in ${s(gets.m.wallMs)}. The baselines get their ids free from a state file and load no manifest; galctl finds everything by name and loads and hashes the manifest's files.`,
  );
  const cold = row('noopCold');
  notes.push(
    `galctl's local cache (\`.galctl/cache\`: the manifest's parse, file digests, dataset hashes, trace ids) is warm for the plan rows, filled by the apply and the rows before; ` +
      `removed, the same no-op plan took ${s(cold.m.wallMs)} (${s(cold.m.cpuMs)} of CPU, ${cold.m.peakRssMb} MB) against ${s(noop.m.wallMs)} (${s(noop.m.cpuMs)}, ${noop.m.peakRssMb} MB) warm, ` +
      `and sent ${int(cold.m.requests)} requests against ${int(noop.m.requests)}: a CI job that does not keep the folder between runs sees the first.`,
  );
  const warm = n.warmUp;
  notes.push(
    `Settled simulator: after the apply, an untimed warm-up read (${int(warm.requests)} requests, in no row) had the simulator score the ingested traces` +
      `${warm.simCpuMs === undefined ? '' : ` (${s(warm.simCpuMs)} of its CPU)`}; before each row the bench waited for the simulator's CPU to go idle (${s(warm.idleWaitMs)} in all).`,
  );
  if (sink.tracesPerS !== undefined && sim.tracesPerS !== undefined && sink.tracesPerS > 0 && sim.tracesPerS > 0) {
    const traces = sink.resources;
    const simCost = traces / sim.tracesPerS - traces / sink.tracesPerS;
    notes.push(
      `Ingest of ${int(traces)} traces: ${int(sink.tracesPerS)} traces/s against the null sink (galctl's CPU ${s(sink.m.cpuMs)}, ` +
        `${((1000 * sink.m.cpuMs) / traces).toFixed(1)} µs per trace), ${int(sim.tracesPerS)} traces/s against the simulator at ${sim.latencyMs} ms latency ` +
        `(${s(1000 * Math.max(0, simCost))} more${simCost > 0 ? ', the simulator\'s share of the 2 cores and its answers' : ''}).`,
    );
  }
  const busy = Math.max(n.load.start, n.load.end) > n.cores;
  notes.push(
    `Load: 1-minute load average ${n.load.start.toFixed(2)} at the start and ${n.load.end.toFixed(2)} at the end on ${n.cores} cores` +
      `${busy ? ': other processes competed for the cores, so the wall times are inflated' : ''}; each row's load is in the table.`,
  );
  for (const t of n.targets.filter((y) => !y.met)) notes.push(missNote(t, n.rows, n.concurrency, n.profiles));
  return notes;
}

/** Why a target was missed, from its row's figures: where the time, memory or requests went. */
function missNote(t: TargetCheck, rows: readonly Row[], concurrency: number, profiles: NoteInputs['profiles']): string {
  const row = byKey(rows);
  // a CPU profile explains time and throughput; memory and request counts have their own figures above
  const timed = t.unit === '×' || t.unit === 's' || t.unit === 'traces/s';
  const cpu = !timed ? '' : t.rows.flatMap((k) => {
    const p = profiles[k];
    return p === undefined ? [] : [` CPU profile of "${row(k).scenario}" (run again under --cpu-prof, untimed; the whole process, start-up included): ${p}.`];
  }).join('');
  return `${missCause(t, rows, concurrency)}${cpu}`;
}

function missCause(t: TargetCheck, rows: readonly Row[], concurrency: number): string {
  const head = `**Missed: ${t.target}** — ${formatValue(t.measured, t.unit)}, bound ${t.op} ${formatValue(t.bound, t.unit)}.`;
  const row = byKey(rows);
  const worst = t.rows.map(row).sort((a, b) => b.m.peakRssMb - a.m.peakRssMb)[0] ?? row(t.rows[0] as RowKey);
  if (t.unit === 'MB') {
    return `${head} Peak RSS ${worst.m.peakRssMb} MB in "${worst.scenario}" (its own process), with ${s(worst.m.cpuMs)} of CPU over ${s(worst.m.wallMs)}.`;
  }
  const r = row(t.rows[0] as RowKey);
  if (t.unit === 'req/resource') {
    const top = Object.entries(r.m.byRoute).slice(0, 4).map(([route, k]) => `${int(k)} \`${route}\``).join(', ');
    const floor = r.bound === undefined ? '' : ` Its lower bound already needs ${int(r.bound.requests)} (${(r.bound.requests / r.resources).toFixed(2)} per resource): ${r.bound.formula}.`;
    return `${head} ${int(r.m.requests)} requests for ${int(r.resources)} resources; the largest routes: ${top}.${floor}`;
  }
  return `${head} ${timeProfile(r, concurrency)}`;
}

/** Where a row's wall time went: galctl's CPU, the simulator's, the request bound, and which dominates. */
export function timeProfile(r: Row, concurrency: number): string {
  const wall = r.m.wallMs;
  const requestMs = (r.m.requests * r.latencyMs) / concurrency;
  const parts = [
    `wall ${s(wall)}`,
    `galctl's CPU ${s(r.m.cpuMs)} (${pct(r.m.cpuMs, wall)} of the wall)`,
    ...(r.m.simCpuMs === undefined ? [] : [`the simulator's CPU ${s(r.m.simCpuMs)} (${pct(r.m.simCpuMs, wall)})`]),
    ...(r.m.runQueueMs === undefined ? [] : [`galctl's main thread waited ${s(r.m.runQueueMs)} for a CPU (${pct(r.m.runQueueMs, wall)}: other processes on the cores)`]),
    `${int(r.m.requests)} requests × ${r.latencyMs} ms ÷ ${concurrency} = ${s(requestMs)} of latency at full concurrency`,
  ];
  if (r.bound !== undefined) {
    const ratio = ratioOf(r);
    parts.push(`lower bound ${s(r.bound.ms)} for ${int(r.bound.requests)} requests (${int(r.m.requests - r.bound.requests)} more sent${Number.isNaN(ratio) ? '' : `; ratio ${ratio.toFixed(2)}×`})`);
  }
  const shares: [string, number][] = [
    ['galctl\'s own CPU', r.m.cpuMs],
    ['the simulator\'s CPU (it shares the cores with galctl)', r.m.simCpuMs ?? 0],
    ['the request latency', requestMs],
    ['waiting for a CPU', r.m.runQueueMs ?? 0],
  ];
  const [what, ms] = shares.sort((a, b) => b[1] - a[1])[0] as [string, number];
  const reading = ms >= 0.5 * wall
    ? `the largest share is ${what} (${pct(ms, wall)} of the wall)`
    : `no single share reaches half the wall (largest: ${what}, ${pct(ms, wall)}): the rest is waiting — chained round trips and idle request slots`;
  return `Profile of "${r.scenario}": ${parts.join('; ')}. Reading: ${reading}.`;
}
