import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** The package root (from dist/cli or src/cli): package.json, examples/, schemas/ and galileo.yaml.example sit there. */
export const PACKAGE_ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** The version in the package's package.json, read when asked for. */
export function packageVersion(): string {
  const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version?: unknown };
  return String(pkg.version);
}
