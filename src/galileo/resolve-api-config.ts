import { GalctlError } from '../core/errors.js';
import { checkApiKey } from './check-api-key.js';

export interface ApiConfig {
  /** base URL without a trailing slash (root tree, no `/v2`) */
  apiUrl: string;
  apiKey: string;
  /** where apiUrl came from, named when it cannot be reached */
  apiUrlOrigin: ApiUrlOrigin;
}

/** Where the API URL came from: `--api-url`, `GALILEO_API_URL`, derived from `GALILEO_CONSOLE_URL`, or the default. */
export type ApiUrlOrigin = '--api-url' | 'GALILEO_API_URL' | 'GALILEO_CONSOLE_URL' | 'default';

/** The words an "unreachable" error uses for each origin: what to name after the URL, and what to change. */
export function describeApiUrlOrigin(origin: ApiUrlOrigin): { from: string; hint: string } {
  switch (origin) {
    case '--api-url':
      return { from: 'from --api-url', hint: 'check --api-url, and that the network (or `galctl sim`) is up' };
    case 'GALILEO_API_URL':
      return { from: 'from GALILEO_API_URL', hint: 'check GALILEO_API_URL (or pass --api-url), and that the network (or `galctl sim`) is up' };
    case 'GALILEO_CONSOLE_URL':
      return {
        from: 'derived from GALILEO_CONSOLE_URL as the official SDKs do',
        hint: 'if the API is not there, set GALILEO_API_URL (or --api-url) to it; GALILEO_CONSOLE_URL is used only when neither is set',
      };
    case 'default':
      return { from: 'the default: neither --api-url, GALILEO_API_URL nor GALILEO_CONSOLE_URL is set', hint: 'set GALILEO_API_URL (or --api-url) to your Galileo API, and check the network' };
  }
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
  const { url: apiUrl, origin } = resolveApiUrlWithOrigin(env, flags.apiUrl);
  checkUrl(apiUrl, flags.insecure ?? false);
  const apiKey = (env['GALILEO_API_KEY'] ?? '').trim();
  if (apiKey === '') {
    throw new GalctlError('api-key-missing', 'GALILEO_API_KEY is not set', {
      hint: 'export GALILEO_API_KEY=<your key> (Galileo console → Settings → API Keys), or run `galctl demo` to try galctl without an account',
    });
  }
  checkApiKey(apiKey);
  return { apiUrl, apiKey, apiUrlOrigin: origin };
}

export function resolveApiUrl(env: Record<string, string | undefined>, flag?: string): string {
  return resolveApiUrlWithOrigin(env, flag).url;
}

function resolveApiUrlWithOrigin(env: Record<string, string | undefined>, flag?: string): { url: string; origin: ApiUrlOrigin } {
  const fromFlag = nonEmpty(flag);
  if (fromFlag !== undefined) return { url: stripSlash(fromFlag), origin: '--api-url' };
  const fromEnv = nonEmpty(env['GALILEO_API_URL']);
  if (fromEnv !== undefined) return { url: stripSlash(fromEnv), origin: 'GALILEO_API_URL' };
  const consoleUrl = nonEmpty(env['GALILEO_CONSOLE_URL']);
  if (consoleUrl !== undefined) return { url: consoleToApiUrl(consoleUrl), origin: 'GALILEO_CONSOLE_URL' };
  return { url: DEFAULT_API_URL, origin: 'default' };
}

/**
 * `https://console.acme.galileocloud.io/` → `https://api.acme.galileocloud.io`, as the official SDKs derive it
 * (galileo-api.md §1.2): `app.galileo.ai` → `api.galileo.ai`, then the first `console` → `api`, one trailing `/`
 * dropped. Local dev (→ `http://localhost:8088`) is a console URL whose host IS localhost or 127.0.0.1: the Python
 * SDK's rule (galileo_core GalileoConfig.api_url: `console_url.host in ["localhost", "127.0.0.1"]`). The JS SDK
 * tests the whole URL for the substring (`https://console.localhost-labs.com` or a path with "localhost" became
 * localhost:8088); choice: the stricter, host-exact rule. The `console` replacement is both SDKs' (JS: the first
 * occurrence, Python: every one; the same for a URL with one).
 */
export function consoleToApiUrl(consoleUrl: string): string {
  if (isLocalConsole(consoleUrl)) return 'http://localhost:8088';
  const replaced = consoleUrl.replace('app.galileo.ai', 'api.galileo.ai').replace('console', 'api');
  return stripSlash(replaced);
}

function isLocalConsole(consoleUrl: string): boolean {
  try {
    // the Python SDK adds https:// to a console URL without a scheme
    const host = new URL(/^https?:\/\//i.test(consoleUrl) ? consoleUrl : `https://${consoleUrl}`).hostname;
    return host === 'localhost' || host === '127.0.0.1';
  } catch {
    return false;
  }
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
