import { isSecretName } from '../manifest/interpolate.js';

/** The variable galctl reads its Galileo API key from (never passed on unless the manifest asks). */
export const GALILEO_KEY_VARIABLE = 'GALILEO_API_KEY';

/**
 * Galileo credentials galctl removes from the application's environment: GALILEO_API_KEY and every other
 * `GALILEO_*` variable whose name says it is a secret (KEY, TOKEN, SECRET or PASSWORD in it: the official SDKs'
 * GALILEO_PASSWORD, GALILEO_SSO_ID_TOKEN…). GALILEO_API_URL, GALILEO_CONSOLE_URL, GALILEO_PROJECT… stay.
 */
export function isGalileoCredential(name: string): boolean {
  const upper = name.toUpperCase();
  return upper === GALILEO_KEY_VARIABLE || (upper.startsWith('GALILEO_') && isSecretName(upper));
}

export interface RunnerEnvOptions {
  /** keep the Galileo credentials (the manifest's `galileo_key: true`) */
  galileoKey?: boolean;
  /** the manifest's `env:`, set over the inherited variables */
  env?: Readonly<Record<string, string>>;
}

/**
 * The environment the application runs with: the user's own (`processEnv`, so PATH, HOME, virtualenvs and the
 * application's own keys work as in the user's shell), minus galctl's Galileo credentials unless `galileoKey`, plus
 * the manifest's `env:` (which wins; checkRunner refuses a credential there without galileo_key, and it is dropped
 * here too). Undefined values are left out.
 */
export function runnerEnv(processEnv: Readonly<Record<string, string | undefined>>, options: RunnerEnvOptions = {}): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of [...Object.entries(processEnv), ...Object.entries(options.env ?? {})]) {
    if (value === undefined) continue;
    if (options.galileoKey !== true && isGalileoCredential(name)) continue;
    out[name] = value;
  }
  return out;
}
