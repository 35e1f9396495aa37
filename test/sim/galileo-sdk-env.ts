import { createHook } from 'node:async_hooks';
import { mkdtemp, rm } from 'node:fs/promises';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { GalileoConfig } from 'galileo';
import { vi } from 'vitest';
import { DEFAULT_SIM_API_KEY, startSimulator, type LoggedRequest, type SimulatorHandle, type SimulatorOptions } from '../../src/sim/start-simulator.js';

/** Hosts the official SDK may connect to: the simulator's loopback address only. */
const LOOPBACK = new Set(['127.0.0.1', '::1', 'localhost']);

/**
 * Refuses every outgoing TCP connection that is not to loopback, in this test process (each test file runs in
 * its own fork). The SDK builds its own clients (axios, fetch); all of them end in net.Socket#connect, so a
 * request to api.galileo.ai, a telemetry host or anything else fails loudly here and is listed in `refused`.
 */
export function guardLoopback(): { refused: string[]; restore(): void } {
  const refused: string[] = [];
  const proto = net.Socket.prototype as unknown as { connect: (...args: unknown[]) => unknown };
  const original = proto.connect;
  proto.connect = function (this: net.Socket, ...args: unknown[]) {
    const first = args[0];
    const opts = (Array.isArray(first) ? first[0] : first) as { host?: string; path?: string } | number | string;
    const host = typeof opts === 'object' && opts !== null ? (opts.path === undefined ? opts.host ?? 'localhost' : 'unix') : typeof args[1] === 'string' ? args[1] : 'localhost';
    if (host !== 'unix' && !LOOPBACK.has(host)) {
      refused.push(host);
      throw new Error(`galileo SDK test: connection to non-loopback host ${host} refused`);
    }
    return original.apply(this, args);
  } as typeof proto.connect;
  return { refused, restore: () => { proto.connect = original; } };
}

export interface SdkSim {
  sim: SimulatorHandle;
  /** the project GALILEO_PROJECT names (the SDK creates it on first use) */
  project: string;
  refused: string[];
  /** this file's own temp dir (TMPDIR): the SDK writes inline rows to `${tmpdir()}/temp.jsonl` */
  tmp: string;
  /** closes the simulator and restores the environment */
  close(): Promise<void>;
  /** after close(): what this file left running (see lingering) */
  lingering(): Promise<string[]>;
}

/**
 * Starts a simulator and points the official `galileo` SDK at it: GALILEO_API_URL (the SDK derives
 * http://localhost:8088 from a loopback GALILEO_CONSOLE_URL, so the API URL must be explicit), the console URL
 * for its links, the simulator's key, and a project. GalileoConfig is a process singleton: it is reset so it
 * re-reads this environment.
 */
export async function startSdkSim(project: string, opts: SimulatorOptions = {}): Promise<SdkSim> {
  const guard = guardLoopback();
  const timers = trackTimers();
  const sim = await startSimulator({ jobStepMs: 10, recordRequests: true, ...opts });
  const tmp = await mkdtemp(path.join(tmpdir(), 'galctl-sdk-'));
  // nothing from the outer environment steers the SDK: other GALILEO_* settings (project id, credentials, certs,
  // GALILEO_DISABLE_LOGGING), proxies (axios would send loopback requests through one), LangChain tracing
  for (const k of Object.keys(process.env)) if (k.startsWith('GALILEO_') || /^(https?|all)_proxy$/i.test(k) || /^LANG(CHAIN|SMITH)_/.test(k)) vi.stubEnv(k, undefined);
  vi.stubEnv('TMPDIR', tmp);
  vi.stubEnv('GALILEO_API_URL', sim.url);
  vi.stubEnv('GALILEO_CONSOLE_URL', sim.url);
  vi.stubEnv('GALILEO_API_KEY', DEFAULT_SIM_API_KEY);
  vi.stubEnv('GALILEO_PROJECT', project);
  vi.stubEnv('GALILEO_LOG_STREAM', 'default');
  vi.stubEnv('GALILEO_LOG_LEVEL', 'error');
  GalileoConfig.reset();
  return {
    sim,
    project,
    refused: guard.refused,
    tmp,
    async close() {
      await sim.close();
      GalileoConfig.reset();
      vi.unstubAllEnvs();
      guard.restore();
      await rm(tmp, { recursive: true, force: true });
    },
    async lingering() {
      const left = await lingering(timers);
      timers.stop();
      return left;
    },
  };
}

/**
 * Records the timers created in this process from now on, with where they were made, so that after close() a
 * test can list those still pending and keeping the process alive — vitest's own (its runner batches reports on
 * a timer) left out.
 */
function trackTimers(): { pending(): string[]; stop(): void } {
  const live = new Map<number, { stack: string; timer: { hasRef?: () => boolean } }>();
  const hook = createHook({
    init(id, type, _trigger, resource) {
      if (type === 'Timeout') live.set(id, { stack: new Error().stack ?? '', timer: resource as { hasRef?: () => boolean } });
    },
    destroy(id) {
      live.delete(id);
    },
  }).enable();
  return {
    pending: () => [...live.values()]
      .filter((t) => t.timer.hasRef?.() === true && !t.stack.includes('/@vitest/'))
      .map((t) => `Timeout ${t.stack.split('\n').find((l) => l.includes('node_modules/galileo') || l.includes('/src/')) ?? t.stack}`),
    stop: () => void hook.disable(),
  };
}

/**
 * What stays alive in this process after close(): sockets, servers, and timers made since startSdkSim (anything
 * but the fork's own stdio/IPC pipes and vitest's timers). The SDK must leave nothing behind.
 */
async function lingering(timers: { pending(): string[] }): Promise<string[]> {
  for (let i = 0; i < 3; i++) await new Promise((r) => setImmediate(r));
  const handles = process.getActiveResourcesInfo().filter((r) => r !== 'PipeWrap' && r !== 'TTYWrap' && r !== 'Timeout' && r !== 'Immediate');
  return [...handles, ...timers.pending()];
}

/** The simulator's recorded requests (healthcheck and login, which the SDK repeats before every call, left out). */
export function apiRequests(sim: SimulatorHandle): LoggedRequest[] {
  return sim.requests().filter((r) => r.route !== '/healthcheck' && r.route !== '/login/api_key');
}
