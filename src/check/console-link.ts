/**
 * Links into the Galileo console (PURE). The base is GALILEO_CONSOLE_URL when set, else derived from the API URL
 * the way the official SDK goes the other way (`api.galileo.ai` → `app.galileo.ai`, first `api` → `console`); a
 * loopback API (the simulator) is its own console. An experiment's page is `/project/{pid}/experiments/{eid}`
 * ([JS] src/entities/experiments.ts getLinkToExperimentResults).
 */
export function consoleBaseUrl(env: Readonly<Record<string, string | undefined>>, apiUrl: string): string {
  const fromEnv = env['GALILEO_CONSOLE_URL']?.trim();
  const base = fromEnv !== undefined && fromEnv !== '' ? fromEnv : deriveFromApi(apiUrl);
  return base.replace(/\/+$/, '');
}

function deriveFromApi(apiUrl: string): string {
  try {
    const host = new URL(apiUrl).hostname;
    if (host === 'localhost' || host === '127.0.0.1' || host === '[::1]') return apiUrl;
  } catch {
    return 'https://app.galileo.ai';
  }
  if (apiUrl.includes('api.galileo.ai')) return apiUrl.replace('api.galileo.ai', 'app.galileo.ai');
  return apiUrl.replace('api', 'console');
}

/** The console page of an experiment (a run). */
export function experimentLink(base: string, projectId: string, experimentId: string): string {
  return `${base}/project/${encodeURIComponent(projectId)}/experiments/${encodeURIComponent(experimentId)}`;
}
