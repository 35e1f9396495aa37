import { rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createGalileoClient, type GalileoClient } from '../../src/galileo/create-client.js';
import { putIntegration } from '../../src/kinds/integration/api.js';
import { startSimulator, type SimulatorHandle } from '../../src/sim/start-simulator.js';
import { writeManifestDir } from '../export/org-fixture.js';
import { runCli, type CliResult } from '../helpers/run-cli.js';

const KEY = 'sim-key-integration-warning';
const TOKEN = 'sk-live-warning-secret-0123456789';

const SCORER = `scorers:
  tone:
    type: llm
    node_types: [llm]
    model: gpt-4.1
    prompt: "Is {output} polite?"
`;
const manifest = (integrations = ''): string => `version: 1
stack: prod
${SCORER}${integrations}`;
const DECLARED = `integrations:
  openai:
    token: \${OPENAI_API_KEY}
`;

describe('plan warns of a model whose provider has no integration (issue 23)', () => {
  let sim: SimulatorHandle;
  let client: GalileoClient;
  let dir = '';
  const cli = (...argv: string[]): Promise<CliResult> =>
    runCli(argv, { env: { GALILEO_API_KEY: KEY, GALILEO_API_URL: sim.url, OPENAI_API_KEY: TOKEN }, cwd: dir });
  const write = (text: string) => writeFile(path.join(dir, 'galileo.yaml'), text);
  const integrationLists = (): number => sim.requests().filter((r) => r.method === 'GET' && r.path === '/integrations').length;

  beforeAll(async () => {
    sim = await startSimulator({ port: 0, apiKey: KEY, recordRequests: true });
    client = createGalileoClient({ apiUrl: sim.url, apiKey: KEY, minRetryDelayMs: 1 });
    dir = await writeManifestDir(manifest(), {});
  });
  afterAll(async () => {
    await client?.close();
    await sim?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('an LLM scorer on an OpenAI model, no integration anywhere: a warning in text and JSON', async () => {
    const text = await cli('plan');
    expect(text.code).toBe(0);
    expect(text.stdout).toContain('Warnings:');
    expect(text.stdout).toContain('scorer.tone: judge model "gpt-4.1" needs an integration of openai');
    const json = await cli('plan', '--format', 'json');
    expect(JSON.parse(json.stdout).warnings).toEqual([
      'scorer.tone: judge model "gpt-4.1" needs an integration of openai, which the org lacks and the manifest does not declare (integrations.openai): Galileo cannot call it',
    ]);
    const md = await cli('plan', '--format', 'markdown');
    expect(md.stdout).toContain('> [!WARNING]');
    expect(md.stdout).toContain('scorer.tone: judge model');
  });

  it('declaring the integration removes the warning, without listing the org\'s integrations for it', async () => {
    await write(manifest(DECLARED));
    const before = integrationLists();
    const text = await cli('plan');
    expect(text.code).toBe(0);
    expect(text.stdout).toContain('+ integration.openai');
    expect(text.stdout).not.toContain('Warnings:');
    expect(JSON.parse((await cli('plan', '--format', 'json')).stdout)).not.toHaveProperty('warnings');
    // one list per plan, the integration kind's own live read: none more for the warning
    expect(integrationLists() - before).toBe(2);
    expect(text.stdout + text.stderr).not.toContain(TOKEN);
  });

  it('an integration the org already has (not declared) removes it too; another provider does not', async () => {
    await write(manifest());
    await putIntegration(client, 'anthropic', { token: 'sk-ant-other-team' });
    expect((await cli('plan')).stdout).toContain('scorer.tone: judge model "gpt-4.1" needs an integration of openai');
    await putIntegration(client, 'openai', { token: 'sk-other-team' });
    const text = await cli('plan');
    expect(text.code).toBe(0);
    expect(text.stdout).not.toContain('Warnings:');
  });
});
