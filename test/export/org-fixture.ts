import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { GalileoClient } from '../../src/galileo/create-client.js';
import { loadManifest } from '../../src/manifest/load-manifest.js';
import { createFromDesired } from '../helpers/create-from-desired.js';

/** A hand-made org as a manifest: names with spaces and capitals, an llm and a code scorer, a CSV-like and a typed dataset, templates (short, long, chat), a log stream and two experiments. */
export const HAND_MADE = `version: 1
scorers:
  quality:
    name: Response Quality
    type: llm
    description: judges the answer
    tags: [team-a]
    node_types: [llm, chat]
    output_type: percentage
    model: GPT-4o mini
    judges: 3
    chain_of_thought: true
    prompt: |
      Rate the answer from 0 to 1.
      Input: {input}
      Output: {output}
  length:
    name: response_length
    type: code
    node_types: [trace]
    file: length.py
datasets:
  capitals:
    name: Capitals
    file: capitals.csv
  typed:
    name: typed rows
    file: typed.jsonl
projects:
  support:
    name: Support Bot
    description: made in the UI
    labels: [sample]
    templates:
      short:
        name: Short Answer
        template: "Answer concisely.\\n\\nQuestion: {{input}}"
        settings: { model_alias: GPT-4o mini, temperature: 0.2, max_tokens: 256 }
      long:
        name: long-form
        template_file: long.mustache
      chat:
        messages:
          - { role: system, content: "You are terse." }
          - { role: user, content: "{{input}}" }
    log_streams:
      production:
        scorers: [quality, length, preset:context_adherence]
    experiments:
      eval:
        name: Short eval
        dataset: capitals
        template: short
        scorers: [quality, preset:correctness]
      replay:
        scorers: [length]
`;

export const FILES: Record<string, string> = {
  'length.py': 'def scorer_fn(step_object, **kwargs) -> float:\n    return float(len(str(step_object.output)))\n',
  'capitals.csv': 'input,output\nFrance,Paris\n"Japan, the country",Tokyo\nPeru,\n',
  'typed.jsonl': '{"input": "two\\nlines", "output": 3, "metadata": {"k": "v"}}\n{"input": "x", "output": null, "metadata": {"k": "w"}}\n',
  'long.mustache': `${Array.from({ length: 30 }, (_, i) => `Rule ${i + 1}: be helpful about {{input}}.`).join('\n')}\n`,
};

/** Writes the manifest and its files into a fresh directory. */
export async function writeManifestDir(manifest: string, files: Record<string, string> = FILES): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), 'galctl-org-'));
  await writeFile(path.join(dir, 'galileo.yaml'), manifest);
  for (const [name, text] of Object.entries(files)) {
    await mkdir(path.dirname(path.join(dir, name)), { recursive: true });
    await writeFile(path.join(dir, name), text);
  }
  return dir;
}

/** Creates the resources of `manifest` through the client, without galctl's markers (as if made by hand). */
export async function createHandMade(client: GalileoClient, manifest: string = HAND_MADE): Promise<void> {
  const dir = await writeManifestDir(manifest);
  const loaded = await loadManifest('galileo.yaml', { cwd: dir, env: {} });
  if (loaded.desired === undefined) throw new Error(`fixture manifest invalid: ${JSON.stringify(loaded.problems)}`);
  await createFromDesired(client, loaded.desired, { markers: false });
}
