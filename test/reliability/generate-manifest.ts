import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/**
 * Writes a manifest with `total` resources (default 200) into `dir`: LLM scorers, inline datasets, projects with
 * templates, log streams and dataset+template experiments. Returns the manifest path.
 */
export function writeLargeManifest(dir: string, total = 200): string {
  mkdirSync(dir, { recursive: true });
  const projects = 5;
  const perProject = { templates: 8, logStreams: 8, experiments: 7 };
  const scorers = Math.max(1, Math.round((total - projects * (1 + perProject.templates + perProject.logStreams + perProject.experiments)) * 0.6));
  const datasets = total - projects * (1 + perProject.templates + perProject.logStreams + perProject.experiments) - scorers;
  const lines: string[] = ['version: 1', 'scorers:'];
  for (let i = 0; i < scorers; i++) {
    lines.push(`  judge-${i}:`, '    type: llm', '    node_types: [llm, chat]', '    output_type: percentage', '    model: GPT-4o mini',
      `    prompt: "Judge ${i}: rate the answer. Input: {input} Output: {output}"`);
  }
  lines.push('datasets:');
  for (let i = 0; i < datasets; i++) {
    lines.push(`  data-${i}:`, '    rows:', `      - { input: "question ${i}a", output: "answer ${i}a" }`, `      - { input: "question ${i}b", output: "answer ${i}b" }`);
  }
  lines.push('projects:');
  for (let p = 0; p < projects; p++) {
    lines.push(`  soak-${p}:`, `    description: soak project ${p}`, '    templates:');
    for (let t = 0; t < perProject.templates; t++) {
      lines.push(`      t-${p}-${t}:`, `        template: "Template ${p}/${t}. Question: {{input}}"`, '        settings: { model_alias: GPT-4o mini, temperature: 0 }');
    }
    lines.push('    log_streams:');
    for (let l = 0; l < perProject.logStreams; l++) lines.push(`      ls-${l}:`, `        scorers: [judge-${(p + l) % scorers}, preset:output_toxicity]`);
    lines.push('    experiments:');
    for (let e = 0; e < perProject.experiments; e++) {
      lines.push(`      exp-${e}:`, `        dataset: data-${(p * perProject.experiments + e) % datasets}`, `        template: t-${p}-${e % perProject.templates}`,
        `        scorers: [judge-${(p + e) % scorers}]`);
    }
  }
  const file = path.join(dir, 'galileo.yaml');
  writeFileSync(file, `${lines.join('\n')}\n`);
  return file;
}
