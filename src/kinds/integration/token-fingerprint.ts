import { createHash } from 'node:crypto';

/**
 * A token's salted fingerprint, what galctl records and compares since Galileo never reads a secret back: 16 hex
 * digits of SHA-256 over a galctl- and provider-specific salt and the token. It says whether the token changed and
 * nothing more (an API key has far too much entropy to be guessed from it).
 */
export function tokenFingerprint(provider: string, token: string): string {
  return `sha256:${createHash('sha256').update(`galctl:integration-token:v1:${provider}\u0000${token}`).digest('hex').slice(0, 16)}`;
}
