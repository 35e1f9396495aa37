/**
 * The global template kind's manifest resource and canonical state, and its entry of the kind map (declaration
 * merging: src/core/kind-map.ts).
 */
import type { ChatMessage } from '../../core/desired-types.js';
import type { TemplateState } from '../../core/plan-types.js';
import type { ManifestEntry } from '../manifest-entry.js';

/** `global_templates.<key>` as written. */
export interface GlobalTemplateSpec {
  name?: string;
  template?: string;
  messages?: ChatMessage[];
  settings?: Record<string, unknown>;
  protect?: boolean;
  adopt?: boolean;
}

/** A declared org-wide prompt template (`POST /templates`), shared by every project. */
export type DesiredGlobalTemplate = ManifestEntry['base'] & {
  kind: 'global_template';
  address: string;
  template: string | ChatMessage[];
  settings?: Record<string, unknown>;
};

/** One version of a live template, canonical: what the plan compares a declared template with. */
export interface TemplateVersionState {
  version: number;
  template: string;
  settings: Record<string, unknown>;
}

declare module '../../core/kind-map.js' {
  interface KindMap {
    global_template: { resource: DesiredGlobalTemplate; state: TemplateState; refs: { versions: TemplateVersionState[] } };
  }
}
