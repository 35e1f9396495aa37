/**
 * The simulator in a child process (`galctl sim`), so every measured process's memory is its own. Its admin routes
 * give request counts (/__sim/stats), set latency at run time (/__sim/faults) and dump ids (/__sim/state); its CPU
 * time comes from /proc (Linux), to tell when it is settled and how much of a row was the simulator's work.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import type { SimStats } from '../src/sim/start-simulator.js';
import { processCpuMs } from './proc-stats.js';

export interface SimProcess {
  url: string;
  stats(): Promise<SimStats>;
  setLatency(ms: number): Promise<void>;
  /** counts (per kind) of what the simulator holds */
  summary(): Promise<Record<string, unknown>>;
  /** the store dump of these kinds (GET /__sim/state?kinds=…) */
  state(kinds: readonly string[]): Promise<Record<string, unknown>>;
  /** CPU time (user + system) the simulator process has used so far, in ms; undefined without /proc */
  cpuMs(): number | undefined;
  stop(): Promise<void>;
}

export interface SimTiming {
  latencyMs: number;
  /** the simulator's job step (code validation, scoring jobs) */
  jobStepMs: number;
  /** how long completed scores take to show (the guide's metrics lag) */
  metricsLagMs: number;
}

export async function startSimProcess(bin: string, t: SimTiming): Promise<SimProcess> {
  const child: ChildProcess = spawn(
    process.execPath,
    ['--max-old-space-size=8192', bin, 'sim', '--port', '0', '--latency-ms', String(t.latencyMs),
      '--job-step-ms', String(t.jobStepMs), '--metrics-lag-ms', String(t.metricsLagMs)],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  const url = await new Promise<string>((resolve, reject) => {
    let seen = '';
    const onData = (chunk: Buffer): void => {
      seen += chunk.toString('utf8');
      const m = /listening on (http:\/\/\S+)/.exec(seen);
      if (m?.[1] !== undefined) {
        child.stdout?.off('data', onData);
        child.stdout?.resume();
        resolve(m[1]);
      }
    };
    child.stdout?.on('data', onData);
    child.once('exit', (code) => reject(new Error(`simulator exited (${String(code)}) before listening: ${seen}`)));
  });
  const admin = async <T>(method: 'GET' | 'POST', path: string, body?: unknown): Promise<T> => {
    const res = await fetch(`${url}${path}`, {
      method,
      ...(body === undefined ? {} : { body: JSON.stringify(body), headers: { 'content-type': 'application/json' } }),
    });
    if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${await res.text()}`);
    return (await res.json()) as T;
  };
  return {
    url,
    stats: () => admin<SimStats>('GET', '/__sim/stats'),
    setLatency: async (ms) => void (await admin('POST', '/__sim/faults', { latencyMs: ms })),
    summary: () => admin<Record<string, unknown>>('GET', '/__sim/state?summary=1'),
    state: (kinds) => admin<Record<string, unknown>>('GET', `/__sim/state?kinds=${kinds.join(',')}`),
    cpuMs: () => (child.pid === undefined ? undefined : processCpuMs(child.pid)),
    stop: async () => {
      if (child.exitCode !== null) return;
      const exited = once(child, 'exit');
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
      await exited;
      clearTimeout(timer);
    },
  };
}
