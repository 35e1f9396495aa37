import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PRESET_SCORERS } from '../../src/manifest/presets.js';
import { manifestSchema } from '../../src/manifest/validate-schema.js';
import { startSimulator, type SimulatorHandle } from '../../src/sim/start-simulator.js';
import { builtBin, runCli } from '../helpers/run-cli.js';

const run = promisify(execFile);
const defs = (): Record<string, Record<string, unknown>> => manifestSchema()['$defs'] as Record<string, Record<string, unknown>>;

describe('galctl schema', () => {
  let sim: SimulatorHandle;
  beforeAll(async () => {
    sim = await startSimulator({ port: 0 });
  });
  afterAll(async () => {
    await sim?.close();
  });

  it('prints the JSON Schema the manifest is validated against', async () => {
    const r = await runCli(['schema']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual(manifestSchema());
  });

  it('offers every preset scorer as a completion for scorer references', () => {
    expect(defs()['scorerRef']?.['examples']).toEqual(PRESET_SCORERS.map((n) => `preset:${n}`));
  });

  it('offers the model aliases Galileo lists as completions for model and model_alias', async () => {
    const res = await fetch(`${sim.url}/llm_integrations`, { headers: { 'Galileo-API-Key': 'sim-key' } });
    const listed = new Set(Object.values((await res.json()) as Record<string, string[]>).flat());
    expect(new Set(defs()['modelAlias']?.['examples'] as string[])).toEqual(listed);
    const text = JSON.stringify(manifestSchema());
    // a scorer's model, prompt settings' model_alias, a run's scorer_overrides model
    expect(text.match(/"\$ref":"#\/\$defs\/modelAlias"/g)).toHaveLength(3);
  });
});

describe('galctl completion', () => {
  /** Sources the bash script, completes `words` (the last one partial) and prints `complete -p` and COMPREPLY. */
  async function completeInBash(words: string[]): Promise<{ spec: string; replies: string[] }> {
    const script = `
      eval "$(node ${JSON.stringify(builtBin())} completion bash)"
      complete -p galctl
      COMP_WORDS=(galctl ${words.map((w) => `'${w}'`).join(' ')})
      COMP_CWORD=${words.length}
      _galctl
      printf '%s\\n' "\${COMPREPLY[@]}"
    `;
    const { stdout } = await run('bash', ['--norc', '--noprofile', '-c', script], { env: { PATH: process.env['PATH'] } });
    const [spec = '', ...replies] = stdout.trim().split('\n');
    return { spec, replies: replies.filter((r) => r !== '') };
  }

  it('bash: the script registers galctl and completes commands, flags and --flow values', async () => {
    const cmd = await completeInBash(['in']);
    expect(cmd.spec).toBe('complete -o default -F _galctl galctl');
    expect(cmd.replies).toEqual(['init']);
    expect((await completeInBash(['pl'])).replies).toEqual(['plan']);
    expect((await completeInBash(['validate', '--f'])).replies).toEqual(['--file', '--format']);
    expect((await completeInBash(['init', '--flow', 'r'])).replies).toEqual(['raw-traces']);
    expect((await completeInBash(['completion', ''])).replies).toEqual(['bash', 'zsh', 'fish']);
  });

  it('zsh and fish: scripts name every command; an unknown shell is a usage error', async () => {
    const zsh = await runCli(['completion', 'zsh']);
    expect(zsh.stdout.startsWith('#compdef galctl\n')).toBe(true);
    const fish = await runCli(['completion', 'fish']);
    for (const name of ['validate', 'plan', 'apply', 'init', 'schema', 'completion']) {
      expect(zsh.stdout).toContain(`'${name}:`);
      expect(fish.stdout).toContain(`-a ${name} -d `);
    }
    expect(fish.stdout).toContain("-l flow -x -a 'prompt-template pre-generated raw-traces log-stream'");
    const bad = await runCli(['completion', 'tcsh']);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('unknown shell "tcsh"');
  });
});
