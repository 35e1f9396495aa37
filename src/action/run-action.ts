import type { GalctlError } from '../core/errors.js';
import { main } from '../cli/main.js';
import type { Io } from '../cli/io.js';
import { escapeWorkflowData } from '../render/render-problems-github.js';
import { renderActionSummary, type ActionRun } from '../render/render-action-summary.js';
import { appendSummary, readPullRequest, writeOutputs, type PullRequestEvent } from './github-files.js';
import { readInputs, type ActionInputs } from './inputs.js';
import { previewStep, type PreviewStep } from './preview-step.js';
import { PLAN_MARKER, PREVIEW_MARKER, upsertStickyComment } from './sticky-comment.js';

/** The process around the action: where the log goes, the environment the runner set, the workspace. */
export interface ActionIo {
  stdout(text: string): void;
  stderr(text: string): void;
  env: Record<string, string | undefined>;
  cwd: string;
  signal: AbortSignal;
}

/** Runs one galctl command in-process; stdout and stderr are captured, and echoed to the log when `echo`. */
async function galctl(argv: string[], aio: ActionIo, echo: boolean): Promise<ActionRun> {
  let stdout = '';
  let stderr = '';
  const io: Io = {
    stdout: (t) => {
      stdout += t;
      if (echo) aio.stdout(t);
    },
    stderr: (t) => {
      stderr += t;
      if (echo) aio.stderr(t);
    },
    isTTY: false,
    stdinIsTTY: false,
    confirm: async () => false,
    env: aio.env,
    cwd: aio.cwd,
    signal: aio.signal,
  };
  const code = await main(argv, io);
  return { command: argv[0] ?? '', code, stdout, stderr };
}

function commandArgv(inputs: ActionInputs, preview: PreviewStep | undefined): string[] {
  const file = ['-f', inputs.manifest];
  if (preview !== undefined && preview.kind !== 'skip') return preview.argv;
  switch (inputs.command) {
    case 'plan':
      return ['plan', ...file, '--format', 'markdown', '--detailed-exitcode', ...inputs.args];
    case 'apply':
      return ['apply', ...file, '--auto-approve', ...inputs.args];
    case 'check':
      return ['check', ...file, '--format', 'markdown', ...inputs.args];
    default:
      return ['validate', ...file, '--format', 'github', ...inputs.args];
  }
}

/**
 * The GitHub Action (action.yml): validates the manifest first, with every problem an `::error` annotation on its
 * line, then runs the command; writes the job summary, the outputs `exitcode` and `has-changes`, and for plan and
 * preview on a pull request the one sticky comment. Returns the step's exit code: plan's 2 (changes) is a success.
 * preview: a closed pull request destroys its preview instead; a pull request without secrets (a fork) ends with
 * a notice and 0 before anything runs (previewStep).
 */
export async function runAction(aio: ActionIo): Promise<number> {
  let inputs: ActionInputs;
  let pr: PullRequestEvent | undefined;
  let preview: PreviewStep | undefined;
  try {
    inputs = readInputs(aio.env);
    pr = await readPullRequest(aio.env);
    if (inputs.command === 'preview') preview = previewStep(inputs, pr, aio.env);
  } catch (err) {
    const e = err as GalctlError;
    aio.stdout(`::error title=galctl action::${escapeWorkflowData(`${e.message}${e.hint === undefined ? '' : ` (${e.hint})`}`)}\n`);
    await writeOutputs(aio.env, { exitcode: '1', 'has-changes': 'false' });
    return 1;
  }
  if (preview?.kind === 'skip') {
    aio.stdout(`::${preview.level} title=galctl preview::${escapeWorkflowData(preview.message)}\n`);
    await writeOutputs(aio.env, { exitcode: '0', 'has-changes': 'false', 'preview-id': '' });
    if (inputs.summary) await appendSummary(aio.env, `### galctl preview skipped\n\n${preview.message}\n`);
    return 0;
  }
  if (preview?.kind === 'destroy') aio.stdout(`galctl: pull request #${pr?.number} closed: galctl preview --destroy --id ${preview.id}\n`);

  // validation first, for every command: problems become annotations on the pull request's lines
  const validateArgv = inputs.command === 'validate' ? commandArgv(inputs, preview) : ['validate', '-f', inputs.manifest, '--format', 'github'];
  const validation = await galctl(validateArgv, aio, true);
  if (validation.code === 0 && inputs.command === 'check' && inputs.junit !== '') {
    // the JUnit report for the CI's test view; the markdown run below gives the summary and the exit code
    await galctl(['check', '-f', inputs.manifest, ...inputs.args, '--format', 'junit', '--out', inputs.junit], aio, false);
  }
  const run = validation.code !== 0 || inputs.command === 'validate' ? validation : await galctl(commandArgv(inputs, preview), aio, true);
  const hasChanges = run.command === 'plan' && run.code === 2;
  await writeOutputs(aio.env, { exitcode: String(run.code), 'has-changes': String(hasChanges), ...(preview === undefined ? {} : { 'preview-id': preview.id }) });

  // a failed validation reads better as text than as workflow commands: the same check again, offline, for the summary
  const shown = validation.code === 0 ? run : { ...(await galctl([...validateArgv, '--format', 'text'], aio, false)), command: inputs.command };
  const markdown = renderActionSummary(preview?.kind === 'destroy' ? { ...shown, command: 'preview --destroy' } : shown);
  if (inputs.summary) await appendSummary(aio.env, markdown);
  if (inputs.comment && inputs.command === 'plan') await comment(aio, pr, markdown, 'plan');
  if (inputs.comment && preview?.kind === 'run') await comment(aio, pr, markdown, 'preview');
  return run.command === 'plan' && run.code === 2 ? 0 : run.code;
}

/**
 * Posts or updates the pull request's one sticky comment (the plan's, or the preview's, which holds the plan and
 * replaces it); outside a pull request, or without a token, says why and skips.
 */
async function comment(aio: ActionIo, pr: PullRequestEvent | undefined, markdown: string, what: 'plan' | 'preview'): Promise<void> {
  const token = aio.env['GITHUB_TOKEN'] ?? '';
  const repository = aio.env['GITHUB_REPOSITORY'] ?? '';
  if (pr === undefined) return void aio.stdout(`galctl: not a pull request event; no ${what} comment\n`);
  if (token === '' || repository === '') return void aio.stdout(`::warning title=galctl action::no GITHUB_TOKEN: the ${what} comment was skipped\n`);
  const target = { apiUrl: aio.env['GITHUB_API_URL'] ?? 'https://api.github.com', token, repository, number: pr.number, signal: aio.signal };
  const how = await upsertStickyComment(target, markdown, what === 'plan' ? PLAN_MARKER : PREVIEW_MARKER);
  aio.stdout(`galctl: ${how} the ${what} comment on pull request #${pr.number}\n`);
}
