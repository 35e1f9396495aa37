import { createHash } from 'node:crypto';
import { objectBody, type Body } from '../body.js';
import { invalid, notFound, validationError, type ValidationItem } from '../http-error.js';
import type { RouteContext } from '../router.js';
import type { RouteModule } from '../sim-context.js';
import { SIM_USER } from '../store.js';
import type { IntegrationRec, Obj } from '../types.js';

/** `IntegrationProvider` [SPEC]: the `{name}` of `GET/DELETE /integrations/{name}`. */
const PROVIDERS = ['anthropic', 'aws_bedrock', 'aws_sagemaker', 'azure', 'custom', 'databricks', 'mistral', 'nvidia', 'openai', 'vegas_gateway', 'vertex_ai', 'writer'] as const;

type FieldKind = 'string' | 'boolean' | 'string_map' | 'object' | 'list' | readonly string[];
interface Field { kind: FieldKind; default?: unknown }

/**
 * The `*IntegrationCreate` bodies the simulator accepts [SPEC]: every one needs `token` (write-only); the other
 * fields are read back by `GET /integrations/{name}` with their defaults. Secrets are never stored: only a
 * fingerprint of the token (`token_sha256`, 12 hex digits) so a test can see a rotation.
 */
const CREATE: Record<string, { required: string[]; fields: Record<string, Field> }> = {
  openai: { required: ['token'], fields: { organization_id: { kind: 'string', default: null } } },
  mistral: { required: ['token'], fields: {} },
  anthropic: {
    required: ['token'],
    fields: {
      multi_modal_config: { kind: 'object', default: null }, authentication_type: { kind: ['api_key', 'custom_oauth2'], default: 'api_key' },
      endpoint: { kind: 'string', default: null }, authentication_scope: { kind: 'string', default: null },
      oauth2_token_url: { kind: 'string', default: null }, custom_header_mapping: { kind: 'string_map', default: null },
    },
  },
  azure: {
    required: ['token', 'endpoint'],
    fields: {
      multi_modal_config: { kind: 'object', default: null }, proxy: { kind: 'boolean', default: false }, endpoint: { kind: 'string' },
      api_version: { kind: 'string', default: '2025-03-01-preview' }, azure_deployment: { kind: 'string', default: null },
      authentication_type: { kind: ['api_key', 'client_secret', 'username_password', 'custom_oauth2'], default: 'api_key' },
      authentication_scope: { kind: 'string', default: null }, default_headers: { kind: 'string_map', default: null },
      deployments: { kind: 'string_map', default: {} }, oauth2_token_url: { kind: 'string', default: null },
      custom_header_mapping: { kind: 'string_map', default: null }, available_deployments: { kind: 'list', default: null },
    },
  },
};

/**
 * LLM provider integrations [SPEC integrations]: `PUT /integrations/{openai|anthropic|azure|mistral}` creates or
 * replaces the org's one integration of that provider → `IntegrationDB`; `GET /integrations` lists them;
 * `GET /integrations/{name}` → the provider's integration (`OpenAIIntegration`, …) without the token;
 * `DELETE /integrations/{name}` → `{message}`.
 */
export const integrationRoutes: RouteModule = (add, sim) => {
  const { store } = sim;
  const put = (provider: string) => (ctx: RouteContext): { body: Obj } => {
    const { config, token } = parseCreate(provider, objectBody(ctx));
    const now = store.nowIso();
    const old = store.integrations.get(provider);
    const rec: IntegrationRec = {
      id: old?.id ?? store.uuid(), name: provider, provider, created_at: old?.created_at ?? now, updated_at: now, created_by: SIM_USER.id,
      is_selected: old?.is_selected ?? false, is_disabled: false, config, token_sha256: createHash('sha256').update(token).digest('hex').slice(0, 12),
    };
    store.integrations.set(provider, rec);
    return { body: integrationDb(rec) };
  };
  add('create_or_update_integration_integrations_openai_put', put('openai'));
  add('create_or_update_integration_integrations_anthropic_put', put('anthropic'));
  add('create_or_update_integration_integrations_azure_put', put('azure'));
  add('create_or_update_integration_integrations_mistral_put', put('mistral'));

  add('list_integrations_integrations_get', () => ({ body: [...store.integrations.values()].map(integrationDb) }));

  const existing = (ctx: RouteContext): IntegrationRec => {
    const name = ctx.params['name'] ?? '';
    if (!PROVIDERS.includes(name as never)) throw invalid(['path', 'name'], `Input should be ${PROVIDERS.map((p) => `'${p}'`).join(', ')}`, 'enum', name);
    const rec = store.integrations.get(name);
    if (rec === undefined) throw notFound('Integration', name);
    return rec;
  };
  add('get_integration_integrations__name__get', (ctx) => {
    const rec = existing(ctx);
    return { body: { ...rec.config, id: rec.id, name: rec.name, provider: rec.provider, extra: null } };
  });
  add('delete_integration_integrations__name__delete', (ctx) => {
    const rec = existing(ctx);
    store.integrations.delete(rec.name);
    return { body: { message: `Integration ${rec.name} deleted` } };
  });
};

/** `IntegrationDB` [SPEC]: no configuration, no secret. */
function integrationDb(r: IntegrationRec): Obj {
  return { id: r.id, permissions: [], name: r.name, provider: r.provider, created_at: r.created_at, updated_at: r.updated_at, created_by: r.created_by, is_selected: r.is_selected, is_disabled: r.is_disabled };
}

/** Validates a `*IntegrationCreate` body, every problem at once; the token apart from the stored configuration. */
function parseCreate(provider: string, body: Body): { config: Obj; token: string } {
  const spec = CREATE[provider] as (typeof CREATE)[string];
  const problems: ValidationItem[] = [];
  for (const f of spec.required) if (body[f] === undefined) problems.push({ loc: ['body', f], msg: 'Field required', type: 'missing' });
  const token = body['token'];
  if (token !== undefined && typeof token !== 'string') problems.push({ loc: ['body', 'token'], msg: 'Input should be a valid string', type: 'string_type' });
  const config: Obj = {};
  for (const [name, field] of Object.entries(spec.fields)) {
    const v = body[name];
    if (v === undefined || (v === null && field.default === null)) {
      if ('default' in field) config[name] = field.default;
      continue;
    }
    const problem = kindProblem(field.kind, v);
    if (problem === null) config[name] = v;
    else problems.push({ loc: ['body', name], msg: problem[0], type: problem[1], input: v });
  }
  if (problems.length > 0) throw validationError(problems);
  return { config, token: token as string };
}

function kindProblem(kind: FieldKind, v: unknown): [string, string] | null {
  const isObj = v !== null && typeof v === 'object' && !Array.isArray(v);
  if (Array.isArray(kind)) return kind.includes(v as string) ? null : [`Input should be ${kind.map((k) => `'${k}'`).join(', ')}`, 'enum'];
  switch (kind) {
    case 'string': return typeof v === 'string' ? null : ['Input should be a valid string', 'string_type'];
    case 'boolean': return typeof v === 'boolean' ? null : ['Input should be a valid boolean', 'bool_type'];
    case 'object': return isObj ? null : ['Input should be a valid dictionary', 'dict_type'];
    case 'list': return Array.isArray(v) ? null : ['Input should be a valid list', 'list_type'];
    default: return isObj && Object.values(v as Obj).every((x) => typeof x === 'string') ? null : ['Input should be a valid dictionary of strings', 'dict_type'];
  }
}
