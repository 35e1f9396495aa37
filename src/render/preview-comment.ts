import type { CheckReport } from '../check/types.js';
import type { Plan } from '../core/plan-types.js';
import { codeSpan, escapeMarkdown } from './escape-markdown.js';
import { renderCheckMarkdown } from './render-check-markdown.js';
import { MARKDOWN_LIMIT, renderPlanMarkdown } from './render-plan-markdown.js';

/** The first line of every preview comment: how a workflow finds its sticky comment to update in place. */
export const PREVIEW_COMMENT_MARKER = '<!-- galctl-preview -->';

/** What a preview comment shows. */
export interface PreviewCommentInput {
  id: string;
  commit: string;
  /** the plan of the manifest against live state: what merging changes */
  plan: Plan;
  /** the experiments whose inputs changed (none: nothing to preview) */
  experiments: readonly string[];
  /** the preview's runs checked against main's; undefined when not scored yet */
  report?: CheckReport;
  /** experiments whose preview run is not scored yet */
  unscored?: readonly string[];
}

/**
 * One pull request comment (PURE): the marker line, then "what will change on merge" (the plan, as `galctl plan
 * --format markdown` renders it), then how the changed experiments scored against main (as `galctl check --format
 * markdown` renders it: deltas, intervals, regressed rows, links). Each half keeps under half of GitHub's limit.
 */
export function renderPreviewComment(input: PreviewCommentInput): string {
  const half = Math.floor(MARKDOWN_LIMIT / 2) - 200;
  const head = [PREVIEW_COMMENT_MARKER, `## galctl preview ${codeSpan(input.id)} at ${codeSpan(input.commit.slice(0, 12))}`, '', '### What will change on merge', ''];
  const results: string[] = ['', '### How the changed experiments scored against main', ''];
  if (input.experiments.length === 0) results.push('No experiment\'s inputs changed: nothing to preview.', '');
  else if (input.report === undefined) {
    const pending = input.unscored ?? [];
    results.push(`⏳ Not scored yet: ${pending.length === 0 ? 'the preview runs' : pending.map((p) => escapeMarkdown(p)).join('; ')}. Run the preview again with \`--wait\`.`, '');
  } else {
    results.push(`Previewed: ${input.experiments.map((e) => codeSpan(e)).join(', ')}`, '', renderCheckMarkdown(input.report, half).replace(/^### galctl check\n/, ''));
  }
  return `${head.join('\n')}\n${renderPlanMarkdown(input.plan, half).replace(/^### galctl plan\n\n/, '').trimEnd()}\n${results.join('\n').trimEnd()}\n`;
}
