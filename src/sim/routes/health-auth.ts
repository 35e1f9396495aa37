import { objectBody } from '../body.js';
import { SimHttpError } from '../http-error.js';
import { readForm } from '../multipart.js';
import type { RouteModule } from '../sim-context.js';
import { userDb } from '../user-view.js';

/** Health and login: `GET /healthcheck`, `POST /login/api_key` → JWT with exp [JS auth-service.ts], `POST /login`. */
export const healthAuthRoutes: RouteModule = (add, sim) => {
  add('healthcheck_healthcheck_get', () => ({ body: { api_version: 'v2', message: 'Healthy (galctl simulator)', version: '0.0.0-sim' } }));

  add('login_api_key_login_api_key_post', (ctx) => {
    const body = objectBody(ctx);
    if (!sim.auth.keyMatches(body['api_key'])) throw new SimHttpError(401, { detail: 'Invalid API key' });
    return { body: { access_token: sim.auth.issue(Date.now()), token_type: 'bearer' } };
  });

  add('login_email_login_post', async (ctx) => {
    const form = await readForm(ctx);
    if (!sim.auth.keyMatches(form.fields.get('password'))) throw new SimHttpError(401, { detail: 'Incorrect username or password' });
    return { body: { access_token: sim.auth.issue(Date.now()), token_type: 'bearer' } };
  });

  add('sim:current_user', () => ({ body: userDb() }));
};
