import { GalctlError } from '../errors.js';
import { checkApiKey } from './check-api-key.js';

export interface ApiConfig {
  /** base URL without a trailing slash (root tree, no `/v2`) */
  apiUrl: string;
  apiKey: string;
}

export const DEFAULT_API_URL = 'https://api.galileo.ai';

/**
 * The API URL and key, resolved as the official SDKs do (galileo-api.md §1.2):
 * `--api-url`, else `GALILEO_API_URL` verbatim, else derived from `GALILEO_CONSOLE_URL`
 * (localhost → http://localhost:8088; `app.galileo.ai`→`api.galileo.ai`, first `console`→`api`), else
 * https://api.galileo.ai. The key comes from `GALILEO_API_KEY` only (never a flag: flags end up in shell history
 * and CI logs). Plain http:// to a host that is not loopback is refused unless `insecure`, so a key never crosses
 * the network in clear text by accident.
 */
export function resolveApiConfig(
  env: Record<string, string | undefined>,
  flags: { apiUrl?: string; insecure?: boolean } = {},
): ApiConfig {
  const apiUrl = resolveApiUrl(env, flags.apiUrl);
  checkUrl(apiUrl, flags.insecure ?? false);
  const apiKey = (env['GALILEO_API_KEY'] ?? '').trim();
  if (apiKey === '') {
    throw new GalctlError('api-key-missing', 'GALILEO_API_KEY is not set', {
      hint: 'export GALILEO_API_KEY=<your key> (Galileo console → Settings → API Keys), or run `galctl demo` to try galctl without an account',
    });
  }
  checkApiKey(apiKey);
  return { apiUrl, apiKey };
}

export function resolveApiUrl(env: Record<string, string | undefined>, flag?: string): string {
  const explicit = nonEmpty(flag) ?? nonEmpty(env['GALILEO_API_URL']);
  if (explicit !== undefined) return stripSlash(explicit);
  const consoleUrl = nonEmpty(env['GALILEO_CONSOLE_URL']);
  if (consoleUrl !== undefined) return consoleToApiUrl(consoleUrl);
  return DEFAULT_API_URL;
}

/** `https://console.acme.galileocloud.io/` → `https://api.acme.galileocloud.io` (the SDKs' string rules). */
export function consoleToApiUrl(consoleUrl: string): string {
  if (consoleUrl.includes('localhost') || consoleUrl.includes('127.0.0.1')) return 'http://localhost:8088';
  const replaced = consoleUrl.replace('app.galileo.ai', 'api.galileo.ai').replace('console', 'api');
  return stripSlash(replaced);
}

function checkUrl(apiUrl: string, insecure: boolean): void {
  let url: URL;
  try {
    url = new URL(apiUrl);
  } catch {
    throw new GalctlError('api-url-invalid', `the API URL "${apiUrl}" is not a URL`, {
      hint: 'set GALILEO_API_URL or --api-url to e.g. https://api.galileo.ai',
    });
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new GalctlError('api-url-invalid', `the API URL "${apiUrl}" must start with https:// or http://`, {
      hint: 'set GALILEO_API_URL or --api-url to e.g. https://api.galileo.ai',
    });
  }
  if (url.protocol === 'http:' && !isLoopback(url.hostname) && !insecure) {
    throw new GalctlError('api-url-insecure', `refusing to send the API key over plain http to ${url.host}`, {
      hint: 'use an https:// URL, or pass --insecure if this network is trusted',
    });
  }
}

export function isLoopback(hostname: string): boolean {
  const h = hostname.replace(/^\[|\]$/g, '');
  return h === 'localhost' || h === '::1' || /^127\.\d+\.\d+\.\d+$/.test(h);
}

function nonEmpty(v: string | undefined): string | undefined {
  const t = v?.trim();
  return t === undefined || t === '' ? undefined : t;
}

function stripSlash(url: string): string {
  return url.endsWith('/') ? url.slice(0, -1) : url;
}
