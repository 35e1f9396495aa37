/** `galctl sim`: prints the listening line first, serves the API, stops cleanly on abort. */
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/run-cli.js';
import { sleep } from './sim-client.js';

describe('galctl sim', () => {
  it('prints the listening line first and the simulator key, serves, and exits 0 on interrupt', async () => {
    const controller = new AbortController();
    let stdout = '';
    const io = {
      stdout: (t: string) => void (stdout += t), stderr: () => undefined, isTTY: false, stdinIsTTY: false,
      confirm: async () => false, env: {}, cwd: process.cwd(), signal: controller.signal,
    };
    const { main } = await import('../../src/cli/main.js');
    const done = main(['sim', '--port', '0', '--seed', '3'], io);
    for (let i = 0; i < 500 && !stdout.includes('\n'); i++) await sleep(10);
    const lines = stdout.split('\n');
    expect(lines[0]).toMatch(/^galileo simulator listening on http:\/\/127\.0\.0\.1:\d+$/);
    expect(lines[1]).toContain('sim-key');
    const url = (lines[0] as string).slice('galileo simulator listening on '.length);
    expect((await fetch(`${url}/healthcheck`)).status).toBe(200);
    controller.abort();
    expect(await done).toBe(0);
    expect(stdout).toContain('simulator stopped');
  });

  it('serves requests until interrupted', async () => {
    const controller = new AbortController();
    let stdout = '';
    const io = {
      stdout: (t: string) => void (stdout += t), stderr: () => undefined, isTTY: false, stdinIsTTY: false,
      confirm: async () => false, env: {}, cwd: process.cwd(), signal: controller.signal,
    };
    const { main } = await import('../../src/cli/main.js');
    const done = main(['sim', '--api-key', 'custom-key'], io);
    for (let i = 0; i < 200 && !stdout.includes('\n'); i++) await sleep(10);
    const url = /listening on (\S+)/.exec(stdout)?.[1] as string;
    expect((await fetch(`${url}/projects/all`, { headers: { 'Galileo-API-Key': 'custom-key' } })).status).toBe(200);
    expect((await fetch(`${url}/projects/all`, { headers: { 'Galileo-API-Key': 'sim-key' } })).status).toBe(401);
    expect(stdout).not.toContain('custom-key');
    controller.abort();
    expect(await done).toBe(0);
  });

  it('rejects bad knob values with a usage error', async () => {
    const res = await runCli(['sim', '--fault-rate', '2']);
    expect(res.code).toBe(1);
    expect(res.stderr).toContain('--fault-rate must be between 0 and 1');
    const kinds = await runCli(['sim', '--fault-after-rate', '0.1', '--fault-after-kinds', '500']);
    expect(kinds.code).toBe(1);
    expect(kinds.stderr).toContain('faultAfterKinds: "500" is not one of 502, 503, 504, drop');
    const route = await runCli(['sim', '--fault-after-route', 'scorers']);
    expect(route.code).toBe(1);
    expect(route.stderr).toContain('is not "METHOD /route/template"');
  });
});
