import type { GalileoClient } from '../../galileo/create-client.js';
import type { OrgExport } from '../live-read.js';
import { getIntegration, listIntegrations } from './api.js';
import { integrationSchema } from './schema.js';
import { INTEGRATION_PROVIDERS, type IntegrationProvider } from './types.js';

/** The settings the manifest may write for a provider (its schema definition's properties, but the token and the flags). */
function settingsOf(provider: IntegrationProvider): string[] {
  const def = integrationSchema.defs[`integration${provider.charAt(0).toUpperCase()}${provider.slice(1)}`];
  return Object.keys((def?.['properties'] ?? {}) as Record<string, unknown>).filter((k) => !['token', 'protect', 'adopt'].includes(k));
}

const isEmpty = (v: unknown): boolean => v === null || v === undefined || (typeof v === 'object' && Object.keys(v).length === 0);

/**
 * The org's integrations of the providers galctl declares, as manifest entries: the token as a `${<PROVIDER>_API_KEY}`
 * reference (Galileo never reads it back), the settings as they are live, `adopt: true`.
 */
export async function exportIntegrations(client: GalileoClient): Promise<OrgExport> {
  const listed = (await listIntegrations(client)).filter((i): i is typeof i & { name: IntegrationProvider } =>
    (INTEGRATION_PROVIDERS as readonly string[]).includes(i.name),
  );
  const details = await Promise.all(listed.map((i) => getIntegration(client, i.name)));
  const entries: OrgExport['entries'] = {};
  for (const [n, i] of listed.entries()) {
    const detail = details[n]!;
    const settings = Object.fromEntries(settingsOf(i.name).flatMap((k) => (isEmpty(detail[k]) ? [] : [[k, detail[k]]])));
    entries[i.name] = { token: `\${${i.name.toUpperCase()}_API_KEY}`, ...settings, adopt: true };
  }
  const warnings = listed.map(
    (i) =>
      `integration "${i.name}": its token is write-only in Galileo, so the export references \${${i.name.toUpperCase()}_API_KEY}; plan shows a token update unless this stack applied that same token`,
  );
  return { entries, warnings };
}
