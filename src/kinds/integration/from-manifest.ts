import { addressOf } from '../../core/address.js';
import type { ManifestEntry } from '../manifest-entry.js';
import type { DesiredIntegration, IntegrationProvider, IntegrationSpec } from './types.js';

/** `integrations.<provider>` → a desired integration: the token apart from the settings. */
export function integrationFromManifest({ key, spec, base }: ManifestEntry<IntegrationSpec>): DesiredIntegration {
  const { token, protect: _protect, adopt: _adopt, ...config } = spec;
  return { kind: 'integration', address: addressOf('integration', key), ...base, name: key, provider: key as IntegrationProvider, token, config };
}
