import { createHmac, timingSafeEqual } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import { SimHttpError } from './http-error.js';
import { SIM_USER } from './store.js';

/** Token lifetime: the [JS] SDK re-logs in when `exp` is within 5 minutes, so give it an hour. */
const TOKEN_TTL_S = 3600;

/** API-key and Bearer-JWT checks. The key is the simulator's own fake key; it is never logged. */
export class Auth {
  private readonly secret: string;

  /** `bearerOnly`: the key header is refused on API routes; only a token from `/login/api_key` is accepted */
  constructor(private readonly apiKey: string, seed: number, private readonly bearerOnly = false) {
    this.secret = `galctl-sim-jwt-${seed}-${apiKey.length}`;
  }

  keyMatches(candidate: unknown): boolean {
    if (typeof candidate !== 'string') return false;
    const a = Buffer.from(candidate);
    const b = Buffer.from(this.apiKey);
    return a.length === b.length && timingSafeEqual(a, b);
  }

  /** Throws 401 unless the request carries the key (Galileo-API-Key / Splunk-AO-API-Key) or a valid Bearer token. */
  check(headers: IncomingHttpHeaders): void {
    const key = headers['galileo-api-key'] ?? headers['splunk-ao-api-key'];
    if (key !== undefined) {
      if (this.keyMatches(key) && !this.bearerOnly) return;
      throw new SimHttpError(401, { detail: 'Invalid API key' });
    }
    const authz = headers['authorization'];
    if (typeof authz === 'string' && authz.toLowerCase().startsWith('bearer ')) {
      if (this.verify(authz.slice(7).trim())) return;
      throw new SimHttpError(401, { detail: 'Could not validate credentials' }, { 'www-authenticate': 'Bearer' });
    }
    throw new SimHttpError(401, { detail: 'Not authenticated' }, { 'www-authenticate': 'Bearer' });
  }

  /** A signed HS256 JWT with `sub`, `iat`, `exp` (what `POST /login/api_key` returns). */
  issue(nowMs: number): string {
    const iat = Math.floor(nowMs / 1000);
    const header = b64url(JSON.stringify({ alg: 'HS256', typ: 'JWT' }));
    const payload = b64url(JSON.stringify({ sub: SIM_USER.email, user_id: SIM_USER.id, iat, exp: iat + TOKEN_TTL_S }));
    return `${header}.${payload}.${this.sign(`${header}.${payload}`)}`;
  }

  verify(token: string): boolean {
    const parts = token.split('.');
    if (parts.length !== 3) return false;
    const [h, p, s] = parts as [string, string, string];
    const expected = this.sign(`${h}.${p}`);
    if (s.length !== expected.length || !timingSafeEqual(Buffer.from(s), Buffer.from(expected))) return false;
    try {
      const payload = JSON.parse(Buffer.from(p, 'base64url').toString('utf8')) as { exp?: number };
      return typeof payload.exp === 'number' && payload.exp * 1000 > Date.now();
    } catch {
      return false;
    }
  }

  private sign(data: string): string {
    return createHmac('sha256', this.secret).update(data).digest('base64url');
  }
}

function b64url(s: string): string {
  return Buffer.from(s, 'utf8').toString('base64url');
}
