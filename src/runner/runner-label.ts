import type { RunnerSettings } from '../core/run-inputs.js';

/** How the plan names a runner's application: `runner python3 app/answer.py`, or `runner <url>`. */
export function runnerLabel(settings: Pick<RunnerSettings, 'command' | 'url'>): string {
  return `runner ${settings.command !== undefined ? settings.command.join(' ') : (settings.url ?? '')}`;
}
