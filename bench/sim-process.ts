/**
 * The simulator in a child process (`galctl sim`), so the bench process's memory is galctl's alone. Its admin
 * routes give request counts (/__sim/stats) and set latency at run time (/__sim/faults).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import type { SimStats } from '../src/sim/start-simulator.js';

export interface SimProcess {
  url: string;
  stats(): Promise<SimStats>;
  setLatency(ms: number): Promise<void>;
  /** counts (per kind) of what the simulator holds */
  summary(): Promise<Record<string, unknown>>;
  stop(): Promise<void>;
}

export async function startSimProcess(bin: string, latencyMs: number): Promise<SimProcess> {
  const child: ChildProcess = spawn(
    process.execPath,
    ['--max-old-space-size=8192', bin, 'sim', '--port', '0', '--latency-ms', String(latencyMs)],
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
