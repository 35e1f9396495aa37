import { describe, expect, it } from 'vitest';
import { GalctlError } from '../../src/errors.js';
import { resolveApiConfig, resolveApiUrl } from '../../src/galileo/resolve-api-config.js';

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
  ])('%j flag %s → %s', (env, flag, url) => {
    expect(resolveApiUrl(env, flag)).toBe(url);
  });
});

describe('resolveApiConfig', () => {
  it('returns url and key', () => {
    expect(resolveApiConfig({ GALILEO_API_KEY: 'k1', GALILEO_API_URL: 'http://localhost:5000' })).toEqual({
      apiUrl: 'http://localhost:5000',
      apiKey: 'k1',
    });
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
