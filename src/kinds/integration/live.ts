import type { OrgLiveRead } from '../live-read.js';
import { getIntegration, listIntegrations } from './api.js';
import type { IntegrationState } from './types.js';

/** What `GET /integrations/{name}` answers besides the settings. */
const NOT_SETTINGS = new Set(['id', 'name', 'provider', 'extra', 'permissions', 'created_at', 'updated_at', 'created_by', 'is_selected', 'is_disabled']);

/**
 * The org's integrations: one list, then per declared one its settings. Its token is write-only: the live state
 * carries the fingerprint galctl recorded when it last applied it (null when galctl never did).
 */
export const integrationLive: OrgLiveRead<IntegrationState> = {
  list: (client) => listIntegrations(client),
  normalize: async (found, { client, recorded }) => {
    const detail = await getIntegration(client, found.name);
    const config = Object.fromEntries(Object.entries(detail).filter(([k]) => !NOT_SETTINGS.has(k)));
    return { state: { name: found.name, token: recorded ?? null, config }, refs: {} };
  },
};
