import { describe, expect, it } from 'vitest';
import { runCli, spawnCli } from './helpers/run-cli.js';

describe('galctl entry', () => {
  it('lists the commands on --help and exits 0', async () => {
    const r = await runCli(['--help']);
    expect(r.code).toBe(0);
    for (const c of ['validate', 'plan', 'apply', 'demo', 'sim']) expect(r.stdout).toContain(`  ${c}`);
  });

  it('rejects an unknown command with a hint and exit 1', async () => {
    const r = await runCli(['frobnicate']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/unknown command "frobnicate"/);
    expect(r.stderr).toMatch(/hint: run `galctl --help`/);
  });

  it('rejects an unknown option in one line, naming it, with the command\'s help as the hint', async () => {
    const r = await runCli(['plan', '--frob']);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe("error: unknown option '--frob'\n  hint: run `galctl plan --help`\n");
  });

  it('the built binary answers --help', async () => {
    const r = await spawnCli(['--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Usage: galctl <command>');
  });
});
