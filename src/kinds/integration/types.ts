/**
 * The integration kind's manifest resource and canonical state, and its entry of the kind map (declaration merging:
 * src/core/kind-map.ts).
 */
import type { ManifestEntry } from '../manifest-entry.js';

/** The providers whose integration the manifest may declare (`PUT /integrations/{provider}`), its section's keys. */
export const INTEGRATION_PROVIDERS = ['openai', 'anthropic', 'azure', 'mistral'] as const;
export type IntegrationProvider = (typeof INTEGRATION_PROVIDERS)[number];

/** `integrations.<provider>` as written: the token (a `${VAR}` reference, checked at validate) and the provider's settings. */
export type IntegrationSpec = { token: string; protect?: boolean; adopt?: boolean } & Record<string, unknown>;

/** A declared integration: the org's one integration of its provider (its name is the provider). */
export type DesiredIntegration = ManifestEntry['base'] & {
  kind: 'integration';
  address: string;
  provider: IntegrationProvider;
  /** the secret, write-only in Galileo: sent by apply, never shown (the state carries its salted fingerprint) */
  token: string;
  /** the provider's other settings the manifest sets (endpoint, api_version…), as Galileo names them */
  config: Record<string, unknown>;
};

export interface IntegrationState {
  name: string;
  /** the token's salted fingerprint: desired, from the manifest; live, what galctl recorded when it last applied it (null: unknown) */
  token: string | null;
  /** compared only on the settings the manifest sets */
  config: Record<string, unknown>;
}

declare module '../../core/kind-map.js' {
  interface KindMap {
    integration: { resource: DesiredIntegration; state: IntegrationState; refs: Record<never, never> };
  }
}
