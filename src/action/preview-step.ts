import { UsageError } from '../core/errors.js';
import type { PullRequestEvent } from './github-files.js';
import type { ActionInputs } from './inputs.js';

/** What `command: preview` does for this event: run or destroy the preview, or skip it with a notice. */
export type PreviewStep =
  | { kind: 'run' | 'destroy'; id: string; argv: string[] }
  | { kind: 'skip'; level: 'notice' | 'warning'; message: string };

/** The notice a pull request without secrets ends with: a skipped preview, exit 0, never an obscure failure. */
export const NO_SECRETS_NOTICE = 'previews need secrets; fork PRs are planned by maintainers';

/**
 * Decides the preview step from the inputs, the pull request event and the environment. Pure.
 * - a pull request from a fork, or no GALILEO_API_KEY (forks and Dependabot get no secrets): skip, with a notice;
 * - a `closed` pull request (merged or not): `galctl preview --destroy --id ID`;
 * - else `galctl preview --id ID --format markdown --wait`, capped by max-judge-calls, then the extra args.
 * The id is the input preview-id, else `pr-<number>`; outside a pull request without preview-id: a UsageError.
 */
export function previewStep(inputs: ActionInputs, pr: PullRequestEvent | undefined, env: Record<string, string | undefined>): PreviewStep {
  if (pr?.fromFork === true) {
    return { kind: 'skip', level: 'notice', message: `${NO_SECRETS_NOTICE} (pull request #${pr.number} comes from a fork, which GitHub gives no secrets): no preview` };
  }
  if ((env['GALILEO_API_KEY'] ?? '').trim() === '') {
    return {
      kind: 'skip',
      level: 'warning',
      message: `${NO_SECRETS_NOTICE}: GALILEO_API_KEY is not set, so no preview (if this is not a fork or Dependabot pull request, pass the secret in the step's env)`,
    };
  }
  const id = inputs.previewId !== '' ? inputs.previewId : pr === undefined ? undefined : `pr-${pr.number}`;
  if (id === undefined) throw new UsageError('command preview outside a pull request needs the input preview-id', 'set preview-id, e.g. preview-id: nightly');
  const file = ['-f', inputs.manifest];
  if (pr?.action === 'closed') return { kind: 'destroy', id, argv: ['preview', '--destroy', '--id', id, ...file] };
  const cap = inputs.maxJudgeCalls === undefined ? [] : ['--max-judge-calls', String(inputs.maxJudgeCalls)];
  return { kind: 'run', id, argv: ['preview', ...file, '--id', id, '--format', 'markdown', '--wait', ...cap, ...inputs.args] };
}
