import { SIM_USER } from './store.js';

const AT = '2025-01-01T00:00:00.000000Z';

/** `UserInfo` [SPEC]. */
export function userInfo(): Record<string, unknown> {
  return { id: SIM_USER.id, email: SIM_USER.email, first_name: SIM_USER.first_name, last_name: SIM_USER.last_name };
}

/** `UserDB` [SPEC] (inside RunDB.creator). */
export function userDb(): Record<string, unknown> {
  return {
    ...userInfo(), permissions: [], auth_method: 'email', role: 'admin', email_is_verified: true,
    organization_id: SIM_USER.organization_id, organization_name: SIM_USER.organization_name, created_at: AT, updated_at: AT,
  };
}
