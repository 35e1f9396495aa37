import { describe, expect, it } from 'vitest';
import { GalctlError } from '../../src/core/errors.js';
import { createGalileoClient } from '../../src/galileo/create-client.js';
import { describeApiUrlOrigin, resolveApiConfig, resolveApiUrl } from '../../src/galileo/resolve-api-config.js';
import { runCli } from '../helpers/run-cli.js';
import { fixtureDir } from '../manifest/fixture-dir.js';

describe('resolveApiUrl', () => {
  it.each([
    [{}, undefined, 'https://api.galileo.ai'],
    [{ GALILEO_API_URL: 'https://api.acme.io/' }, undefined, 'https://api.acme.io'],
    [{ GALILEO_API_URL: 'https://a.io', GALILEO_CONSOLE_URL: 'https://console.b.io' }, undefined, 'https://a.io'],
    [{ GALILEO_CONSOLE_URL: 'https://console.acme.galileocloud.io/' }, undefined, 'https://api.acme.galileocloud.io'],
    [{ GALILEO_CONSOLE_URL: 'https://app.galileo.ai' }, undefined, 'https://api.galileo.ai'],
    [{ GALILEO_CONSOLE_URL: 'http://localhost:3000' }, undefined, 'http://localhost:8088'],
    [{ GALILEO_API_URL: 'https://a.io' }, 'http://127.0.0.1:4000', 'http://127.0.0.1:4000'],
    [{ GALILEO_API_URL: '  ' }, undefined, 'https://api.galileo.ai'],
    // local dev is a console whose host is localhost or 127.0.0.1 (the Python SDK's host test), not any URL
    // containing "localhost" (the JS SDK's substring test)
    [{ GALILEO_CONSOLE_URL: 'http://127.0.0.1:3000/' }, undefined, 'http://localhost:8088'],
    [{ GALILEO_CONSOLE_URL: 'localhost:3000' }, undefined, 'http://localhost:8088'],
    [{ GALILEO_CONSOLE_URL: 'https://console.localhost-labs.example' }, undefined, 'https://api.localhost-labs.example'],
    [{ GALILEO_CONSOLE_URL: 'https://console.acme.io/localhost/' }, undefined, 'https://api.acme.io/localhost'],
    [{ GALILEO_CONSOLE_URL: 'https://console.127.0.0.1.example' }, undefined, 'https://api.127.0.0.1.example'],
    // the first "console" becomes "api", as both SDKs do for a URL with one
    [{ GALILEO_CONSOLE_URL: 'https://galileo-console.acme.io' }, undefined, 'https://galileo-api.acme.io'],
  ])('%j flag %s → %s', (env, flag, url) => {
    expect(resolveApiUrl(env, flag)).toBe(url);
  });
});

describe('resolveApiConfig', () => {
  it('returns url and key', () => {
    expect(resolveApiConfig({ GALILEO_API_KEY: 'k1', GALILEO_API_URL: 'http://localhost:5000' })).toEqual({
      apiUrl: 'http://localhost:5000',
      apiKey: 'k1',
      apiUrlOrigin: 'GALILEO_API_URL',
    });
  });

  it.each([
    [{ GALILEO_API_URL: 'https://a.io' }, 'https://b.io', '--api-url'],
    [{ GALILEO_API_URL: 'https://a.io', GALILEO_CONSOLE_URL: 'https://console.b.io' }, undefined, 'GALILEO_API_URL'],
    [{ GALILEO_CONSOLE_URL: 'https://console.b.io' }, undefined, 'GALILEO_CONSOLE_URL'],
    [{}, undefined, 'default'],
  ])('names where the URL came from: %j flag %s → %s', (env, flag, origin) => {
    expect(resolveApiConfig({ GALILEO_API_KEY: 'k', ...env }, flag === undefined ? {} : { apiUrl: flag }).apiUrlOrigin).toBe(origin);
  });

  it('a missing key is one clear error with a hint', () => {
    const err = catchErr(() => resolveApiConfig({}));
    expect(err.message).toBe('GALILEO_API_KEY is not set');
    expect(err.hint).toContain('galctl demo');
  });

  it('refuses plain http to a remote host unless --insecure', () => {
    const env = { GALILEO_API_KEY: 'secret-key', GALILEO_API_URL: 'http://galileo.corp:8088' };
    const err = catchErr(() => resolveApiConfig(env));
    expect(err.message).toContain('plain http');
    expect(err.hint).toContain('--insecure');
    expect(err.message + (err.hint ?? '')).not.toContain('secret-key');
    expect(resolveApiConfig(env, { insecure: true }).apiUrl).toBe('http://galileo.corp:8088');
  });

  it('rejects a URL that is not one', () => {
    expect(catchErr(() => resolveApiConfig({ GALILEO_API_KEY: 'k' }, { apiUrl: 'api.galileo.ai' })).message).toContain(
      'is not a URL',
    );
  });
});

function catchErr(fn: () => unknown): GalctlError {
  try {
    fn();
  } catch (err) {
    if (err instanceof GalctlError) return err;
    throw err;
  }
  throw new Error('expected an error');
}

describe('httpDebugFromEnv', () => {
  it('is on for GALCTL_DEBUG=http and writes one prefixed line', async () => {
    const { httpDebugFromEnv } = await import('../../src/galileo/http-debug.js');
    const out: string[] = [];
    httpDebugFromEnv({ GALCTL_DEBUG: 'http' }, (t) => out.push(t))?.('http GET /x 200 3ms');
    expect(out).toEqual(['debug: http GET /x 200 3ms\n']);
    expect(httpDebugFromEnv({}, () => undefined)).toBeUndefined();
  });
});

describe('an unreachable API URL names where it came from', () => {
  it.each([
    [['--api-url', 'http://127.0.0.1:9'], {}, 'cannot reach http://127.0.0.1:9 (from --api-url): ', 'check --api-url'],
    [[], { GALILEO_API_URL: 'http://127.0.0.1:9' }, 'cannot reach http://127.0.0.1:9 (from GALILEO_API_URL): ', 'check GALILEO_API_URL'],
  ])('plan %j %j', async (argv, env, message, hint) => {
    const dir = fixtureDir({ 'galileo.yaml': 'version: 1\nprojects:\n  p: {}\n' });
    const r = await runCli(['plan', '--no-color', ...argv], { cwd: dir, env: { GALILEO_API_KEY: 'k', ...env } });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(message);
    expect(r.stderr).toContain(`hint: ${hint}`);
  });

  it('a URL derived from GALILEO_CONSOLE_URL says so, and how to set the API URL instead', async () => {
    const config = resolveApiConfig({ GALILEO_API_KEY: 'k', GALILEO_CONSOLE_URL: 'http://[::1]:9/' });
    expect(config).toMatchObject({ apiUrl: 'http://[::1]:9', apiUrlOrigin: 'GALILEO_CONSOLE_URL' });
    // the derived URL is unreachable: one on 127.0.0.1 where nothing listens stands in for it
    const client = createGalileoClient({ apiUrl: 'http://127.0.0.1:9', apiKey: 'k', minRetryDelayMs: 1, apiUrlOrigin: describeApiUrlOrigin(config.apiUrlOrigin) });
    const err = await client.request('GET', '/projects').then(() => undefined, (e: unknown) => e as GalctlError);
    await client.close();
    expect(err?.message).toMatch(/^cannot reach http:\/\/127\.0\.0\.1:9 \(derived from GALILEO_CONSOLE_URL as the official SDKs do\): /);
    expect(err?.hint).toBe('if the API is not there, set GALILEO_API_URL (or --api-url) to it; GALILEO_CONSOLE_URL is used only when neither is set');
  });
});
