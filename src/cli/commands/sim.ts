import { UsageError } from '../../core/errors.js';
import { DEFAULT_SIM_API_KEY, startSimulator, type SimulatorOptions } from '../../sim/start-simulator.js';
import type { Command, ParsedArgs } from '../command.js';
import type { Io } from '../io.js';

const HELP = `galctl sim: start a local Galileo API simulator

Usage: galctl sim [options]

A real HTTP server that behaves like Galileo's API for everything galctl uses (projects, scorers, datasets,
templates, experiments, log streams, scorer settings, traces, jobs, metrics), at the root paths and under /v2.
It runs until interrupted (Ctrl-C). Point galctl at it with GALILEO_API_URL=<url> and GALILEO_API_KEY=<key>.

Options:
  --port N          port to listen on (default 0 = a free port)
  --host H          address to bind (default 127.0.0.1)
  --api-key K       the key the simulator accepts (default ${DEFAULT_SIM_API_KEY})
  --latency-ms N    delay every answer by N ms
  --jitter-ms N     add up to N ms of random delay
  --fault-rate F    share of requests answered 500/502/503 (0..1)
  --rate-limit N    requests per second; above it 429 with Retry-After
  --drop-rate F     share of connections closed with no response (0..1)
  --fault-after-rate F  share of requests processed (state changed) and then answered 502/503/504 or
                    dropped (0..1): the answer is lost after the work is done
  --fault-after-route R  limit --fault-after-rate to routes like "POST /templates/{id}/versions" (comma-separated)
  --fault-after-kinds K  what a lost answer is, among 502,503,504,drop (default: all four)
  --fault-after-limit N  lose at most N answers (default 0 = no limit)
  --seed N          seed for ids, faults and fake scores (default 0)
  --state FILE      load state from FILE at start, save it there on exit
  --job-step-ms N   simulated duration of one job step (default 300)
  --metrics-lag-ms N  scores become visible N ms after their job completes (default 1000)
  --bearer-only     refuse the Galileo-API-Key header (401); only a token from POST /login/api_key works

Admin (no API key): GET /__sim/stats, GET /__sim/state[?summary=1], POST /__sim/reset,
POST /__sim/faults {"faultRate":0.1,"faultAfterRate":0.05,...}, POST /__sim/save,
POST /__sim/scorer-failures {"<scorer name>":"error message"} (null clears). Behaviour: src/sim/SPEC.md.
`;

function num(args: ParsedArgs, name: string, opts: { min?: number; max?: number; integer?: boolean } = {}): number | undefined {
  const raw = args.values[name];
  if (raw === undefined) return undefined;
  const n = Number(raw);
  const bad = !Number.isFinite(n) || (opts.integer === true && !Number.isInteger(n)) || (opts.min !== undefined && n < opts.min) || (opts.max !== undefined && n > opts.max);
  if (bad) {
    const range = opts.max !== undefined ? `between ${opts.min ?? 0} and ${opts.max}` : `${opts.integer === true ? 'an integer ' : 'a number '}>= ${opts.min ?? 0}`;
    throw new UsageError(`--${name} must be ${range}, got "${String(raw)}"`, 'run `galctl sim --help`');
  }
  return n;
}

function isLoopback(host: string): boolean {
  return host === '127.0.0.1' || host === 'localhost' || host === '::1' || host.startsWith('127.');
}

export const simCommand: Command = {
  name: 'sim',
  summary: 'start a local Galileo API simulator',
  help: HELP,
  endsOnInterrupt: true,
  options: {
    port: { type: 'string' },
    host: { type: 'string' },
    'api-key': { type: 'string' },
    'latency-ms': { type: 'string' },
    'jitter-ms': { type: 'string' },
    'fault-rate': { type: 'string' },
    'rate-limit': { type: 'string' },
    'drop-rate': { type: 'string' },
    'fault-after-rate': { type: 'string' },
    'fault-after-route': { type: 'string' },
    'fault-after-kinds': { type: 'string' },
    'fault-after-limit': { type: 'string' },
    seed: { type: 'string' },
    state: { type: 'string' },
    'job-step-ms': { type: 'string' },
    'metrics-lag-ms': { type: 'string' },
    'bearer-only': { type: 'boolean' },
  },
  async run(args: ParsedArgs, io: Io): Promise<number> {
    const host = (args.values['host'] as string | undefined) ?? '127.0.0.1';
    const apiKey = args.values['api-key'] as string | undefined;
    if (apiKey !== undefined && apiKey === '') throw new UsageError('--api-key must not be empty');
    const opts: SimulatorOptions = { host };
    const set = <K extends keyof SimulatorOptions>(k: K, v: SimulatorOptions[K] | undefined): void => {
      if (v !== undefined) opts[k] = v;
    };
    set('port', num(args, 'port', { min: 0, max: 65535, integer: true }));
    set('apiKey', apiKey);
    set('latencyMs', num(args, 'latency-ms', { min: 0 }));
    set('jitterMs', num(args, 'jitter-ms', { min: 0 }));
    set('faultRate', num(args, 'fault-rate', { min: 0, max: 1 }));
    set('rateLimit', num(args, 'rate-limit', { min: 0 }));
    set('dropRate', num(args, 'drop-rate', { min: 0, max: 1 }));
    set('faultAfterRate', num(args, 'fault-after-rate', { min: 0, max: 1 }));
    set('faultAfterRoutes', (args.values['fault-after-route'] as string | undefined)?.split(','));
    set('faultAfterLimit', num(args, 'fault-after-limit', { min: 0, integer: true }));
    set('faultAfterKinds', (args.values['fault-after-kinds'] as string | undefined)?.split(',') as SimulatorOptions['faultAfterKinds']);
    set('seed', num(args, 'seed', { min: 0, integer: true }));
    set('stateFile', args.values['state'] as string | undefined);
    set('jobStepMs', num(args, 'job-step-ms', { min: 0 }));
    set('metricsLagMs', num(args, 'metrics-lag-ms', { min: 0 }));
    if (args.values['bearer-only'] === true) opts.bearerOnly = true;
    opts.onError = (err) => io.stderr(`sim: internal error: ${err instanceof Error ? err.message : String(err)}\n`);
    let sim;
    try {
      sim = await startSimulator(opts);
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      // a bad --fault-after-route or --fault-after-kinds (the knobs check them)
      if (err instanceof RangeError) throw new UsageError(err.message, 'run `galctl sim --help`');
      if (code === 'EADDRINUSE') throw new UsageError(`port ${String(opts.port)} on ${host} is already in use`, 'pick another --port, or --port 0 for a free one');
      if (code === 'EADDRNOTAVAIL' || code === 'ENOTFOUND') throw new UsageError(`cannot listen on host "${host}"`, 'use --host 127.0.0.1');
      throw err;
    }
    io.stdout(`galileo simulator listening on ${sim.url}\n`);
    io.stdout(apiKey === undefined
      ? `simulator API key (a fake key, accepted only by this simulator): ${DEFAULT_SIM_API_KEY}\n`
      : 'simulator API key: the value given with --api-key\n');
    io.stdout(`try: GALILEO_API_URL=${sim.url} GALILEO_API_KEY=${apiKey === undefined ? DEFAULT_SIM_API_KEY : '<your --api-key>'} galctl plan\n`);
    if (!isLoopback(host)) io.stderr(`warning: listening on ${host}, not loopback: anyone who can reach this address can use the simulator\n`);
    if (opts.stateFile !== undefined) io.stdout(`state file: ${opts.stateFile} (saved on exit)\n`);
    await new Promise<void>((resolve) => {
      if (io.signal.aborted) resolve();
      else io.signal.addEventListener('abort', () => resolve(), { once: true });
    });
    await sim.close();
    io.stdout('simulator stopped\n');
    return 0;
  },
};
