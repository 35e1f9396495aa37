/**
 * The registry of resource kinds: one line per kind, in apply order (a kind before the kinds that may depend on
 * it: projects, integrations, scorers, datasets, global templates, templates, runs, then a run's scorer settings and traces, and annotation queues). The engine iterates
 * this and nothing else; each kind's knowledge lives in its folder (src/kinds/<kind>/kind.ts).
 */
import type { StepKind } from '../core/kind-map.js';
import { annotationQueueKind } from './annotation-queue/kind.js';
import { datasetKind } from './dataset/kind.js';
import { experimentKind } from './experiment/kind.js';
import { globalTemplateKind } from './global-template/kind.js';
import { integrationKind } from './integration/kind.js';
import type { KindDescriptor } from './kind-descriptor.js';
import { logStreamKind } from './log-stream/kind.js';
import { projectKind } from './project/kind.js';
import { scorerSettingsKind } from './scorer-settings/kind.js';
import { stageKind } from './stage/kind.js';
import { scorerKind } from './scorer/kind.js';
import { templateKind } from './template/kind.js';
import { tracesKind } from './traces/kind.js';

export type KindRegistry = { readonly [K in StepKind]: KindDescriptor<K> };

export const KINDS: KindRegistry = {
  project: projectKind,
  integration: integrationKind,
  scorer: scorerKind,
  dataset: datasetKind,
  global_template: globalTemplateKind,
  template: templateKind,
  log_stream: logStreamKind,
  experiment: experimentKind,
  stage: stageKind,
  scorer_settings: scorerSettingsKind,
  traces: tracesKind,
  annotation_queue: annotationQueueKind,
};

/** The descriptor of a kind id. */
export const kindOf = <K extends StepKind>(id: K): KindDescriptor<K> => KINDS[id];

/** Every kind, in apply order (the registry's order). */
export const KIND_LIST: readonly KindRegistry[StepKind][] = Object.values(KINDS);

const RANKS = new Map<StepKind, number>(KIND_LIST.map((k, i) => [k.id, i]));
/** A kind's position in apply order: the tie-break between independent steps. */
export const kindRank = (id: StepKind): number => RANKS.get(id) ?? -1;

/** Whether a string (an inventory row's kind, say) is a kind id. */
export const isKindId = (id: string): id is StepKind => Object.hasOwn(KINDS, id);
