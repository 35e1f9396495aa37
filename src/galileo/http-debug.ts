/**
 * The client's `debug` callback when `GALCTL_DEBUG` asks for HTTP lines (`http`, `all`, or `1`), else undefined.
 * Lines carry method, path, status, time and retry number: never headers, never the key.
 */
export function httpDebugFromEnv(env: Record<string, string | undefined>, write: (text: string) => void): ((line: string) => void) | undefined {
  const modes = (env['GALCTL_DEBUG'] ?? '').split(',').map((m) => m.trim());
  if (!modes.some((m) => m === 'http' || m === 'all' || m === '1')) return undefined;
  return (line) => write(`debug: ${line}\n`);
}
