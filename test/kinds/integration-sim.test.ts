import { createHash } from 'node:crypto';
import { readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createGalileoClient, type GalileoClient } from '../../src/galileo/create-client.js';
import { putIntegration } from '../../src/kinds/integration/api.js';
import { startSimulator, type SimulatorHandle } from '../../src/sim/start-simulator.js';
import { writeManifestDir } from '../export/org-fixture.js';
import { filesUnder } from '../helpers/files-under.js';
import { runCli, type CliResult } from '../helpers/run-cli.js';
import { inventoryRows } from '../cli/sim-counts.js';

const KEY = 'sim-key-integrations';
const TOKEN_A = 'sk-live-first-secret-0123456789';
const TOKEN_B = 'sk-live-rotated-secret-9876543210';

const manifest = (extra = ''): string => `version: 1
stack: prod
integrations:
  openai:
    token: \${OPENAI_API_KEY}${extra}
`;

interface IntegrationDump {
  name: string;
  config: Record<string, unknown>;
  token_sha256: string;
}

describe('integrations: a write-only secret planned by its recorded fingerprint, never shown', () => {
  let sim: SimulatorHandle;
  let client: GalileoClient;
  let dir = '';
  let token = TOKEN_A;
  const outputs: string[] = [];
  const cli = async (...argv: string[]): Promise<CliResult> => {
    const r = await runCli(argv, { env: { GALILEO_API_KEY: KEY, GALILEO_API_URL: sim.url, OPENAI_API_KEY: token }, cwd: dir });
    outputs.push(r.stdout, r.stderr);
    return r;
  };
  const write = (text: string) => writeFile(path.join(dir, 'galileo.yaml'), text);
  const integrations = (): IntegrationDump[] => (sim.state() as unknown as { integrations: IntegrationDump[] }).integrations;
  const sha12 = (t: string): string => createHash('sha256').update(t).digest('hex').slice(0, 12);

  beforeAll(async () => {
    sim = await startSimulator({ port: 0, apiKey: KEY });
    client = createGalileoClient({ apiUrl: sim.url, apiKey: KEY, minRetryDelayMs: 1 });
    dir = await writeManifestDir(manifest(), {});
  });
  afterAll(async () => {
    await client?.close();
    await sim?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('refuses a token written in the manifest, without echoing it', async () => {
    await write(manifest().replace('${OPENAI_API_KEY}', 'sk-literal-in-git-4242'));
    const r = await cli('validate');
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/integration "openai": `token` must come from an environment variable/);
    expect(r.stdout + r.stderr).not.toContain('sk-literal-in-git-4242');
    // a variable galctl would not mask is refused too
    await write(manifest().replace('${OPENAI_API_KEY}', '${OPENAI_CREDS}'));
    const r2 = await runCli(['validate'], { env: { OPENAI_CREDS: 'x' }, cwd: dir });
    expect(r2.code).toBe(1);
    expect(r2.stderr).toContain('`token` must come from an environment variable');
    await write(manifest());
  });

  it('creates it, records the fingerprint, and re-plans empty', async () => {
    const plan = await cli('plan');
    expect(plan.stdout).toMatch(/\+ integration\.openai/);
    const json = await cli('plan', '--format', 'json', '--out', 'plan.json');
    expect(json.code).toBe(0);
    const apply = await cli('apply', '--auto-approve');
    expect(apply.stderr).toBe('');
    expect(apply.code).toBe(0);
    expect(integrations().map((i) => [i.name, i.token_sha256])).toEqual([['openai', sha12(TOKEN_A)]]);
    expect((await cli('plan', '--detailed-exitcode')).code).toBe(0);
  });

  it('a rotated secret is an update of `token`, applied once', async () => {
    token = TOKEN_B;
    const plan = await cli('plan', '--format', 'json');
    const changes = (JSON.parse(plan.stdout) as { changes: { address: string; action: string; fields: { path: string }[] }[] }).changes;
    expect(changes.map((c) => [c.address, c.action, c.fields.map((f) => f.path)])).toEqual([['integration.openai', 'update', ['token']]]);
    expect((await cli('apply', '--auto-approve')).code).toBe(0);
    expect(integrations()[0]?.token_sha256).toBe(sha12(TOKEN_B));
    expect((await cli('plan', '--detailed-exitcode')).code).toBe(0);
    // the stack's row is updated in place, not appended to on every rotation
    expect(inventoryRows(sim.state())).toEqual(['integration /openai false @prod']);
  });

  it('a changed setting is an update; the token is not read back', async () => {
    await write(manifest('\n    organization_id: org-42'));
    const plan = await cli('plan');
    expect(plan.stdout).toMatch(/~ integration\.openai/);
    expect(plan.stdout).toContain('org-42');
    expect((await cli('apply', '--auto-approve')).code).toBe(0);
    expect(integrations()[0]?.config['organization_id']).toBe('org-42');
    expect((await cli('plan', '--detailed-exitcode')).code).toBe(0);
  });

  it('a rotation that also changes protect: still one row, updated in place', async () => {
    token = TOKEN_A;
    await write(manifest('\n    organization_id: org-42\n    protect: true'));
    expect((await cli('apply', '--auto-approve')).code).toBe(0);
    expect(integrations()[0]?.token_sha256).toBe(sha12(TOKEN_A));
    expect(inventoryRows(sim.state())).toEqual(['integration /openai true @prod']);
    expect((await cli('plan', '--detailed-exitcode')).code).toBe(0);
    token = TOKEN_B;
    await write(manifest('\n    organization_id: org-42'));
    expect((await cli('apply', '--auto-approve')).code).toBe(0);
    expect(inventoryRows(sim.state())).toEqual(['integration /openai false @prod']);
    expect((await cli('plan', '--detailed-exitcode')).code).toBe(0);
  });

  it('one made outside galctl needs adopt: true, and its unknown token is then set', async () => {
    await cli('apply', '--auto-approve', '--prune');
    await write('version: 1\nstack: prod\nprune: true\n');
    expect((await cli('apply', '--auto-approve')).code).toBe(0);
    expect(integrations()).toEqual([]);
    await putIntegration(client, 'openai', { token: 'sk-made-by-hand' });
    await write(manifest());
    const refused = await cli('plan');
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/integration\.openai/);
    await write(manifest('\n    adopt: true'));
    const plan = await cli('plan', '--format', 'json');
    expect(JSON.parse(plan.stdout).changes.map((c: { action: string; fields: { path: string }[] }) => [c.action, c.fields.map((f) => f.path)])).toEqual([
      ['update', ['token']],
    ]);
    expect((await cli('apply', '--auto-approve')).code).toBe(0);
    expect(integrations()[0]?.token_sha256).toBe(sha12(TOKEN_B));
    expect((await cli('plan', '--detailed-exitcode')).code).toBe(0);
  });

  it('exports it with a ${VAR} token; the export of the stack that applied it plans empty', async () => {
    const r = await cli('export', '-o', 'exported', '--stack', 'prod', '--kinds', 'integrations');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('exported 1 integration');
    expect(r.stderr).toContain('integration "openai": its token is write-only');
    const text = await readFile(path.join(dir, 'exported', 'galileo.yaml'), 'utf8');
    expect(text).toMatch(/integrations:\n {2}openai:\n {4}token: \$\{OPENAI_API_KEY\}\n {4}adopt: true/);
    expect((await cli('plan', '-f', 'exported/galileo.yaml', '--detailed-exitcode')).code).toBe(0);
    // another stack never takes it, adopt: true or not
    await writeFile(path.join(dir, 'exported', 'galileo.yaml'), text.replace('stack: prod', 'stack: other'));
    const other = await cli('plan', '-f', 'exported/galileo.yaml');
    expect(other.code).toBe(1);
    expect(other.stderr).toContain('belongs to stack "prod"');
  });

  it('never shows or writes a secret: outputs, plan file, inventory, simulator state', async () => {
    const files = filesUnder(dir);
    const written = await Promise.all(files.map((f) => readFile(f, 'utf8')));
    const everything = [...outputs, ...written, JSON.stringify(sim.state())].join('\n');
    for (const secret of [TOKEN_A, TOKEN_B]) expect(everything).not.toContain(secret);
    expect(written.join('')).toContain('integration.openai');
  });
});
