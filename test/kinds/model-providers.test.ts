import { describe, expect, it } from 'vitest';
import type { Desired } from '../../src/core/desired-types.js';
import { providersOfModel } from '../../src/core/model-providers.js';
import { missingIntegrationWarnings, modelNeeds } from '../../src/kinds/integration/provider-warnings.js';

describe('providersOfModel: a Galileo model alias → the providers whose integration serves it', () => {
  it('maps known aliases, several providers where several serve it', () => {
    expect(providersOfModel('gpt-4.1')).toEqual(['openai']);
    expect(providersOfModel('GPT-4o mini')).toEqual(['openai', 'azure']);
    expect(providersOfModel('claude-sonnet-4')).toEqual(['anthropic']);
  });
  it('an unknown alias (or a provider id that is not an alias) maps to none', () => {
    expect(providersOfModel('my-private-model')).toEqual([]);
    expect(providersOfModel('gpt-4o-mini')).toEqual([]);
    expect(providersOfModel('')).toEqual([]);
  });
});

const base = { protect: false, adopt: false };
const desired = (resources: unknown[]): Desired => ({ file: '/x/galileo.yaml', resources } as unknown as Desired);

describe('modelNeeds and missingIntegrationWarnings', () => {
  const d = desired([
    { ...base, kind: 'scorer', key: 'q', address: 'scorer.q', name: 'q', scorerType: 'llm', prompt: 'p', outputType: 'boolean' },
    { ...base, kind: 'scorer', key: 'c', address: 'scorer.c', name: 'c', scorerType: 'code', file: 'f.py', code: '' },
    { ...base, kind: 'scorer', key: 'u', address: 'scorer.u', name: 'u', scorerType: 'llm', model: 'in-house', prompt: 'p', outputType: 'boolean' },
    { ...base, kind: 'template', key: 't', project: 'p', address: 'project.p.template.t', name: 't', template: 'x', settings: { model_alias: 'claude-sonnet-4' } },
    {
      ...base, kind: 'experiment', key: 'e', project: 'p', address: 'project.p.experiment.e', name: 'e', dataset: 'd', template: 't',
      scorers: [{ type: 'preset', name: 'correctness' }, { type: 'preset', name: 'bleu' }, { type: 'custom', key: 'q' }],
      scorerOverrides: { q: { model: 'claude-3-5-haiku' } }, trigger: true, thresholds: {},
    },
    { ...base, kind: 'experiment', key: 'f', project: 'p', address: 'project.p.experiment.f', name: 'f', dataset: 'd', template: 'none', scorers: [], trigger: true, thresholds: {} },
  ]);

  it('lists each judge and prompt model with its providers; code scorers, code presets and unknown aliases need none', () => {
    expect(modelNeeds(d).map((n) => [n.address, n.use, n.model, n.providers.join('|')])).toEqual([
      ['scorer.q', 'judge model', 'gpt-4.1-mini', 'openai|azure'],
      ['project.p.experiment.e', 'prompt model', 'claude-sonnet-4', 'anthropic'],
      ['project.p.experiment.e', 'judge model of preset:correctness', 'gpt-4.1-mini', 'openai|azure'],
      ['project.p.experiment.e', 'judge model of q', 'claude-3-5-haiku', 'anthropic'],
      // no template settings, no prompt_settings: the SDKs' default prompt model
      ['project.p.experiment.f', 'prompt model', 'GPT-4o', 'openai|azure'],
    ]);
  });

  it('warns only of the needs no integrated provider serves (any one of several will do)', () => {
    const needs = modelNeeds(d);
    expect(missingIntegrationWarnings(needs, new Set(['azure', 'anthropic']))).toEqual([]);
    expect(missingIntegrationWarnings(needs, new Set(['openai']))).toEqual([
      'project.p.experiment.e: prompt model "claude-sonnet-4" needs an integration of anthropic, which the org lacks and the manifest does not declare (integrations.anthropic): Galileo cannot call it',
      'project.p.experiment.e: judge model of q "claude-3-5-haiku" needs an integration of anthropic, which the org lacks and the manifest does not declare (integrations.anthropic): Galileo cannot call it',
    ]);
    expect(missingIntegrationWarnings(needs, new Set())).toHaveLength(5);
  });
});
