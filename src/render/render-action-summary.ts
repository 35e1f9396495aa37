import { codeBlock } from './escape-markdown.js';
import { escapeControlLines } from './escape-control.js';
import { MARKDOWN_LIMIT } from './render-plan-markdown.js';

/** What one galctl command run by the GitHub Action printed. */
export interface ActionRun {
  command: string;
  code: number;
  /** stdout: markdown for plan, check and preview, text for validate, apply and `preview --destroy` */
  stdout: string;
  stderr: string;
}

const tail = (text: string, max: number): string => (text.length <= max ? text : `…\n${text.slice(text.length - max)}`);

/**
 * The markdown the action writes to the job summary and (for plan and preview) the sticky comment: the command's
 * own markdown when it has one and did not fail, else a heading that says how it ended and its output in a code
 * block. Pure.
 */
export function renderActionSummary(run: ActionRun): string {
  const markdownOutput = run.command === 'plan' || run.command === 'check' || run.command === 'preview';
  const failed = run.code === 1 || run.code > 3;
  if (markdownOutput && !failed && run.stdout !== '') return run.stdout.endsWith('\n') ? run.stdout : `${run.stdout}\n`;
  const verdict = failed ? 'failed' : run.code === 3 ? 'failed a threshold' : 'succeeded';
  const output = escapeControlLines(tail(`${run.stdout}${run.stderr}`.trimEnd(), MARKDOWN_LIMIT - 200));
  return `### galctl ${run.command} ${verdict} (exit ${run.code})\n\n${output === '' ? '_no output_' : codeBlock(output, 'text')}\n`;
}
